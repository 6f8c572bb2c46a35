import type { Config } from '../config.ts';

/** Why a destruction, or a key left without deletion protection (and its deletion), is honoured: which rule approved it. */
export type Approval =
  | { rule: 'APPROVED_SUBJECT_IDS'; subjectId: string }
  | { rule: 'APPROVAL_LABEL'; label: string }
  | { rule: 'DELETION_APPROVAL_LABEL'; label: string };

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
  const bySubject = subjectApproval(config, subjectId);
  if (bySubject) return bySubject;
  const listed = labels?.[config.approvalLabel];
  if (listed?.split('_').includes(versionId)) return { rule: 'APPROVAL_LABEL', label: config.approvalLabel };
  return undefined;
}

/**
 * A key may stay without deletion protection, and its deletion is approved, when it carries
 * DELETION_APPROVAL_LABEL (any value) or, for a change an audit event names a subject for, that subject
 * is in APPROVED_SUBJECT_IDS.
 */
export function deletionApprovalOf(
  config: Config,
  subjectId: string | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): Approval | undefined {
  const bySubject = subjectApproval(config, subjectId);
  if (bySubject) return bySubject;
  if (labels && Object.hasOwn(labels, config.deletionApprovalLabel))
    return { rule: 'DELETION_APPROVAL_LABEL', label: config.deletionApprovalLabel };
  return undefined;
}

function subjectApproval(config: Config, subjectId: string | undefined): Approval | undefined {
  return subjectId && config.approvedSubjectIds.has(subjectId) ? { rule: 'APPROVED_SUBJECT_IDS', subjectId } : undefined;
}
