// Log records stay structured however bad the input: the platform splits a line over 64 KiB into several
// unstructured records (Cloud Functions' structured-log limit), so a refusal must not log every one of a thousand bad fields.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { handler as cancel } from '../../functions/cancel-version-destruction/index.ts';
import { handler as list } from '../../functions/list-versions/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import { checkRun } from './support/checks.ts';
import { badId } from './support/ids.ts';
import { type Handler, type Lab, openLab } from './support/lab.ts';
import { sample } from './support/sample.ts';
import { seeded } from './support/seeded.ts';
import { fuzzParameters } from './support/settings.ts';

const seed = seeded();
let lab: Lab;
before(async () => {
  lab = await openLab(seed);
});
after(() => lab.close());

/** Up to 1,000 entries, all the same bad ID: one violation (or two) per entry; a failure shrinks to a count. */
const lists = fc.record({ count: fc.integer({ min: 1, max: 1000 }), id: badId });
const idsOf = ({ count, id }: { count: number; id: string }) => Array.from({ length: count }, () => id);
const itemsOf = (list: { count: number; id: string }) => idsOf(list).map((id) => ({ keyId: id, versionId: id }));

async function expectStructuredLogs(handler: Handler, event: unknown) {
  const run = await lab.run(handler, event);
  checkRun(run, sample(event, 'invalid'));
  assert.deepEqual(run.oversizedLogLines, [], 'log lines over 64 KiB (bytes)');
}

test('a direct call with up to 1,000 bad items logs lines of at most 64 KiB', async () => {
  await fc.assert(
    fc.asyncProperty(lists, (list) => expectStructuredLogs(cancel, { items: itemsOf(list) })),
    fuzzParameters(41, 100),
  );
});

test('a queue message with up to 1,000 bad items logs lines of at most 64 KiB', async () => {
  const property = fc.asyncProperty(lists, (list) => expectStructuredLogs(cancel, queueEvent([JSON.stringify({ items: itemsOf(list) })])));
  await fc.assert(property, fuzzParameters(42, 100));
});

test('a timer payload naming up to 1,000 bad key IDs logs lines of at most 64 KiB', async () => {
  const property = fc.asyncProperty(lists, (ids) => expectStructuredLogs(list, timerEvent(JSON.stringify({ keyIds: idsOf(ids) }))));
  await fc.assert(property, fuzzParameters(43, 100));
});
