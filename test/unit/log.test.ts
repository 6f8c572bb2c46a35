import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../shared/log.ts';
import { scrubberFor } from '../../shared/secrets.ts';

test('log lines are single-line JSON with level, msg, request_id and the function name', () => {
  const lines: string[] = [];
  const log = createLogger({ functionName: 'list-versions', requestId: 'req-1', level: 'INFO', write: (l) => lines.push(l) });
  log.info('swept', { keys: 3, note: 'two\nlines' });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes('\n'));
  assert.deepEqual(JSON.parse(lines[0]!), {
    level: 'INFO',
    msg: 'swept',
    request_id: 'req-1',
    function: 'list-versions',
    keys: 3,
    note: 'two\nlines',
  });
});

test('records below LOG_LEVEL are dropped', () => {
  const lines: string[] = [];
  const log = createLogger({ functionName: 'f', requestId: 'r', level: 'WARN', write: (l) => lines.push(l) });
  log.info('quiet');
  log.warn('loud');
  assert.deepEqual(
    lines.map((l) => JSON.parse(l).msg),
    ['loud'],
  );
});

test('a secret is masked wherever it appears in a record', () => {
  const lines: string[] = [];
  const secret = 't1.9euelZrIyMjIyMjI-secret';
  const log = createLogger({ functionName: 'f', requestId: 'r', level: 'INFO', scrub: scrubberFor([secret]), write: (l) => lines.push(l) });
  log.error(`failed with ${secret}`, { header: `Bearer ${secret}` });
  assert.ok(!lines[0]!.includes(secret));
  assert.match(lines[0]!, /\[REDACTED\]/);
});
