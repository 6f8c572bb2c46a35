import * as z from 'zod/mini';

/** What a timer trigger's event tells a route: its payload (absent in older event versions) and its ID. */
export interface TimerTrigger {
  payload: string | undefined;
  triggerId: string | undefined;
}

// Only the first message counts: a timer fires one message per event.
const TimerEvent = z.looseObject({
  messages: z.tuple([z.looseObject({ details: z.optional(z.looseObject({})) })], z.unknown()),
});

export function adaptTimer(event: unknown): TimerTrigger {
  const parsed = TimerEvent.safeParse(event);
  const details = parsed.success ? parsed.data.messages[0].details : undefined;
  return {
    payload: typeof details?.payload === 'string' ? details.payload : undefined,
    triggerId: typeof details?.trigger_id === 'string' ? details.trigger_id : undefined,
  };
}
