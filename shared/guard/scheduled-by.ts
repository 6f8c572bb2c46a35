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
