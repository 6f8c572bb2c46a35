// HTTP events for list-versions (GET; keyId from params, pathParams or the query; pageSize, pageToken,
// all and status from the query) and what the contract says each must get.
import fc from 'fast-check';
import {
  type Body,
  buildHttpEvent,
  drawnHttpEvent,
  encodedJson,
  headersArb,
  hugeBodyArb,
  junkBodyArb,
  maybe,
  methodArb,
  oddBodyArb,
  queryNoiseArb,
  sometimesDamagedArb,
  wildHttpEventArb,
} from './http-events.ts';
import { bodySize, textAt } from './http-view.ts';
import { idValue, wrongType } from './ids.ts';
import { type Sample, sample } from './sample.ts';
import type { Seeded } from './seeded.ts';
import { combine, flagRule, fromCandidates, idRule, methodRule, pageSizeRule, pageTokenRule, statusRule } from './verdict.ts';

const FIELDS = ['keyId', 'pageSize', 'pageToken', 'all', 'status'];
const STATUSES = ['ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED'];
const EMPTY_BODY: Body = { body: '', isBase64Encoded: false };

export const pageSizeValue = fc.oneof(
  fc.integer({ min: 1, max: 1000 }).map(String),
  fc.constantFrom('0', '1001', '-1', '1.5', 'ten', '', '1e3', ' 5', '0010', '٣', '99999999', 'NaN', '0x10', '5 '),
  fc.string({ maxLength: 8 }),
  wrongType,
);
export const pageTokenValue = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', minLength: 101, maxLength: 300 }),
  wrongType,
);
export const flagValue = fc.oneof(fc.constantFrom('true', 'false', 'TRUE', 'yes', '1', '', 'null'), fc.string({ maxLength: 6 }), wrongType);
export const statusValue = fc.oneof(
  fc.constantFrom(...STATUSES, 'active', 'ENABLED', '', 'ACTIVE,DESTROYED'),
  fc.string({ maxLength: 10 }),
  wrongType,
);

export function listHttpArb(seed: Seeded): fc.Arbitrary<Sample> {
  const key = fc.constantFrom(...seed.keys);

  // Served calls: a key KMS holds, in one of the places the contract names, with valid options.
  const plausible = fc
    .record({
      place: fc.constantFrom('params', 'pathParams', 'query'),
      keyId: key,
      pageSize: maybe(fc.integer({ min: 1, max: 1000 }).map(String)),
      all: maybe(fc.constantFrom('true', 'false')),
      status: maybe(fc.constantFrom(...STATUSES)),
      noise: queryNoiseArb(FIELDS),
      headers: headersArb,
      body: fc.oneof(fc.constant(EMPTY_BODY), junkBodyArb),
    })
    .map(({ place, keyId, pageSize, all, status, noise, headers, body }) => {
      const options = Object.fromEntries(Object.entries({ pageSize, all, status }).filter(([, v]) => v !== undefined));
      const query = { ...noise, ...options, ...(place === 'query' ? { keyId } : {}) };
      return buildHttpEvent({ method: 'GET', headers, query, body, ...(place !== 'query' ? { [place]: { keyId } } : {}) });
    });

  // Every field from anywhere: mostly bad, sometimes in several places at once.
  const slot = fc.record({ keyId: idValue(seed.keys) }, { requiredKeys: [] });
  const mixed = fc
    .record({
      method: methodArb('GET'),
      params: maybe(slot),
      pathParams: maybe(slot),
      fields: fc.record(
        { keyId: idValue(seed.keys), pageSize: pageSizeValue, pageToken: pageTokenValue, all: flagValue, status: statusValue },
        { requiredKeys: [] },
      ),
      noise: queryNoiseArb(FIELDS),
      headers: headersArb,
      body: fc.oneof(fc.constant(EMPTY_BODY), junkBodyArb, oddBodyArb, encodedJson({ keyId: seed.keys[0] })),
      damage: sometimesDamagedArb,
    })
    .map(drawnHttpEvent);

  // Over 1 MiB: must be refused whatever else the call says.
  const huge = fc
    .tuple(methodArb('GET'), key, hugeBodyArb({ keyId: seed.keys[0] }))
    .map(([method, keyId, body]) => buildHttpEvent({ method, headers: {}, query: { keyId }, body }));

  return fc
    .oneof(
      { weight: 3, arbitrary: plausible },
      { weight: 12, arbitrary: mixed },
      { weight: 1, arbitrary: huge },
      { weight: 2, arbitrary: wildHttpEventArb },
    )
    .map((event) => classifyListHttp(event, seed));
}

export function classifyListHttp(event: Record<string, unknown>, seed: Seeded): Sample {
  const size = bodySize(event);
  if (size === 'over') return sample(event, 'invalid');
  const query = event.queryStringParameters;
  const keyIds = [textAt(event.params, 'keyId'), textAt(event.pathParams, 'keyId'), textAt(query, 'keyId')].filter((v) => v !== undefined);
  const [pageSize, pageToken, all, status] = ['pageSize', 'pageToken', 'all', 'status'].map((name) => textAt(query, name));
  const verdict = combine(
    methodRule(event.httpMethod as string, 'GET'),
    size === 'unclear' ? 'unknown' : 'valid',
    fromCandidates(keyIds, idRule, true),
    pageSizeRule(pageSize),
    pageTokenRule(pageToken),
    flagRule(all),
    statusRule(status),
  );
  const keyId = keyIds[0];
  const oneKnownKey = keyId !== undefined && seed.keys.includes(keyId) && keyIds.every((id) => id === keyId);
  if (verdict !== 'valid' || !oneKnownKey || pageToken) return sample(event, verdict);
  return sample(event, verdict, {
    status: 200,
    served: {
      kind: 'versions-page',
      keyId,
      ...(pageSize ? { pageSize: Number(pageSize) } : {}),
      ...(all === 'true' ? { all: true } : {}),
      ...(status ? { status } : {}),
    },
  });
}
