// Timer trigger events (the documented format) with payloads of every kind, and what the contract says of each:
// `details.payload`, when present, is JSON {"keyIds": [...], "folderId": "...", "dryRun": true}.
import fc from 'fast-check';
import { timerEvent } from '../../../local/host/index.ts';
import { badId, idValue, isValidId, unknownId, wrongType } from './ids.ts';
import { type Sample, sample } from './sample.ts';
import type { Seeded } from './seeded.ts';
import { combine, isObject, own, type Verdict } from './verdict.ts';

const SCOPE_FIELDS = ['keyIds', 'folderId', 'dryRun'];

export function timerArb(seed: Seeded): fc.Arbitrary<Sample> {
  const known = [...seed.keys];
  const keyIds = fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...known), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(unknownId, { minLength: 1, maxLength: 2 }) },
    { weight: 4, arbitrary: fc.array(idValue(known), { minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: wrongType },
  );
  const scope = fc.record(
    {
      keyIds,
      folderId: fc.oneof(fc.constant(seed.folderId), unknownId, badId, wrongType),
      dryRun: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), wrongType),
      unexpected: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  );
  const payload = fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 8, arbitrary: scope.map((s) => JSON.stringify(s)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '{}',
        '[]',
        'null',
        '"x"',
        '{"keyIds":"abc"}',
        '{"keyIds":[]}',
        '{',
        'payload-message',
        '{"folderId":""}',
      ),
    },
    { weight: 3, arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 80 })) },
    { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.string({ minLength: 4097, maxLength: 6000 }) },
  );
  // Older timers have no payload; others send details that are not an object, or a payload that is not text.
  const details = fc.oneof(
    { weight: 8, arbitrary: fc.constant<unknown>('keep') },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant([]), fc.string({ maxLength: 10 }), fc.integer()),
    },
    { weight: 1, arbitrary: wrongType.map((p) => ({ trigger_id: 'a1sfe084v4se00000000', payload: p })) },
  );
  const eventType = fc.constantFrom(
    'yandex.cloud.events.serverless.triggers.TimerMessage',
    'yandex.cloud.events.serverless.triggers.TimerMessage',
    'TimerMessage',
    'x.TimerMessage',
  );
  const extraMessages = fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 2 });
  return fc
    .record({
      payload,
      details,
      eventType,
      extraMessages,
      metadataNoise: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
    })
    .map(({ payload, details, eventType, extraMessages, metadataNoise }) => {
      const event = timerEvent(payload) as unknown as { messages: Array<Record<string, unknown>> };
      const first = event.messages[0]!;
      first.event_metadata = { ...metadataNoise, ...(first.event_metadata as object), event_type: eventType };
      if (details !== 'keep') {
        if (details === undefined) delete first.details;
        else first.details = details;
      }
      event.messages.push(...(extraMessages as Array<Record<string, unknown>>));
      return classifyTimer(event, seed);
    });
}

export function classifyTimer(event: { messages: Array<Record<string, unknown>> }, seed: Seeded): Sample {
  const details = event.messages[0]?.details;
  const payload = own(details, 'payload');
  // No payload (an older timer, or details that are not an object): the configured scope is swept.
  if (!isObject(details) || payload === undefined) return served(event, seed, seed.sweepKeys, undefined);
  if (typeof payload !== 'string' || payload.trim() === '') return sample(event, 'unknown');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return sample(event, 'invalid', { code: 'INVALID_ARGUMENT' });
  }
  if (!isObject(parsed)) return sample(event, 'invalid', { code: 'INVALID_ARGUMENT' });
  const keyIds = own(parsed, 'keyIds');
  const folderId = own(parsed, 'folderId');
  const dryRun = own(parsed, 'dryRun');
  const verdict = combine(
    keyIds === undefined || (Array.isArray(keyIds) && keyIds.every(isValidId)) ? 'valid' : 'invalid',
    folderId === undefined || isValidId(folderId) ? 'valid' : 'invalid',
    dryRunRule(dryRun),
    Object.keys(parsed).every((name) => SCOPE_FIELDS.includes(name)) ? 'valid' : 'unknown',
  );
  if (verdict === 'invalid') return sample(event, verdict, { code: 'INVALID_ARGUMENT' });
  if (verdict === 'unknown') return sample(event, verdict);
  const named = keyIds !== undefined || folderId !== undefined;
  const scopeKeys = named ? ((keyIds as string[] | undefined) ?? []) : seed.sweepKeys;
  const scopeFolder = named ? (folderId as string | undefined) : undefined;
  // Nothing to sweep is a refusal, not a crash and not an empty report.
  if (scopeKeys.length === 0 && scopeFolder === undefined) return sample(event, 'invalid');
  return served(event, seed, scopeKeys, scopeFolder);
}

function dryRunRule(value: unknown): Verdict {
  if (value === undefined || typeof value === 'boolean') return 'valid';
  return value === 'true' || value === 'false' ? 'unknown' : 'invalid';
}

/** A sweep over keys KMS holds (and at most the seeded folder) must be served with a report. */
function served(event: unknown, seed: Seeded, keyIds: readonly string[], folderId: string | undefined): Sample {
  const allKnown = keyIds.every((id) => seed.keys.includes(id)) && (folderId === undefined || folderId === seed.folderId);
  return sample(event, 'valid', allKnown ? { served: { kind: 'sweep-report' } } : {});
}
