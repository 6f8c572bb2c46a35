// When Monitoring fails, or there is no time left to write, the invocation answers (or fails) exactly as
// it would without metrics, with one WARN line; the token appears in no metric and no log line; a bad
// Monitoring setting is a configuration error that names its variable.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { Emulator, FaultRule } from '../../local/emulator/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import type { Handler } from '../../shared/edge/create-handler.ts';
import { setEnv } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { baseEnv, CANARY_TOKEN, invoke, monitoringRequests, type Run, startMetricsKms } from './support.ts';

const WARNING = /^metrics not written to Monitoring/;
const KEYS = ['abjfaila', 'abjfailb', 'abjfailc'];
/** Three versions to cancel, one already active, one that does not exist: an answer with every kind of result. */
const ITEMS = {
  items: [
    { keyId: 'abjfaila', versionId: 'abjfailas1' },
    { keyId: 'abjfaila', versionId: 'abjfailas2' },
    { keyId: 'abjfailb', versionId: 'abjfailbs1' },
    { keyId: 'abjfailb', versionId: 'abjfailba1' },
    { keyId: 'abjfailc', versionId: 'abjfailmissing' },
  ],
};

let kms: Emulator;
let restoreEnv: () => void;

before(async () => {
  kms = await startMetricsKms();
  // Restored once, after the file: every test below sets the same environment again.
  restoreEnv = setEnv(baseEnv(kms));
});
beforeEach(() => {
  reset();
  setEnv({ ...baseEnv(kms), KMS_MAX_ATTEMPTS: '2', KMS_KEY_IDS: KEYS.join(',') });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

/** The same seed and clock for every run, so two runs of one call can be compared field by field. */
function reset(): void {
  kms.clock.set('2026-03-01T00:00:00Z');
  kms.seed({ keys: KEYS.map((id) => keyWith(id, { active: 1, scheduled: 2 }, Date.parse('2026-03-01T00:00:00Z'))) });
  kms.faults.clear();
  kms.metrics.clear();
  kms.clearRequests();
}

/**
 * Runs the call with Monitoring unset, then again on the same seed with Monitoring set and `monitoring`
 * faults on its writes; `common` faults apply to both runs.
 */
async function withAndWithout(
  handler: Handler,
  event: () => unknown,
  faults: { monitoring: FaultRule[]; common?: FaultRule[] },
  remainingMs?: number,
) {
  reset();
  kms.faults.add(faults.common ?? []);
  setEnv({ MONITORING_FOLDER_ID: undefined });
  const plain = await invoke(handler, event(), remainingMs);
  reset();
  kms.faults.add([...(faults.common ?? []), ...faults.monitoring]);
  setEnv({ MONITORING_FOLDER_ID: baseEnv(kms).MONITORING_FOLDER_ID });
  const failing = await invoke(handler, event(), remainingMs);
  assert.deepEqual(kms.metrics.writes(), [], 'nothing was written');
  return { plain, failing };
}

/** An answer with what is new at every run (operation IDs and times, KMS request IDs) replaced by its type; all else kept. */
function stable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (name, field) => {
      if (name === 'requestId') return typeof field;
      if (name !== 'operation' || typeof field !== 'object' || field === null) return field;
      return { ...field, id: typeof field.id, createdAt: typeof field.createdAt, modifiedAt: typeof field.modifiedAt };
    }),
  );
}

/** What a thrown error carries: its message and every field of its own. */
function thrown(run: Run): Record<string, unknown> | undefined {
  return run.error && { message: run.error.message, ...Object.fromEntries(Object.entries(run.error)) };
}

/** Exactly one WARN about the metrics, with the code it failed with; none about them elsewhere. */
function assertOneWarning(run: Run, code: string): void {
  const about = run.logs.filter((line) => /monitoring|metrics/i.test(String(line.msg)));
  assert.equal(about.length, 1, JSON.stringify(about));
  assert.equal(about[0]!.level, 'WARN');
  assert.match(about[0]!.msg, WARNING);
  assert.equal(about[0]!.code, code);
}

describe('Monitoring failing never changes the answer', () => {
  test('503 past retries (KMS_MAX_ATTEMPTS=2): the items answer is the same, two attempts, one WARN', async () => {
    const { plain, failing } = await withAndWithout(cancelHandler, () => ITEMS, {
      monitoring: [{ route: 'monitoringWrite', status: 503 }],
    });
    assert.equal(plain.error, undefined);
    assert.deepEqual(plain.value.summary, { cancelled: 3, pending: 0, alreadyActive: 1, failed: 1 });
    assert.equal(failing.error, undefined);
    assert.deepEqual(stable(failing.value), stable(plain.value));
    assert.equal(monitoringRequests(kms).length, 2);
    assertOneWarning(failing, 'UNAVAILABLE');
  });

  test('403: the items answer is the same, one attempt, one WARN', async () => {
    const { plain, failing } = await withAndWithout(cancelHandler, () => ITEMS, {
      monitoring: [{ route: 'monitoringWrite', status: 403 }],
    });
    assert.deepEqual(stable(failing.value), stable(plain.value));
    assert.equal(monitoringRequests(kms).length, 1);
    assertOneWarning(failing, 'PERMISSION_DENIED');
  });

  test('a guard sweep that fails throws the same error, 503 or 403', async () => {
    const refused: FaultRule = { route: 'cancelVersionDestruction', keyId: 'abjfailb', status: 403 };
    for (const [status, code] of [
      [503, 'UNAVAILABLE'],
      [403, 'PERMISSION_DENIED'],
    ] as const) {
      const { plain, failing } = await withAndWithout(cancelHandler, () => timerEvent(), {
        common: [refused],
        monitoring: [{ route: 'monitoringWrite', status }],
      });
      assert.match(String(plain.error?.message), /^ABORTED: guard sweep incomplete: 2 cancellation\(s\) failed/);
      assert.deepEqual(thrown(failing), thrown(plain));
      assertOneWarning(failing, code);
    }
  });

  test('a report sweep answers the same report but for its generation time', async () => {
    const { plain, failing } = await withAndWithout(listHandler, () => timerEvent(), {
      monitoring: [{ route: 'monitoringWrite', status: 503 }],
    });
    assert.equal(plain.value.scheduled.length, 6);
    assert.deepEqual({ ...failing.value, generatedAt: undefined }, { ...plain.value, generatedAt: undefined });
    assertOneWarning(failing, 'UNAVAILABLE');
  });

  test('with no time left the write is skipped, with the same WARN; the answer is unchanged', async () => {
    // 200 ms left is all margin: nothing is started, the write included.
    const { plain, failing } = await withAndWithout(cancelHandler, () => ITEMS, { monitoring: [] }, 200);
    assert.deepEqual(plain.value.summary, { cancelled: 0, pending: 0, alreadyActive: 0, failed: 5 });
    assert.deepEqual(stable(failing.value), stable(plain.value));
    assert.deepEqual(monitoringRequests(kms), [], 'not sent');
    assertOneWarning(failing, 'DEADLINE_EXCEEDED');
  });
});

describe('the token', () => {
  test('is in no metric and in no log line, whether Monitoring accepts the write or refuses it naming the token', async () => {
    const runs: Run[] = [];
    const all = async (): Promise<void> => {
      runs.push(await invoke(listHandler, timerEvent()));
      runs.push(await invoke(cancelHandler, queueEvent([JSON.stringify({ items: ITEMS.items.slice(0, 2) })])));
      runs.push(await invoke(cancelHandler, timerEvent()));
    };
    await all();
    const writes = kms.metrics.writes();
    assert.equal(writes.length, 3);
    assert.ok(
      monitoringRequests(kms).every((request) => request.authorized),
      'each write carried the token',
    );
    reset();
    kms.faults.add({ route: 'monitoringWrite', status: 403, message: `token ${CANARY_TOKEN} may not write to this folder` });
    await all();
    assert.equal(runs.filter((run) => run.logs.some((line) => WARNING.test(String(line.msg)))).length, 3);
    const secret = CANARY_TOKEN.slice(3);
    for (const text of [JSON.stringify(writes), ...runs.flatMap((run) => run.lines)]) {
      assert.ok(!text.includes(secret), `leaked: ${text.slice(0, 300)}`);
    }
  });
});

describe('a bad Monitoring setting is a configuration error naming the variable', () => {
  const cases: Array<[string, string]> = [
    ['MONITORING_ENDPOINT', 'http://monitoring.example.com'],
    ['MONITORING_ENDPOINT', 'http://10.20.30.40:8080'],
    ['MONITORING_ENDPOINT', 'http://127.0.0.1.nip.io'],
    ['MONITORING_FOLDER_ID', 'b1g/../folder'],
    ['MONITORING_FOLDER_ID', `b1g${'x'.repeat(60)}`],
  ];
  for (const [name, value] of cases) {
    test(`${name}=${value}`, async () => {
      setEnv({ [name]: value });
      for (const handler of [listHandler, cancelHandler]) {
        const run = await invoke(handler, timerEvent());
        assert.match(String(run.error?.message), new RegExp(`^INTERNAL: configuration: ${name} `));
        assert.ok(!run.error!.message.includes(value), 'the value is not echoed');
      }
      assert.deepEqual(kms.requests, [], 'nothing was called');
    });
  }
});
