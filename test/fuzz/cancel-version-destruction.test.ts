// Property-based tests of cancel-version-destruction: 10,000 generated events of each kind it takes
// (HTTP, Message Queue batch, timer, direct call), every answer checked against the contract.

import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import { cancelHttpArb } from './support/cancel-http.ts';
import { checkRun } from './support/checks.ts';
import { cancelDirectArb } from './support/direct-inputs.ts';
import { type Lab, openLab } from './support/lab.ts';
import { queueArb } from './support/queue-events.ts';
import type { Sample } from './support/sample.ts';
import { seeded } from './support/seeded.ts';
import { fuzzParameters } from './support/settings.ts';
import { timerArb } from './support/timer-events.ts';

const seed = seeded();
let lab: Lab;
before(async () => {
  lab = await openLab(seed);
});
after(() => lab.close());

const holds = (samples: fc.Arbitrary<Sample>) => fc.asyncProperty(samples, async (s) => checkRun(await lab.run(handler, s.event), s));

test('HTTP events of any method, headers, query, path parameters and body (some over 1 MiB: 413)', async () => {
  await fc.assert(holds(cancelHttpArb(seed)), fuzzParameters(21));
});

test('Message Queue batches with any bodies, missing fields and odd attributes', async () => {
  await fc.assert(holds(queueArb(seed)), fuzzParameters(22));
});

test('timer events with any payload and details', async () => {
  await fc.assert(holds(timerArb(seed)), fuzzParameters(23));
});

test('direct calls with any JSON value', async () => {
  await fc.assert(holds(cancelDirectArb(seed)), fuzzParameters(24));
});
