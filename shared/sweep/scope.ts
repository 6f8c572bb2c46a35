import * as z from 'zod/mini';
import type { Config } from '../config.ts';
import { GuardError } from '../errors/guard-error.ts';
import { badField } from '../errors/input-error.ts';
import { ResourceId } from '../validation/fields.ts';
import { parseInput } from '../validation/issues.ts';

export interface SweepScope {
  keyIds: string[];
  folderId?: string;
  label?: { name: string; value: string };
  dryRun: boolean;
}

const Override = z.object({
  keyIds: z.optional(
    z.array(ResourceId, { error: 'must be an array of key IDs' }).check(z.maxLength(1000, 'must hold at most 1000 key IDs')),
  ),
  folderId: z.optional(ResourceId),
  dryRun: z.optional(z.boolean({ error: 'must be true or false' })),
});

/**
 * The keys a timer sweep covers: the configuration's, or the timer payload's when it names any.
 * A payload that is not JSON of the documented shape is refused: sweeping everything instead of what
 * the trigger asked for would be a silent surprise.
 */
export function sweepScope(config: Config, payload: string | undefined): SweepScope {
  const override = parsePayload(payload);
  const named = override.keyIds !== undefined || override.folderId !== undefined;
  const scope: SweepScope = {
    keyIds: named ? (override.keyIds ?? []) : config.keyIds,
    folderId: named ? override.folderId : config.folderId,
    label: config.protectLabel,
    dryRun: override.dryRun ?? config.dryRun,
  };
  if (scope.keyIds.length === 0 && !scope.folderId) {
    throw new GuardError(
      'FAILED_PRECONDITION',
      'configuration: nothing to sweep; set KMS_KEY_IDS and/or KMS_FOLDER_ID, or name keyIds/folderId in the timer payload',
    );
  }
  return scope;
}

function parsePayload(payload: string | undefined): z.infer<typeof Override> {
  if (payload === undefined || payload.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw badField('payload', 'must be JSON: {"keyIds": [...], "folderId": "...", "dryRun": true}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badField('payload', 'must be a JSON object: {"keyIds": [...], "folderId": "...", "dryRun": true}');
  }
  return parseInput(z.strictObject(Override.shape), parsed, 'payload');
}
