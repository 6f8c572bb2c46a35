import * as z from 'zod/mini';
import type { Config } from '../config.ts';
import { GuardError } from '../errors/guard-error.ts';
import { badField } from '../errors/input-error.ts';
import { ResourceId } from '../validation/fields.ts';
import { isObject } from '../validation/is-object.ts';
import { parseInput } from '../validation/issues.ts';

export interface Label {
  name: string;
  value: string;
}

/** What a sweep covers: named keys, folders, every folder of clouds, every cloud of an organization. */
export interface SweepScope {
  keyIds: string[];
  folderIds: string[];
  cloudIds: string[];
  organizationId?: string;
  /** Narrows the keys found through folders, clouds or the organization; named keys are always covered. */
  label?: Label;
  dryRun: boolean;
}

const IdArray = (what: string) =>
  z.array(ResourceId, { error: `must be an array of ${what} IDs` }).check(z.maxLength(1000, `must hold at most 1000 ${what} IDs`));

const Override = z.strictObject({
  keyIds: z.optional(IdArray('key')),
  folderId: z.optional(ResourceId),
  folderIds: z.optional(IdArray('folder')),
  cloudIds: z.optional(IdArray('cloud')),
  organizationId: z.optional(ResourceId),
  dryRun: z.optional(z.boolean({ error: 'must be true or false' })),
});

const PAYLOAD_SHAPE = '{"keyIds": [...], "folderIds": [...], "cloudIds": [...], "organizationId": "...", "dryRun": true}';

/**
 * The scope of a timer sweep: the configuration's, or the timer payload's when it names any scope field
 * (then it replaces the whole configured scope). A payload that is not JSON of the documented shape is
 * refused: sweeping something else than the trigger asked for would be a silent surprise.
 */
export function sweepScope(config: Config, payload: string | undefined): SweepScope {
  const override = parsePayload(payload);
  const named = ['keyIds', 'folderId', 'folderIds', 'cloudIds', 'organizationId'].some((field) => field in override);
  const scope: SweepScope = named
    ? {
        keyIds: unique(override.keyIds ?? []),
        folderIds: unique([...(override.folderIds ?? []), ...(override.folderId ? [override.folderId] : [])]),
        cloudIds: unique(override.cloudIds ?? []),
        ...(override.organizationId ? { organizationId: override.organizationId } : {}),
        dryRun: false,
      }
    : {
        keyIds: config.keyIds,
        folderIds: config.folderIds,
        cloudIds: config.cloudIds,
        ...(config.organizationId ? { organizationId: config.organizationId } : {}),
        dryRun: false,
      };
  scope.dryRun = override.dryRun ?? config.dryRun;
  if (config.protectLabel) scope.label = config.protectLabel;
  if (isEmpty(scope)) {
    throw new GuardError(
      'FAILED_PRECONDITION',
      'configuration: nothing to sweep; set KMS_KEY_IDS, KMS_FOLDER_IDS, KMS_CLOUD_IDS or KMS_ORGANIZATION_ID, or name keyIds, folderIds, cloudIds or organizationId in the timer payload',
    );
  }
  return scope;
}

function isEmpty(scope: SweepScope): boolean {
  return scope.keyIds.length === 0 && scope.folderIds.length === 0 && scope.cloudIds.length === 0 && !scope.organizationId;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function parsePayload(payload: string | undefined): z.infer<typeof Override> {
  if (payload === undefined || payload.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw badField('payload', `must be JSON: ${PAYLOAD_SHAPE}`);
  }
  if (!isObject(parsed)) throw badField('payload', `must be a JSON object: ${PAYLOAD_SHAPE}`);
  return parseInput(Override, parsed, 'payload');
}

/** Whether a key's labels carry PROTECT_LABEL's name with its value. */
export function carriesLabel(labels: Readonly<Record<string, string>> | undefined, label: Label): boolean {
  return labels?.[label.name] === label.value;
}

/** The label as the report and logs write it. */
export function labelText(label: Label): string {
  return `${label.name}=${label.value}`;
}
