// Property-based tests of list-versions: 10,000 generated events of each kind it can be sent (HTTP, timer,
// direct call, and the Message Queue batches it must refuse), every answer checked against the contract.

import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { handler } from '../../functions/list-versions/index.ts';
import { checkRun } from './support/checks.ts';
import { listDirectArb } from './support/direct-inputs.ts';
import { type Lab, openLab } from './support/lab.ts';
import { listHttpArb } from './support/list-http.ts';
import { queueArb } from './support/queue-events.ts';
import { type Sample, sample } from './support/sample.ts';
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

test('HTTP events of any method, headers, query, path parameters and body', async () => {
  await fc.assert(holds(listHttpArb(seed)), fuzzParameters(11));
});

test('timer events with any payload and details', async () => {
  await fc.assert(holds(timerArb(seed)), fuzzParameters(12));
});

test('direct calls with any JSON value', async () => {
  await fc.assert(holds(listDirectArb(seed)), fuzzParameters(13));
});

test('Message Queue batches: refused as a whole with INVALID_ARGUMENT, never worked or crashed on', async () => {
  const refused = queueArb(seed).map((s) => sample(s.event, 'invalid', { code: 'INVALID_ARGUMENT' }));
  await fc.assert(holds(refused), fuzzParameters(14));
});
