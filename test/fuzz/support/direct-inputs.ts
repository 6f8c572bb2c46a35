// Direct calls (any JSON value; a chained function's output; ?integration=raw) and what the contract says
// of each: list-versions takes {keyId, pageSize?, pageToken?, all?, status?}; cancel takes {keyId, versionId},
// {items: [...]} or a sweep report's {scheduled: [...]}, each with an optional wait.
import fc from 'fast-check';
import { idValue, wrongType } from './ids.ts';
import { flagValue, pageSizeValue, pageTokenValue, statusValue } from './list-http.ts';
import { type Sample, sample } from './sample.ts';
import type { Seeded } from './seeded.ts';
import {
  combine,
  flagRule,
  hasOtherFields,
  idRule,
  isObject,
  own,
  pageSizeRule,
  pageTokenRule,
  statusRule,
  type Verdict,
} from './verdict.ts';

/** Values of every JSON type, as a queue message or another function can carry them. */
export const jsonInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, '', 0, [], {}, 'abj', [{}]) },
);

/** JSON values, and values JSON cannot carry but a caller in the same process could pass. */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: jsonInput },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

export function listDirectArb(seed: Seeded): fc.Arbitrary<Sample> {
  const plausible = fc.record(
    {
      keyId: fc.constantFrom(...seed.keys),
      pageSize: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }).map(String)),
      all: fc.boolean(),
      status: fc.constantFrom('ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED'),
    },
    { requiredKeys: ['keyId'] },
  );
  const mixed = fc.record(
    {
      keyId: idValue(seed.keys),
      pageSize: fc.oneof(pageSizeValue, fc.integer({ min: -5, max: 1005 }), fc.double()),
      pageToken: pageTokenValue,
      all: fc.oneof(flagValue, fc.boolean()),
      status: statusValue,
      other: fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: [] },
  );
  return fc
    .oneof({ weight: 2, arbitrary: plausible }, { weight: 6, arbitrary: mixed }, { weight: 3, arbitrary: anyInput })
    .map((input) => classifyListDirect(input, seed));
}

export function classifyListDirect(input: unknown, seed: Seeded): Sample {
  if (!isObject(input)) return sample(input, 'invalid', { code: 'INVALID_ARGUMENT' });
  const [keyId, pageSize, pageToken, all, status] = ['keyId', 'pageSize', 'pageToken', 'all', 'status'].map((n) => own(input, n));
  const verdict = combine(
    idRule(keyId),
    pageSizeRule(pageSize),
    pageTokenRule(pageToken),
    flagRule(all),
    statusRule(status),
    hasOtherFields(input, ['keyId', 'pageSize', 'pageToken', 'all', 'status']) ? 'unknown' : 'valid',
  );
  if (verdict === 'invalid') return sample(input, verdict, { code: 'INVALID_ARGUMENT' });
  if (verdict === 'unknown' || !seed.keys.includes(keyId as string) || pageToken) return sample(input, verdict);
  return sample(input, verdict, {
    served: {
      kind: 'versions-page',
      keyId: keyId as string,
      ...(pageSize !== undefined ? { pageSize: Number(pageSize) } : {}),
      ...(all === true || all === 'true' ? { all: true } : {}),
      ...(typeof status === 'string' ? { status } : {}),
    },
  });
}

/** A cancel input of any of the three documented forms, valid or not, or any `whole` value at all. */
export function cancelInputArb(seed: Seeded, whole = anyInput): fc.Arbitrary<unknown> {
  const pair = fc.constantFrom(...seed.pairs);
  const badItem = fc.oneof(fc.record({ keyId: idValue(seed.keys), versionId: idValue(seed.versionIds) }, { requiredKeys: [] }), wrongType);
  const item = fc.oneof({ weight: 3, arbitrary: pair }, { weight: 1, arbitrary: badItem });
  const wait = fc.oneof(fc.boolean(), flagValue);
  const list = fc.oneof(
    { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) },
    { weight: 1, arbitrary: wrongType },
    // Long lists: over the code's 1,000-item limit, and a thousand bad items (one long refusal).
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Array.from({ length: 1001 }, () => seed.pairs[0]!),
        Array.from({ length: 1000 }, () => ({ keyId: 'a/b', versionId: '..' })),
      ),
    },
  );
  const single = fc.record({ keyId: idValue(seed.keys), versionId: idValue(seed.versionIds), wait }, { requiredKeys: [] });
  return fc.oneof(
    { weight: 2, arbitrary: pair.map((p) => ({ ...p })) },
    { weight: 3, arbitrary: single },
    { weight: 2, arbitrary: fc.record({ items: list, wait }, { requiredKeys: ['items'] }) },
    {
      weight: 2,
      arbitrary: fc.record(
        { scheduled: list, generatedAt: fc.string({ maxLength: 10 }), complete: fc.boolean() },
        { requiredKeys: ['scheduled'] },
      ),
    },
    { weight: 3, arbitrary: whole },
  );
}

export function cancelDirectArb(seed: Seeded): fc.Arbitrary<Sample> {
  return cancelInputArb(seed).map((input) => classifyCancelInput(input, seed));
}

const REPORT_FIELDS = [
  'generatedAt',
  'scope',
  'keysScanned',
  'versionsScanned',
  'scheduled',
  'errors',
  'notReached',
  'complete',
  'dryRun',
  'wait',
];

export function classifyCancelInput(input: unknown, seed: Seeded): Sample {
  if (!isObject(input)) return sample(input, 'invalid', { code: 'INVALID_ARGUMENT' });
  const items = own(input, 'items');
  const scheduled = own(input, 'scheduled');
  const wait = flagRule(own(input, 'wait'));
  if (items !== undefined && scheduled !== undefined) return sample(input, combine(wait, 'unknown'));
  if (items !== undefined || scheduled !== undefined) {
    const list = items ?? scheduled;
    const allowed = items !== undefined ? ['items', 'wait'] : REPORT_FIELDS;
    const verdict = combine(listRule(list), wait, hasOtherFields(input, allowed) ? 'unknown' : 'valid');
    return finish(input, verdict, verdict === 'valid' ? (list as unknown[]) : [], seed);
  }
  const verdict = combine(
    idRule(own(input, 'keyId')),
    idRule(own(input, 'versionId')),
    wait,
    hasOtherFields(input, ['keyId', 'versionId', 'wait']) ? 'unknown' : 'valid',
  );
  return finish(input, verdict, [input], seed);
}

/** Each item {keyId, versionId}; a sweep report's entries carry more fields, which are fine. */
function listRule(list: unknown): Verdict {
  if (!Array.isArray(list)) return 'invalid';
  const items = combine(
    ...list.map((item) => (isObject(item) ? combine(idRule(own(item, 'keyId')), idRule(own(item, 'versionId'))) : 'invalid')),
  );
  // The contract sets no limit on the number of items; the code's own limit may refuse a long list.
  return list.length > 1000 ? combine(items, 'unknown') : items;
}

function finish(input: unknown, verdict: Verdict, items: unknown[], seed: Seeded): Sample {
  if (verdict === 'invalid') return sample(input, verdict, { code: 'INVALID_ARGUMENT' });
  if (verdict === 'unknown') return sample(input, verdict);
  const known = items.every((item) => seed.pairs.some((p) => p.keyId === own(item, 'keyId') && p.versionId === own(item, 'versionId')));
  return sample(input, verdict, known ? { served: { kind: 'cancel-batch', items: items.length } } : {});
}
