// HTTP events for cancel-version-destruction (POST; keyId from params, pathParams, the query or the body;
// versionId and wait from the body or the query) and what the contract says each must get.
import fc from 'fast-check';
import {
  type Body,
  buildHttpEvent,
  drawnHttpEvent,
  encodedForm,
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
import { bodyFields, bodySize, textAt } from './http-view.ts';
import { idValue, wrongType } from './ids.ts';
import { flagValue } from './list-http.ts';
import { type Sample, sample } from './sample.ts';
import type { Seeded } from './seeded.ts';
import { combine, flagRule, fromCandidates, idRule, methodRule, own } from './verdict.ts';

const FIELDS = ['keyId', 'versionId', 'wait'];
const EMPTY_BODY: Body = { body: '', isBase64Encoded: false };

export function cancelHttpArb(seed: Seeded): fc.Arbitrary<Sample> {
  const pair = fc.constantFrom(...seed.pairs);
  const waitFlag = maybe(fc.constantFrom('true', 'false'));

  // Served calls: a version KMS holds, its key in one of the four places, versionId in the body or the query.
  const plausible = fc
    .record({
      pair,
      keyPlace: fc.constantFrom('params', 'pathParams', 'query', 'body'),
      versionPlace: fc.constantFrom('query', 'body'),
      wait: waitFlag,
      json: fc.boolean(),
      noise: queryNoiseArb(FIELDS),
      headers: headersArb,
    })
    .chain(({ pair: { keyId, versionId }, keyPlace, versionPlace, wait, json, noise, headers }) => {
      const inBody: Record<string, string> = {};
      const query: Record<string, unknown> = { ...noise };
      const path = keyPlace === 'params' || keyPlace === 'pathParams' ? { [keyPlace]: { keyId } } : {};
      if (keyPlace === 'body') inBody.keyId = keyId;
      if (keyPlace === 'query') query.keyId = keyId;
      (versionPlace === 'body' ? inBody : query).versionId = versionId;
      if (wait !== undefined) (json ? inBody : query).wait = wait;
      const body = Object.keys(inBody).length === 0 ? fc.constant(EMPTY_BODY) : json ? encodedJson(inBody) : encodedForm(inBody);
      return body.map((b) => buildHttpEvent({ method: 'POST', headers, query, body: b, ...path }));
    });

  // Every field from anywhere, in bodies of every kind: mostly bad.
  const slot = fc.record({ keyId: idValue(seed.keys) }, { requiredKeys: [] });
  const bodyObject = fc.record(
    {
      keyId: idValue(seed.keys),
      versionId: idValue(seed.versionIds),
      wait: fc.oneof(flagValue, fc.boolean()),
      extra: fc.jsonValue({ maxDepth: 5 }),
    },
    { requiredKeys: [] },
  );
  const mixedBody = fc.oneof(
    fc.constant(EMPTY_BODY),
    bodyObject.chain((fields) => encodedJson(fields)),
    fc
      .record({ keyId: idValue(seed.keys), versionId: idValue(seed.versionIds) }, { requiredKeys: [] })
      .chain((fields) =>
        encodedForm(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]))),
      ),
    junkBodyArb,
    oddBodyArb,
  );
  const mixed = fc
    .record({
      method: methodArb('POST'),
      params: maybe(slot),
      pathParams: maybe(slot),
      fields: fc.record({ keyId: idValue(seed.keys), versionId: idValue(seed.versionIds), wait: flagValue }, { requiredKeys: [] }),
      noise: queryNoiseArb(FIELDS),
      headers: headersArb,
      body: mixedBody,
      damage: sometimesDamagedArb,
    })
    .map(drawnHttpEvent);

  // Over 1 MiB: a body that would parse into a served call, or junk, with valid or bad query fields.
  const huge = fc
    .record({ pair, method: methodArb('POST'), badQuery: fc.boolean(), junkKey: fc.oneof(wrongType, idValue(seed.keys)) })
    .chain(({ pair: { keyId, versionId }, method, badQuery, junkKey }) =>
      hugeBodyArb({ versionId }).map((body) => buildHttpEvent({ method, headers: {}, query: { keyId: badQuery ? junkKey : keyId }, body })),
    );

  return fc
    .oneof(
      { weight: 3, arbitrary: plausible },
      { weight: 12, arbitrary: mixed },
      { weight: 1, arbitrary: huge },
      { weight: 2, arbitrary: wildHttpEventArb },
    )
    .map((event) => classifyCancelHttp(event, seed));
}

export function classifyCancelHttp(event: Record<string, unknown>, seed: Seeded): Sample {
  const method = methodRule(event.httpMethod as string, 'POST');
  const size = bodySize(event);
  // Refused before the body is even read, whatever the rest of the call says.
  if (size === 'over') return sample(event, 'invalid', method === 'invalid' ? {} : { status: 413 });
  const body = size === 'unclear' ? 'unclear' : bodyFields(event);
  if (body === 'unclear') return sample(event, combine(method, 'unknown'));
  if (body === 'not-an-object') return sample(event, 'invalid');
  const query = event.queryStringParameters;
  // `null` in a JSON body says "not here", as a missing field does.
  const fromBody = (name: string) => (own(body, name) === null ? undefined : own(body, name));
  const keyIds = [textAt(event.params, 'keyId'), textAt(event.pathParams, 'keyId'), textAt(query, 'keyId'), fromBody('keyId')];
  const versionIds = [fromBody('versionId'), textAt(query, 'versionId')];
  const waits = [fromBody('wait'), textAt(query, 'wait')];
  const verdict = combine(
    method,
    fromCandidates(keyIds, idRule, true),
    fromCandidates(versionIds, idRule, true),
    fromCandidates(waits, flagRule, false),
  );
  const keyId = keyIds.find((v) => v !== undefined) as string | undefined;
  const versionId = versionIds.find((v) => v !== undefined) as string | undefined;
  const agree = (values: unknown[], one: unknown) => values.every((v) => v === undefined || v === one);
  const known = seed.pairs.some((p) => p.keyId === keyId && p.versionId === versionId);
  if (verdict !== 'valid' || !known || !agree(keyIds, keyId) || !agree(versionIds, versionId)) return sample(event, verdict);
  return sample(event, verdict, { status: 200, served: { kind: 'cancel-one', keyId: keyId!, versionId: versionId! } });
}
