import type { Config } from '../config.ts';
import { carriesLabel } from '../sweep/scope.ts';

/**
 * Whether the guard watches the key an audit event names, decided from the event alone (its folder and
 * cloud in the resource path, the key's labels in the details): undefined when it does, else why not.
 * With no scope configured every key is watched: the trail decides what is seen. Named keys are always
 * watched; keys of the folders, clouds or organization in scope are, when they carry PROTECT_LABEL (if
 * set). With PROTECT_LABEL alone, keys carrying it are watched.
 */
export function outOfScope(
  config: Config,
  event: { keyId: string; folderId?: string; cloudId?: string; labels: Readonly<Record<string, string>> },
): string | undefined {
  const label = config.protectLabel;
  const areas = config.folderIds.length > 0 || config.cloudIds.length > 0 || config.organizationId !== undefined;
  if (config.keyIds.length === 0 && !areas && !label) return undefined;
  if (config.keyIds.includes(event.keyId)) return undefined;
  const labelled = !label || carriesLabel(event.labels, label);
  if (!areas) return label && labelled ? undefined : 'the key is not named in KMS_KEY_IDS and does not carry PROTECT_LABEL';
  const inArea =
    config.organizationId !== undefined ||
    (event.folderId !== undefined && config.folderIds.includes(event.folderId)) ||
    (event.cloudId !== undefined && config.cloudIds.includes(event.cloudId));
  if (!inArea) return 'the key is not in a folder or cloud in scope';
  return labelled ? undefined : 'the key does not carry PROTECT_LABEL';
}
