// Generators for the parts of an HTTP event (Cloud Functions' documented format) that both handlers share: methods, headers,
// query noise, bodies in every encoding and size, and events of any shape at all.
import fc from 'fast-check';
import { httpEvent } from '../../support/events.ts';
import { MAX_BODY_BYTES } from './http-view.ts';
import { wrongType } from './ids.ts';

export const ODD_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'PURGE',
  'PROPFIND',
  'M-SEARCH',
  'get',
  'post',
  'Get',
  'pOsT',
  '',
  ' ',
  'GET ',
  ' POST',
  'G E T',
  'POST\n',
  'GET\u0000',
  'ПОСТ',
  'ǤET',
  'poſt',
  'GET'.repeat(400),
];

/** The expected method most of the time, else anything a client or a proxy could send. */
export function methodArb(expected: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(expected) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_METHODS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  );
}

/** Header names other than Content-Type (the body generator sets that one, to match the body). */
const headerName = fc.string({ minLength: 1, maxLength: 24 }).filter((name) => name.toLowerCase() !== 'content-type');
const headerText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));

export const headersArb: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  headerName,
  fc.oneof({ weight: 8, arbitrary: headerText }, { weight: 1, arbitrary: wrongType }),
  { maxKeys: 6 },
);

/** Query parameters the functions do not read: any name (but theirs), any value, text or not. */
export function queryNoiseArb(reserved: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const name = fc.oneof(fc.string({ maxLength: 16 }), fc.string({ unit: 'binary', maxLength: 16 })).filter((n) => !reserved.includes(n));
  return fc.dictionary(name, fc.oneof({ weight: 6, arbitrary: headerText }, { weight: 1, arbitrary: wrongType }), { maxKeys: 4 });
}

export interface Body {
  body: unknown;
  isBase64Encoded: unknown;
  contentType?: string;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'APPLICATION/JSON', 'application/octet-stream'];
const FORM_TYPES = ['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8'];

/** A JSON text of `fields`, sent as the platform does: raw with a JSON type, or base64 (A3). */
export function encodedJson(fields: unknown): fc.Arbitrary<Body> {
  const text = JSON.stringify(fields) ?? '';
  return fc.oneof(
    fc.constantFrom(...JSON_TYPES).map((contentType) => ({ body: text, isBase64Encoded: false, contentType })),
    fc.constant({ body: text, isBase64Encoded: false }),
    fc.constant({ body: base64(text), isBase64Encoded: true }),
  );
}

/** A form of text fields, raw or base64, with its Content-Type. */
export function encodedForm(fields: Record<string, string>): fc.Arbitrary<Body> {
  const text = new URLSearchParams(fields).toString();
  return fc.tuple(fc.constantFrom(...FORM_TYPES), fc.boolean()).map(([contentType, b64]) => ({
    body: b64 ? base64(text) : text,
    isBase64Encoded: b64,
    contentType,
  }));
}

/** Bodies that are not a JSON object: broken JSON, other JSON values, binary, unicode, nested junk. */
export const junkBodyArb: fc.Arbitrary<Body> = fc
  .tuple(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.json({ maxDepth: 4 }),
      fc.constantFrom('{', '{"versionId":', '[]', 'null', '"x"', '42', '{"a":1}}', '\ufeff{}', 'versionId=abc', '%%%', '{\u0000}'),
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? ''),
    ),
    fc.constantFrom<string | undefined>(undefined, ...JSON_TYPES, ...FORM_TYPES),
    fc.oneof(fc.constant(false), fc.constant(true), wrongType, fc.constant('true')),
  )
  .map(([text, contentType, flag]) => ({
    body: flag === true ? base64(text) : text,
    isBase64Encoded: flag,
    ...(contentType ? { contentType } : {}),
  }));

/** Not a string at all, or base64 that is not base64. */
export const oddBodyArb: fc.Arbitrary<Body> = fc.oneof(
  fc.record({ body: wrongType, isBase64Encoded: fc.oneof(fc.boolean(), wrongType) }),
  fc.record({ body: fc.string({ unit: 'binary', maxLength: 200 }), isBase64Encoded: fc.constant(true) }),
);

/**
 * Bodies over 1 MiB (decoded): JSON objects that would parse and serve well, padded, and plain junk,
 * raw or base64. A handler that parsed before measuring would answer them with something other than 413.
 */
export function hugeBodyArb(fields: Record<string, unknown>): fc.Arbitrary<Body & { bytes: number }> {
  return fc
    .tuple(fc.integer({ min: MAX_BODY_BYTES + 1, max: 3 * MAX_BODY_BYTES }), fc.constantFrom('json', 'x', 'я', '🔑', '{'), fc.boolean())
    .map(([bytes, filler, b64]) => {
      const text = filler === 'json' ? paddedJson(fields, bytes) : fill(filler, bytes);
      const size = Buffer.byteLength(text);
      return { body: b64 ? base64(text) : text, isBase64Encoded: b64, contentType: 'application/json', bytes: size };
    });
}

/** A JSON object of exactly `bytes` bytes (given ASCII fields and room for them): the fields plus padding. */
export function paddedJson(fields: Record<string, unknown>, bytes: number): string {
  const head = JSON.stringify({ ...fields, padding: '' });
  return `${head.slice(0, -2) + 'x'.repeat(Math.max(0, bytes - head.length))}"}`;
}

function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export interface HttpParts {
  method: string;
  headers: Record<string, unknown>;
  query: Record<string, unknown>;
  params?: Record<string, unknown>;
  pathParams?: Record<string, unknown>;
  body: Body;
}

/** The platform's event (A3) around the parts; Content-Type joins the headers when the body has one. */
export function buildHttpEvent(parts: HttpParts): Record<string, unknown> {
  const event = httpEvent({ method: parts.method });
  const headers = { ...(event.headers as Record<string, unknown>), ...parts.headers };
  if (parts.body.contentType) headers['Content-Type'] = parts.body.contentType;
  event.headers = headers;
  event.multiValueHeaders = multiValue(headers);
  event.queryStringParameters = parts.query;
  event.multiValueQueryStringParameters = multiValue(parts.query);
  event.body = parts.body.body;
  event.isBase64Encoded = parts.body.isBase64Encoded;
  if (parts.params) event.params = parts.params;
  if (parts.pathParams) event.pathParams = parts.pathParams;
  return event;
}

function multiValue(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, [value]]));
}

/** Damage done to a well-formed event: containers that are missing, null, arrays or text. */
const damageArb: fc.Arbitrary<Array<[string, unknown]>> = fc.array(
  fc.tuple(
    fc.constantFrom(
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'requestContext',
      'params',
      'pathParams',
      'path',
      'isBase64Encoded',
      'body',
    ),
    fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant([]),
      fc.string({ maxLength: 10 }),
      fc.integer(),
      fc.anything({ maxDepth: 2 }),
    ),
  ),
  { maxLength: 2 },
);

/** Now and then (one event in five) some damage; mostly none, so most events still reach the handler whole. */
export const sometimesDamagedArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Array<[string, unknown]>>([]) },
  { weight: 1, arbitrary: damageArb },
);

/** The value, or now and then nothing (the field left out). */
export const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function damaged(event: Record<string, unknown>, damage: Array<[string, unknown]>): Record<string, unknown> {
  const out = { ...event };
  for (const [field, value] of damage) {
    if (value === undefined) delete out[field];
    else out[field] = value;
  }
  return out;
}

/** The parts a generated HTTP event is drawn from: query fields and noise merged, then the damage done. */
export interface DrawnHttpParts {
  method: string;
  params?: Record<string, unknown>;
  pathParams?: Record<string, unknown>;
  fields: Record<string, unknown>;
  noise: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: Body;
  damage: Array<[string, unknown]>;
}

export function drawnHttpEvent({
  method,
  params,
  pathParams,
  fields,
  noise,
  headers,
  body,
  damage,
}: DrawnHttpParts): Record<string, unknown> {
  return damaged(
    buildHttpEvent({
      method,
      headers,
      query: { ...noise, ...fields },
      body,
      ...(params ? { params } : {}),
      ...(pathParams ? { pathParams } : {}),
    }),
    damage,
  );
}

/** Events of any shape that carry a text httpMethod: what a confused caller or a test tool might send. */
export const wildHttpEventArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.dictionary(fc.string({ maxLength: 24 }), fc.anything({ maxDepth: 3 }), { maxKeys: 8 }),
  )
  .map(([httpMethod, rest]) => ({ ...rest, httpMethod }));
