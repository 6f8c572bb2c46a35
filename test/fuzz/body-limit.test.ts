// The 1 MiB request body limit at its edge: a body of at most 1 MiB (once decoded) is read, one byte more is
// refused with 413 before it is parsed, whether it came raw or base64-encoded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { handler as cancel } from '../../functions/cancel-version-destruction/index.ts';
import { handler as list } from '../../functions/list-versions/index.ts';
import { checkRun } from './support/checks.ts';
import { base64, buildHttpEvent, paddedJson } from './support/http-events.ts';
import { MAX_BODY_BYTES } from './support/http-view.ts';
import { type Lab, openLab } from './support/lab.ts';
import { sample } from './support/sample.ts';
import { seeded } from './support/seeded.ts';
import { fuzzParameters } from './support/settings.ts';

const seed = seeded();
let lab: Lab;
before(async () => {
  lab = await openLab(seed);
});
after(() => lab.close());

/** Decoded sizes a few bytes either side of the limit, and some further off. */
const sizes = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: MAX_BODY_BYTES - 4, max: MAX_BODY_BYTES + 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_BODY_BYTES - 4096, max: MAX_BODY_BYTES + 4096 }) },
);
const bodies = fc.record({ bytes: sizes, encoded: fc.boolean(), pair: fc.constantFrom(...seed.pairs) });

test('cancel: a body of at most 1 MiB is served, a larger one is refused with 413', async () => {
  const property = fc.asyncProperty(bodies, async ({ bytes, encoded, pair }) => {
    const text = paddedJson({ versionId: pair.versionId }, bytes);
    assert.equal(Buffer.byteLength(text), bytes);
    const event = buildHttpEvent({
      method: 'POST',
      headers: {},
      query: { keyId: pair.keyId },
      body: { body: encoded ? base64(text) : text, isBase64Encoded: encoded, contentType: 'application/json' },
    });
    const over = bytes > MAX_BODY_BYTES;
    const expected = over
      ? sample(event, 'invalid', { status: 413 })
      : sample(event, 'valid', { status: 200, served: { kind: 'cancel-one', keyId: pair.keyId, versionId: pair.versionId } });
    checkRun(await lab.run(cancel, event), expected);
  });
  await fc.assert(property, fuzzParameters(31, 300));
});

test('list-versions: a GET body of at most 1 MiB does not stop the call; a larger one is refused', async () => {
  const property = fc.asyncProperty(bodies, async ({ bytes, encoded, pair }) => {
    const text = paddedJson({}, bytes);
    const event = buildHttpEvent({
      method: 'GET',
      headers: {},
      query: { keyId: pair.keyId },
      body: { body: encoded ? base64(text) : text, isBase64Encoded: encoded, contentType: 'application/json' },
    });
    const expected =
      bytes > MAX_BODY_BYTES
        ? sample(event, 'invalid')
        : sample(event, 'valid', { status: 200, served: { kind: 'versions-page', keyId: pair.keyId } });
    checkRun(await lab.run(list, event), expected);
  });
  await fc.assert(property, fuzzParameters(32, 300));
});
