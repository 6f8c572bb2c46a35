import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDirectCancel } from '../../functions/cancel-version-destruction/input.ts';
import { MAX_PART_BYTES, MAX_PART_ENTRIES, type ReportPart, splitReport } from '../../shared/chain/report-parts.ts';
import { readConfig } from '../../shared/config.ts';
import type { ScheduledVersion, SweepReport } from '../../shared/sweep/report.ts';

function report(scheduled: ScheduledVersion[]): SweepReport {
  return {
    generatedAt: '2026-11-23T12:00:00.000Z',
    scope: { keyIds: ['abjpartkey'], folderIds: ['b1gpartfolder'] },
    cloudsScanned: 0,
    foldersScanned: 1,
    foldersSkipped: 0,
    keysScanned: 1,
    versionsScanned: scheduled.length,
    scheduled,
    unprotectedKeys: [],
    errors: [{ keyId: 'abjother', code: 'NOT_FOUND', message: 'not for the receiver' }],
    warnings: [],
    notReached: [],
    complete: false,
  };
}

/** `count` entries; `algorithm` pads each one to make the entries as large as a test needs. */
function entries(count: number, algorithm = 'AES_256'): ScheduledVersion[] {
  return Array.from({ length: count }, (_, i) => ({
    keyId: `abjkey${i % 7}`,
    versionId: `abjversion${String(i).padStart(6, '0')}`,
    destroyAt: '2026-11-24T12:00:00Z',
    algorithm,
    primary: false,
  }));
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Every entry in exactly one part, in the report's order; parts numbered 1..n of n, each with the envelope. */
function assertWhole(parts: ReportPart[], whole: SweepReport): void {
  assert.deepEqual(
    parts.flatMap((p) => p.scheduled),
    whole.scheduled,
  );
  parts.forEach((part, i) => {
    assert.deepEqual(part.part, { number: i + 1, of: parts.length });
    assert.equal(part.generatedAt, whole.generatedAt);
    assert.deepEqual(part.scope, whole.scope);
    assert.equal(part.complete, whole.complete);
    assert.ok(part.scheduled.length <= MAX_PART_ENTRIES, `part ${i + 1} holds ${part.scheduled.length} entries`);
    assert.ok(bytes(part) <= MAX_PART_BYTES, `part ${i + 1} is ${bytes(part)} bytes`);
  });
}

describe('splitReport', () => {
  test('the limits are what the receiver and a queue message take', () => {
    assert.equal(MAX_PART_ENTRIES, 1000);
    assert.equal(MAX_PART_BYTES, 200_000);
    assert.ok(MAX_PART_BYTES < 256 * 1024);
  });

  test('nothing scheduled: one empty part, so the chain still shows the sweep ran', () => {
    const whole = report([]);
    const parts = splitReport(whole);
    assert.equal(parts.length, 1);
    assert.deepEqual(parts[0]!.scheduled, []);
    assertWhole(parts, whole);
  });

  for (const [count, sizes] of [
    [1, [1]],
    [999, [999]],
    [1000, [1000]],
    [1001, [1000, 1]],
    [2000, [1000, 1000]],
    [2500, [1000, 1000, 500]],
  ] as const) {
    test(`small entries, ${count} of them: parts of ${sizes.join(' + ')}`, () => {
      const whole = report(entries(count));
      const parts = splitReport(whole);
      assert.deepEqual(
        parts.map((p) => p.scheduled.length),
        sizes,
      );
      assertWhole(parts, whole);
    });
  }

  test('large entries: parts are cut by size, each at most 200 KB and none cut short needlessly', () => {
    const whole = report(entries(1500, 'A'.repeat(700)));
    const parts = splitReport(whole);
    assert.ok(parts.length > 2, `${parts.length} parts`);
    assert.ok(
      parts.every((p) => p.scheduled.length < MAX_PART_ENTRIES),
      'the size, not the count, cut them',
    );
    assertWhole(parts, whole);
    // A part ends only where its next entry would not have fitted (a few bytes are kept for part numbers).
    for (let i = 0; i + 1 < parts.length; i++) {
      const next = parts[i + 1]!.scheduled[0]!;
      assert.ok(bytes(parts[i]) + bytes(next) + 1 > MAX_PART_BYTES - 16, `part ${i + 1} could have held another entry`);
    }
  });

  test('only what the receiver reads travels: no errors, counts or other report fields', () => {
    const [part] = splitReport(report(entries(3)));
    assert.deepEqual(Object.keys(part!).sort(), ['complete', 'generatedAt', 'part', 'scheduled', 'scope']);
  });

  test('every part is input the cancel function accepts as it is', () => {
    const parts = splitReport(report(entries(2345, 'B'.repeat(100))));
    const config = readConfig({});
    const accepted = parts.map((part) => parseDirectCancel(JSON.parse(JSON.stringify(part)), config));
    assert.deepEqual(
      accepted.map((request) => request.items.length),
      parts.map((part) => part.scheduled.length),
    );
    assert.ok(accepted.every((request) => request.wait));
  });
});
