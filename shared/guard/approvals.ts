import type { Config } from '../config.ts';

/** Why a destruction is honoured instead of cancelled: which rule approved it. */
export type Approval = { rule: 'APPROVED_SUBJECT_IDS'; subjectId: string } | { rule: 'APPROVAL_LABEL'; label: string };

/**
 * A destruction is approved when the subject who scheduled it is in APPROVED_SUBJECT_IDS, or the key's
 * APPROVAL_LABEL lists the version (IDs separated by "_"). The subject comes only from KMS (the schedule
 * operation) or the audit event, never from what a caller hands in: a caller must not be able to stop a cancel.
 */
export function approvalOf(
  config: Config,
  versionId: string,
  subjectId: string | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): Approval | undefined {
  if (subjectId && config.approvedSubjectIds.has(subjectId)) return { rule: 'APPROVED_SUBJECT_IDS', subjectId };
  const listed = labels?.[config.approvalLabel];
  if (listed?.split('_').includes(versionId)) return { rule: 'APPROVAL_LABEL', label: config.approvalLabel };
  return undefined;
}
