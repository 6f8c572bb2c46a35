import fc from 'fast-check';

/** The documented KMS ID alphabet: the only user text allowed to shape a KMS URL. */
export const ID_PATTERN = /^[A-Za-z0-9]{1,50}$/;

export const isValidId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = fc.constantFrom(...ALNUM);

/** A well-formed ID that KMS does not know. */
export const unknownId = fc.string({ unit: alnum, minLength: 1, maxLength: 50 });

// What could bend a URL if it got through: separators, dot segments, encodings, look-alikes, controls.
const NASTY_PIECES = [
  '/',
  '..',
  '.',
  '%2F',
  '%2f',
  '%2E%2E',
  ' ',
  '%20',
  '+',
  ':',
  '?',
  '#',
  '%',
  '\\',
  ';',
  '&',
  '=',
  '-',
  '_',
  '@',
  '\u0000',
  '\n',
  '\r\n',
  '\t',
  '\u200b',
  '\u00a0',
  'é',
  'ſ',
  'K',
  'ключ',
  '键',
  '🔑',
  '\ud800',
];
const NASTY_WHOLE = [
  '',
  '.',
  '..',
  '/',
  '//',
  '../operations/x',
  'abj/../../operations/abj',
  'abj%2F..%2Fversions',
  'abj/versions',
  'abj:cancelVersionDestruction',
  'abj:rotate',
  '%61bj',
  ' abj',
  'abj ',
  'abj?pageSize=1',
  'abj#x',
  'https://evil.example/',
  '//evil.example',
  'a'.repeat(51),
  'a'.repeat(1000),
];

/** Strings that are not IDs: each must be refused before any KMS request. */
export const badId: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_WHOLE) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.string({ unit: alnum, maxLength: 24 }), fc.constantFrom(...NASTY_PIECES), fc.string({ unit: alnum, maxLength: 24 }))
        .map(([a, b, c]) => a + b + c),
    },
    { weight: 1, arbitrary: fc.string({ unit: alnum, minLength: 51, maxLength: 120 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  )
  .filter((s) => !ID_PATTERN.test(s));

/** JSON values where a string is expected. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(unknownId, { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Any value for an ID field: mostly bad, sometimes one KMS holds, sometimes a well-formed unknown one. */
export function idValue(known: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: unknownId },
    { weight: 5, arbitrary: badId },
    { weight: 2, arbitrary: wrongType },
  );
}
