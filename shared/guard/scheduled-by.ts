/** Who scheduled a destruction, as far as KMS or the audit event says; unknown fields stay absent. */
export interface ScheduledBy {
  subjectId?: string;
  subjectName?: string;
  subjectType?: string;
  remoteAddress?: string;
  userAgent?: string;
  requestId?: string;
  eventTime?: string;
  eventId?: string;
}

/** Who made a change, from an audit event alone: the fields above, those the event has. */
export function actorOf(event: ScheduledBy): ScheduledBy {
  const { subjectId, subjectName, subjectType, remoteAddress, userAgent, requestId, eventTime, eventId } = event;
  return Object.fromEntries(
    Object.entries({ subjectId, subjectName, subjectType, remoteAddress, userAgent, requestId, eventTime, eventId }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}
