// The properties every answer has, whatever the input: a well-formed HTTP result or a value / an Error
// named by its code; no 5xx while KMS is healthy; 4xx and no KMS request for bad input; no stack trace,
// token or file path anywhere; nothing but validated IDs in KMS URLs.
import assert from 'node:assert/strict';
import { GRPC_CODES, type GrpcCodeName } from '../../../shared/errors/grpc-codes.ts';
import { TEST_TOKEN } from '../../support/kms.ts';
import { checkAuditAnswer } from './audit-answer.ts';
import { requestProblems } from './kms-requests.ts';
import type { Run } from './lab.ts';
import type { Sample, Served } from './sample.ts';
import { isObject, own } from './verdict.ts';

/** Codes that say "the request" rather than "the service" failed (4xx in the KMS mapping). */
const CALLER_CODES = new Set([
  'CANCELLED',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNAUTHENTICATED',
]);
/** A V8 stack frame: "    at fn (file:1:2)", "    at file:1:2", "    at new X (<anonymous>)". */
const STACK_FRAME = /^[ \t]+at .+(:\d+:\d+\)?|\(<anonymous>\)|\(native\))$/m;
const SOURCE_PATH = process.cwd();
const SETTLED = ['cancelled', 'already-active'];

export type EventKind = 'http' | 'other' | 'either';

/** The contract recognises an HTTP call by its httpMethod; with one that is not text it could be either. */
export function kindOf(event: unknown): EventKind {
  const method = own(event, 'httpMethod');
  if (method === undefined) return 'other';
  return typeof method === 'string' ? 'http' : 'either';
}

export function checkRun(run: Run, s: Sample): void {
  assert.deepEqual(run.problems, [], 'the call wrote bad output or left a rejection behind');
  assert.deepEqual(requestProblems(run.requests), [], 'KMS requests');
  if (s.verdict === 'invalid') {
    assert.deepEqual(
      run.requests.map((r) => `${r.method} ${r.path}`),
      [],
      'bad input reached KMS',
    );
  }
  const { outcome } = run;
  assert.notEqual(outcome.kind, 'hung', 'the handler did not settle: a hang');
  const kind = kindOf(s.event);
  if (outcome.kind === 'thrown') {
    assert.notEqual(kind, 'http', `an HTTP call must be answered, not thrown: ${describeError(outcome.error)}`);
    checkThrown(outcome.error, s);
  } else if (outcome.kind === 'value') {
    if (kind === 'http' || (kind === 'either' && isObject(outcome.value) && 'statusCode' in outcome.value))
      checkHttpResult(outcome.value, s);
    else checkValue(outcome.value, s);
  }
}

function checkHttpResult(result: unknown, s: Sample): void {
  assert.ok(isObject(result), `not an HTTP result: ${typeof result}`);
  const { statusCode, headers, body } = result;
  assert.ok(
    Number.isInteger(statusCode) && (statusCode as number) >= 100 && (statusCode as number) <= 599,
    `statusCode ${String(statusCode)}`,
  );
  const status = statusCode as number;
  assert.ok(isObject(headers), 'headers must be an object');
  for (const [name, value] of Object.entries(headers)) assert.equal(typeof value, 'string', `header ${name} must be text`);
  assert.equal(typeof body, 'string', 'body must be text');
  if (result.isBase64Encoded !== undefined) assert.equal(result.isBase64Encoded, false, 'a JSON body is not base64');
  checkText(body as string, 'the body');
  let json: unknown;
  assert.doesNotThrow(() => (json = JSON.parse(body as string)), 'the body must be JSON');
  assert.ok(status < 500, `${status} (${String(own(json, 'message'))}): KMS is healthy, so no input may get a 5xx`);
  if (status >= 400) {
    const shape = json as { code?: unknown; message?: unknown; details?: unknown };
    assert.ok(
      isObject(json) && Number.isInteger(shape.code) && typeof shape.message === 'string' && Array.isArray(shape.details),
      `error body not in the KMS shape: ${String(body).slice(0, 200)}`,
    );
    if (s.expect.code) assert.equal(shape.code, GRPC_CODES[s.expect.code as GrpcCodeName], `code of ${String(body).slice(0, 200)}`);
  }
  if (s.verdict === 'invalid') assert.ok(status >= 400 && status < 500, `bad input answered with ${status}`);
  if (s.expect.status !== undefined) assert.equal(status, s.expect.status, `status, answer: ${String(body).slice(0, 300)}`);
  if (s.expect.served) checkServed(json, s.expect.served);
}

function checkThrown(error: unknown, s: Sample): void {
  assert.ok(error instanceof Error, `threw something that is not an Error: ${String(error)}`);
  const match = /^([A-Z_]+): /.exec(error.message);
  assert.ok(
    match && match[1]! in GRPC_CODES,
    `the message must start with a gRPC code name: ${JSON.stringify(error.message.slice(0, 200))}`,
  );
  const code = match[1]!;
  checkText(error.message, 'the error message');
  checkText(String(error.stack ?? ''), 'the error stack the platform shows');
  assert.ok(CALLER_CODES.has(code), `${error.message.slice(0, 300)}: KMS is healthy, so no input may fail with ${code}`);
  if (s.expect.code) assert.equal(code, s.expect.code, error.message.slice(0, 300));
  assert.equal(s.expect.served, undefined, `a call that must be served failed: ${error.message.slice(0, 300)}`);
}

function checkValue(value: unknown, s: Sample): void {
  assert.equal(s.expect.code, undefined, `bad input must fail with ${s.expect.code}, but the call returned a value`);
  let text = '';
  assert.doesNotThrow(() => (text = JSON.stringify(value) ?? ''), 'the platform serialises the value as JSON');
  checkText(text, 'the returned value');
  if (s.expect.served) checkServed(value, s.expect.served);
}

/** No stack frame, token or source path in anything a caller sees. */
function checkText(text: string, what: string): void {
  // Inside JSON a stack's line breaks are escaped: look at them as lines too.
  const frame = STACK_FRAME.exec(text.replace(/\\n/g, '\n'));
  assert.equal(frame, null, `a stack frame in ${what}: ${JSON.stringify(frame?.[0])}`);
  assert.ok(!text.includes(TEST_TOKEN), `the IAM token in ${what}`);
  assert.ok(!text.includes(SOURCE_PATH) && !text.includes('node:internal'), `a source path in ${what}`);
}

function checkServed(answer: unknown, served: Served): void {
  const a = answer as Record<string, any>;
  switch (served.kind) {
    case 'versions-page': {
      assert.ok(Array.isArray(a?.keyVersions), 'keyVersions');
      for (const version of a.keyVersions) {
        assert.equal(version.keyId, served.keyId, 'a version of another key');
        if (served.status) assert.equal(version.status, served.status, 'status filter');
      }
      if (served.all) assert.equal(a.nextPageToken, undefined, 'all=true leaves no next page');
      else if (served.pageSize) assert.ok(a.keyVersions.length <= served.pageSize, 'more versions than pageSize');
      return;
    }
    case 'cancel-one':
      assert.deepEqual([a?.keyId, a?.versionId], [served.keyId, served.versionId], 'the version answered for');
      assert.ok(SETTLED.includes(a.outcome), `outcome ${String(a.outcome)}`);
      return;
    case 'cancel-batch':
      assert.equal(a?.results?.length, served.items, 'one result per item');
      for (const result of a.results) assert.ok(SETTLED.includes(result.outcome), `outcome ${JSON.stringify(result).slice(0, 300)}`);
      return;
    case 'sweep-report':
      assert.ok(Array.isArray(a?.scheduled) && Array.isArray(a.errors), 'a sweep report');
      assert.deepEqual(a.errors, [], 'errors sweeping keys KMS holds');
      assert.equal(a.complete, true, 'complete');
      // A dry run changes nothing: every version found is one the guard would cancel.
      for (const result of a.results ?? []) {
        const expected = a.dryRun === true ? ['would-cancel'] : SETTLED;
        assert.ok(expected.includes(result.outcome), `outcome ${JSON.stringify(result).slice(0, 300)}`);
      }
      return;
    case 'audit-answer':
      checkAuditAnswer(answer, served);
      return;
    case 'queue-outcomes':
      assert.ok(Array.isArray(answer) && answer.length === served.messages.length, 'one outcome per message');
      served.messages.forEach((verdict, i) => {
        const entry = (answer as unknown[])[i];
        assert.ok(isObject(entry), `outcome ${i}`);
        const outcome = entry as Record<string, any>;
        if (verdict === 'invalid')
          assert.equal(
            outcome.rejected?.code,
            'INVALID_ARGUMENT',
            `bad message ${i} must be refused: ${JSON.stringify(outcome).slice(0, 300)}`,
          );
        if (verdict === 'valid' || verdict === 'served')
          assert.ok(Array.isArray(outcome.results), `message ${i} must be worked: ${JSON.stringify(outcome).slice(0, 300)}`);
        if (verdict === 'served')
          for (const r of outcome.results) assert.ok(SETTLED.includes(r.outcome), `message ${i}: ${JSON.stringify(r).slice(0, 300)}`);
      });
      return;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error);
}
