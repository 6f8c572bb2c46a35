// Message Queue trigger batches (the documented format): each message body is JSON of a direct-call input. Bodies
// of every kind, envelopes with missing fields and odd attributes, and what the contract says of each.
import fc from 'fast-check';
import { queueEvent } from '../../../local/host/index.ts';
import { cancelInputArb, classifyCancelInput, jsonInput } from './direct-inputs.ts';
import { wrongType } from './ids.ts';
import { type Sample, sample } from './sample.ts';
import type { Seeded } from './seeded.ts';
import { combine, type Verdict } from './verdict.ts';

type Message = Record<string, any>;

/** What can go wrong with one message's envelope; `none` leaves it as the platform sends it. */
const DAMAGES = [
  'none',
  'none',
  'none',
  'none',
  'no-details',
  'no-message',
  'no-body',
  'body-not-text',
  'no-message-id',
  'message-id-not-text',
  'attributes-odd',
  'attributes-old-spelling',
  'attributes-empty',
  'md5-wrong',
  'system-attributes-odd',
] as const;
type Damage = (typeof DAMAGES)[number];

export function queueArb(seed: Seeded): fc.Arbitrary<Sample> {
  const body = fc.oneof(
    { weight: 6, arbitrary: cancelInputArb(seed, jsonInput).map((input) => JSON.stringify(input)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '{', 'not json', '"{}"') },
  );
  const message = fc.record({
    body,
    damage: fc.constantFrom(...DAMAGES),
    odd: fc.oneof(wrongType, fc.string({ maxLength: 8 })),
  });
  return fc
    .record({
      messages: fc.array(message, { minLength: 1, maxLength: 5 }),
      attributes: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 20 }), { maxKeys: 3 }),
      tail: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 1 }),
    })
    .map(({ messages, attributes, tail }) => {
      const event = queueEvent(
        messages.map((m) => m.body),
        { messageAttributes: attributes },
      ) as unknown as { messages: Message[] };
      const verdicts: Array<Verdict | 'served'> = event.messages.map((m, i) => {
        const { damage, odd } = messages[i]!;
        damageMessage(m, damage, odd);
        return damage === 'none' ||
          damage === 'md5-wrong' ||
          damage === 'attributes-old-spelling' ||
          damage === 'attributes-empty' ||
          damage === 'system-attributes-odd'
          ? messageVerdict(m.details.message.body, seed)
          : 'unknown';
      });
      // Entries that are not messages at all, after the real ones.
      event.messages.push(...(tail as Message[]));
      return classifyQueue(event, verdicts, tail.length);
    });
}

function damageMessage(m: Message, damage: Damage, odd: unknown): void {
  const message = m.details.message as Message;
  switch (damage) {
    case 'no-details':
      delete m.details;
      break;
    case 'no-message':
      delete m.details.message;
      break;
    case 'no-body':
      delete message.body;
      break;
    case 'body-not-text':
      message.body = odd;
      break;
    case 'no-message-id':
      delete message.message_id;
      break;
    case 'message-id-not-text':
      message.message_id = odd;
      break;
    case 'attributes-odd':
      message.message_attributes = { trace: odd, other: { data_type: 'StringValue', string_value: odd } };
      break;
    case 'attributes-old-spelling':
      message.message_attributes = Object.fromEntries(
        Object.entries(message.message_attributes ?? {}).map(([k, v]: [string, any]) => [
          k,
          { dataType: v.data_type, stringValue: v.string_value },
        ]),
      );
      break;
    case 'attributes-empty':
      delete message.message_attributes;
      break;
    case 'md5-wrong':
      message.md5_of_body = 'not-an-md5';
      message.md5_of_message_attributes = odd;
      break;
    case 'system-attributes-odd':
      message.attributes = odd;
      break;
    case 'none':
      break;
  }
}

/** A readable message is a direct-call input as JSON; one that is not JSON is bad input too. */
function messageVerdict(body: string, seed: Seeded): Verdict | 'served' {
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    return 'invalid';
  }
  const inner = classifyCancelInput(input, seed);
  return inner.expect.served ? 'served' : inner.verdict;
}

/** The batch is served when every message is; bad messages are refused one by one, not the batch. */
function classifyQueue(event: { messages: Message[] }, verdicts: Array<Verdict | 'served'>, tail: number): Sample {
  const overall = combine(...verdicts.map((v) => (v === 'served' ? 'valid' : v)));
  const outcomes = [...verdicts, ...Array.from({ length: tail }, (): Verdict => 'unknown')];
  // Every message bad: nothing for KMS to do.
  const verdict: Verdict = verdicts.every((v) => v === 'invalid') && tail === 0 ? 'invalid' : overall === 'invalid' ? 'unknown' : overall;
  return sample(event, verdict, { served: { kind: 'queue-outcomes', messages: outcomes } });
}
