// What the guard's answer to audit records must hold (docs/real-time-guard.md): {results, keyResults,
// ignored, poison, summary, keySummary}; every record counted once, as the contract allows for it; a result only for a version some record
// named, each version once; only the outcomes a healthy KMS gives without approvals or a dry run; who
// scheduled it in the event's own words, never its token information.
import assert from 'node:assert/strict';
import { TOKEN_INFO_MARKERS } from './output-tap.ts';
import type { Bucket, Served } from './sample.ts';
import { isObject } from './verdict.ts';

const NO_KEY_OUTCOMES = { protected: 0, alreadyProtected: 0, pending: 0, failed: 0, approved: 0, wouldProtect: 0, deleted: 0 };
const SUMMARY_FIELDS = ['alreadyActive', 'approved', 'cancelled', 'failed', 'pending', 'wouldCancel'];
const SUMMARY_OF: Record<string, string> = {
  cancelled: 'cancelled',
  'already-active': 'alreadyActive',
  failed: 'failed',
};
const SCHEDULED_BY_FIELDS = new Set([
  'subjectId',
  'subjectName',
  'subjectType',
  'remoteAddress',
  'userAgent',
  'requestId',
  'eventTime',
  'eventId',
]);
/** The final refusals a healthy KMS gives a cancel: NOT_FOUND (no such key or version), FAILED_PRECONDITION (destroyed). */
const FINAL_CODES = [5, 9];

export function checkAuditAnswer(answer: unknown, served: Extract<Served, { kind: 'audit-answer' }>): void {
  assert.ok(isObject(answer), `not an object: ${JSON.stringify(answer)?.slice(0, 200)}`);
  assert.deepEqual(
    Object.keys(answer).sort(),
    ['ignored', 'keyResults', 'keySummary', 'poison', 'results', 'summary'],
    'the answer fields',
  );
  const { results, ignored, poison, summary, keyResults, keySummary } = answer as Record<string, unknown>;
  assert.ok(Array.isArray(keyResults), 'keyResults must be a list');
  checkKeyResults(keyResults as Array<Record<string, any>>, keySummary, served);
  assert.ok(Array.isArray(results), 'results must be a list');
  assert.ok(Number.isInteger(ignored) && (ignored as number) >= 0, `ignored ${String(ignored)}`);
  assert.ok(Number.isInteger(poison) && (poison as number) >= 0, `poison ${String(poison)}`);
  assert.ok(isObject(summary), 'summary must be an object');
  assert.deepEqual(Object.keys(summary).sort(), SUMMARY_FIELDS, 'the summary fields');

  const counted: Record<string, number> = Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, 0]));
  const seen = new Set<string>();
  for (const result of results as Array<Record<string, any>>) {
    const shown = JSON.stringify(result).slice(0, 300);
    const pair = `${result.keyId}/${result.versionId}`;
    assert.ok(served.pairs.includes(pair), `a result for a version no record named: ${shown}`);
    assert.ok(!seen.has(pair), `the same version twice: ${shown}`);
    seen.add(pair);
    const field = SUMMARY_OF[result.outcome];
    assert.ok(field, `outcome ${String(result.outcome)} (no approvals, no dry run, KMS healthy): ${shown}`);
    counted[field]!++;
    if (result.outcome === 'failed') assert.ok(FINAL_CODES.includes(result.error?.code), `a failure KMS would not give: ${shown}`);
    assert.ok(isObject(result.scheduledBy), `who scheduled it: ${shown}`);
    for (const [name, value] of Object.entries(result.scheduledBy)) {
      assert.ok(SCHEDULED_BY_FIELDS.has(name), `scheduledBy.${name}: ${shown}`);
      assert.equal(typeof value, 'string', `scheduledBy.${name} must be text: ${shown}`);
    }
  }
  assert.deepEqual(summary, counted, 'the summary counts the results');

  if (served.records) {
    const acted = (results as unknown[]).length + (keyResults as unknown[]).length;
    const total = acted + (ignored as number) + (poison as number);
    assert.equal(total, served.records.length, `every record counted once: ${acted} results, ${ignored} ignored, ${poison} poison`);
    for (const bucket of ['result', 'ignored', 'poison'] as Bucket[]) {
      const count = bucket === 'result' ? acted : bucket === 'ignored' ? (ignored as number) : (poison as number);
      const least = served.records.filter((buckets) => buckets.length === 1 && buckets[0] === bucket).length;
      const most = served.records.filter((buckets) => buckets.includes(bucket)).length;
      assert.ok(count >= least && count <= most, `${bucket}: ${count}, the contract says ${least} to ${most}`);
    }
  }
  const text = JSON.stringify(answer);
  for (const marker of TOKEN_INFO_MARKERS) assert.ok(!text.includes(marker), `the event's token information (${marker}) in the answer`);
}

/**
 * With ENFORCE_DELETION_PROTECTION off and no approvals, the only key results are deletions: each of a key
 * some record deleted, once, paged with who did it and until when support can restore the key.
 */
function checkKeyResults(
  keyResults: Array<Record<string, any>>,
  keySummary: unknown,
  served: Extract<Served, { kind: 'audit-answer' }>,
): void {
  const seen = new Set<string>();
  for (const result of keyResults) {
    const shown = JSON.stringify(result).slice(0, 300);
    assert.ok(served.pairs.includes(`delete/${result.keyId}`), `a key result for a key no record deleted: ${shown}`);
    assert.ok(!seen.has(result.keyId), `the same deletion twice: ${shown}`);
    seen.add(result.keyId);
    assert.deepEqual([result.change, result.outcome], ['DeleteSymmetricKey', 'deleted'], shown);
    assert.ok(Number.isFinite(Date.parse(result.restorableUntil)), `until when support can restore it: ${shown}`);
    assert.ok(isObject(result.changedBy), `who deleted it: ${shown}`);
    for (const [name, value] of Object.entries(result.changedBy)) {
      assert.ok(SCHEDULED_BY_FIELDS.has(name), `changedBy.${name}: ${shown}`);
      assert.equal(typeof value, 'string', `changedBy.${name} must be text: ${shown}`);
    }
  }
  assert.deepEqual(keySummary, { ...NO_KEY_OUTCOMES, deleted: keyResults.length }, 'the key summary counts the deletions');
}
