import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { readConfig } from '../../shared/config.ts';
import { configurationProblems, isStaleRuntimeList, otherAlarms } from './framework-output.ts';
import { loadHandlerInFreshNode } from './load-handler.ts';
import { PLACEHOLDER_TOKEN, type ProcessRun, ROOT, readServerlessYaml, runServerless } from './run-serverless.ts';

// serverless.yaml through the real Serverless Framework v3 and @yandex-cloud/serverless-plugin, offline:
// placeholder credentials, telemetry and notifications off, and every connection refused
// (block-network.cjs). `print` and `package` never need the cloud; only deploy, remove, info and invoke do.
// Reads what `npm run build` wrote in dist/ and never rebuilds it (other test files read it too).

interface PrintedFunction {
  name: string;
  handler: string;
  account?: string;
  memorySize?: number;
  timeout?: string;
  environment?: Record<string, unknown>;
  package?: { artifact?: string };
  events?: Array<Record<string, Record<string, unknown>>>;
}
interface PrintedConfig {
  provider: { name: string; runtime?: string };
  package?: { individually?: boolean };
  functions: Record<string, PrintedFunction>;
  resources?: Record<string, { type?: string; roles?: string[] }>;
}

const functionNames = readdirSync(path.join(ROOT, 'functions')).sort();
// the functions' table of docs/configuration.md, and the two tuning knobs of shared/config.ts. YC_IAM_TOKEN is
// left out on purpose: in the cloud the token comes from the function's service account.
const SETTINGS = new Set([
  'KMS_ENDPOINT',
  'OPERATION_ENDPOINT',
  'RESOURCE_MANAGER_ENDPOINT',
  'MONITORING_ENDPOINT',
  'KMS_KEY_IDS',
  'KMS_FOLDER_IDS',
  'KMS_FOLDER_ID',
  'KMS_CLOUD_IDS',
  'KMS_ORGANIZATION_ID',
  'PROTECT_LABEL',
  'APPROVED_SUBJECT_IDS',
  'APPROVAL_LABEL',
  'DELETION_APPROVAL_LABEL',
  'ENFORCE_DELETION_PROTECTION',
  'DRY_RUN',
  'ALLOWED_KEY_IDS',
  'CHAIN_URL',
  'CHAIN_SEND_TOKEN',
  'MONITORING_FOLDER_ID',
  'SWEEP_CONCURRENCY',
  'LOG_LEVEL',
  'KMS_REQUEST_TIMEOUT_MS',
  'KMS_MAX_ATTEMPTS',
]);
// What each function is deployed with: the scope, approvals and metrics for both (list-versions leaves
// approved destructions out of its hours_to_next_destruction figure), the hand-off for list-versions, the
// dry run for the cancel function. The endpoints are left to the code's defaults.
const BOTH = [
  'KMS_KEY_IDS',
  'KMS_FOLDER_IDS',
  'KMS_FOLDER_ID',
  'KMS_CLOUD_IDS',
  'KMS_ORGANIZATION_ID',
  'PROTECT_LABEL',
  'ALLOWED_KEY_IDS',
  'APPROVED_SUBJECT_IDS',
  'APPROVAL_LABEL',
  'DELETION_APPROVAL_LABEL',
  'MONITORING_FOLDER_ID',
  'SWEEP_CONCURRENCY',
  'LOG_LEVEL',
];
const DEPLOYED: Record<string, string[]> = {
  'list-versions': [...BOTH, 'CHAIN_URL', 'CHAIN_SEND_TOKEN'],
  'cancel-version-destruction': [...BOTH, 'DRY_RUN', 'ENFORCE_DELETION_PROTECTION'],
};
// A value for every deployed variable, each different, each one the code accepts: set in the deployer's
// shell, each must reach the function under its own name.
const SHELL: Record<string, string> = {
  KMS_KEY_IDS: 'abjshellkey00000001,abjshellkey00000002',
  KMS_FOLDER_IDS: 'b1gshellfolder00001,b1gshellfolder00002',
  KMS_FOLDER_ID: 'b1gshellfolder00003',
  KMS_CLOUD_IDS: 'b1gshellcloud000001,b1gshellcloud000002',
  KMS_ORGANIZATION_ID: 'bpfshellorg00000001',
  PROTECT_LABEL: 'guard=shell',
  ALLOWED_KEY_IDS: 'abjshellkey00000001,abjshellkey00000002,abjshellkey00000003',
  APPROVED_SUBJECT_IDS: 'ajeshellsubject0001',
  APPROVAL_LABEL: 'shell-approved',
  DELETION_APPROVAL_LABEL: 'shell-retire-ok',
  ENFORCE_DELETION_PROTECTION: 'true',
  MONITORING_FOLDER_ID: 'b1gshellmetrics0001',
  SWEEP_CONCURRENCY: '13',
  LOG_LEVEL: 'DEBUG',
  CHAIN_URL: 'https://functions.yandexcloud.net/d4eshellfunction001?integration=raw',
  CHAIN_SEND_TOKEN: 'true',
  DRY_RUN: 'true',
};
// The roles of the functions' accounts: KMS as each needs it, and Monitoring for the figures.
const FUNCTION_ROLES: Record<string, string[]> = {
  'kms-guard-lister': ['kms.viewer', 'monitoring.editor'],
  'kms-guard-canceller': ['kms.admin', 'monitoring.editor'],
};
const REGULAR_FUNCTION_MAX_SECONDS = 600;
const ENVIRONMENT_MAX_BYTES = 4096;
// Names of functions, triggers, queues and service accounts in Yandex Cloud.
const CLOUD_NAME = /^[a-z][-a-z0-9]{1,61}[a-z0-9]$/;

const events = (fn: PrintedFunction, type: string) => (fn.events ?? []).flatMap((event) => (event[type] ? [event[type]] : []));

function assertCleanRun(run: ProcessRun, what: string): void {
  assert.equal(run.code, 0, `${what} failed:\n${run.stdout}\n${run.stderr}`);
  assert.deepEqual(run.networkAttempts, [], `${what} tried to reach the network`);
  const problems = configurationProblems(`${run.stdout}\n${run.stderr}`);
  assert.deepEqual(
    problems.filter((problem) => !isStaleRuntimeList(problem)),
    [],
    `${what}: configuration problems`,
  );
  assert.equal(
    problems.filter(isStaleRuntimeList).length,
    1,
    `${what}: the plugin now accepts nodejs22; set configValidationMode: error in serverless.yaml and drop this exception`,
  );
  // The framework logs to stderr; stdout carries what the command prints (print's configuration).
  assert.deepEqual(otherAlarms(run.stderr), [], `${what}: other warnings`);
}

describe('serverless.yaml, read by the real Serverless Framework', { timeout: 60_000 }, () => {
  let print: ProcessRun;
  let pack: ProcessRun;
  let printFromShell: ProcessRun;
  let config: PrintedConfig;
  let configFromShell: PrintedConfig;

  before(async () => {
    assert.ok(existsSync(path.join(ROOT, 'dist')), 'dist/ is missing: run `npm run build` first');
    const yaml = await readServerlessYaml();
    [print, pack, printFromShell] = await Promise.all([
      runServerless(yaml, ['print', '--format', 'json']),
      runServerless(yaml, ['package']),
      runServerless(yaml, ['print', '--format', 'json'], SHELL),
    ]);
    // The tests below read the resolved configuration; when print failed, the first test says why.
    const parsed = (run: ProcessRun) =>
      run.code === 0 ? (JSON.parse(run.stdout) as PrintedConfig) : { provider: { name: '' }, functions: {} };
    config = parsed(print);
    configFromShell = parsed(printFromShell);
  });

  test('`serverless print` passes offline, with no configuration warning but the stale runtime list', () => {
    assertCleanRun(print, 'serverless print');
  });

  test('`serverless package` passes offline, with no configuration warning but the stale runtime list', () => {
    assertCleanRun(pack, 'serverless package');
  });

  test('every function in functions/ is deployed from its own zip on nodejs22', () => {
    assert.deepEqual(Object.keys(config.functions).sort(), functionNames);
    assert.equal(config.provider.runtime, 'nodejs22', 'the plugin takes the runtime from provider only');
    assert.equal(config.package?.individually, true);
    for (const name of functionNames) {
      assert.equal(config.functions[name]!.handler, 'index.handler', name);
      assert.equal(config.functions[name]!.package?.artifact, `dist/${name}.zip`, name);
    }
  });

  for (const name of functionNames) {
    test(`${name}: its artifact exists, holds the entrypoint at the zip root, and the handler loads`, async () => {
      const fn = config.functions[name]!;
      const artifact = path.resolve(ROOT, fn.package!.artifact!);
      assert.ok(existsSync(artifact), `${artifact} is missing`);
      const fileName = `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.js`;
      const exportName = fn.handler.slice(fn.handler.lastIndexOf('.') + 1);
      const files = unzipSync(readFileSync(artifact));
      assert.ok(files[fileName], `${fileName} is not at the root of ${fn.package!.artifact} (holds: ${Object.keys(files).join(', ')})`);
      const loaded = await loadHandlerInFreshNode(files[fileName], fileName, exportName);
      assert.equal(loaded.run.code, 0, `loading the bundle failed:\n${loaded.run.stderr}`);
      assert.equal(loaded.type, 'function', `${fileName} exports ${exportName} as ${loaded.type}`);
      assert.equal(loaded.esm, false, 'the runtime loads CommonJS');
      assert.deepEqual(loaded.run.networkAttempts, [], 'loading the handler touched the network');
    });
  }

  test('memory, timeout and names fit the platform', () => {
    for (const [key, fn] of Object.entries(config.functions)) {
      const memory = fn.memorySize ?? 0;
      assert.ok(
        memory >= 128 && memory <= 8192 && memory % 128 === 0,
        `${key}: memorySize ${memory} MB is not a multiple of 128 MB in 128-8192`,
      );
      assert.match(fn.timeout ?? '', /^\d+$/, `${key}: timeout must be whole seconds, as a string (the plugin's schema)`);
      assert.ok(Number(fn.timeout) <= REGULAR_FUNCTION_MAX_SECONDS, `${key}: a regular function runs 10 minutes at most`);
      // The plugin names each trigger `<function name>-<type>`.
      for (const cloudName of [fn.name, `${fn.name}-cron`, `${fn.name}-ymq`]) assert.match(cloudName, CLOUD_NAME);
    }
    for (const name of Object.keys(config.resources ?? {})) assert.match(name, CLOUD_NAME);
  });

  test("timers use the platform's cron: Minutes Hours Day-of-month Month Day-of-week [Year], one day field '?'", () => {
    const crons = Object.values(config.functions).flatMap((fn) => events(fn, 'cron'));
    assert.equal(crons.length, functionNames.length, 'one timer per function');
    for (const { expression } of crons) {
      const fields = String(expression).split(' ');
      assert.ok(fields.length === 5 || fields.length === 6, `${expression}: 5 or 6 fields, no seconds`);
      assert.equal([fields[2], fields[4]].filter((field) => field === '?').length, 1, `${expression}: exactly one day field is '?'`);
    }
  });

  test('every account and queue named is declared under resources, and every account is used', () => {
    const declared = (type: string) =>
      new Set(
        Object.entries(config.resources ?? {})
          .filter(([, r]) => r.type === type)
          .map(([name]) => name),
      );
    const accounts = declared('yc::ServiceAccount');
    const queues = declared('yc::MessageQueue');
    const namedAccounts: unknown[] = [];
    const namedQueues: unknown[] = [];
    for (const fn of Object.values(config.functions)) {
      namedAccounts.push(fn.account);
      for (const cron of events(fn, 'cron')) {
        namedAccounts.push(cron.account, ...(cron.dlq ? [cron.dlqAccount] : []));
        if (cron.dlq) namedQueues.push(cron.dlq);
      }
      for (const ymq of events(fn, 'ymq')) {
        namedAccounts.push(ymq.account, ymq.queueAccount);
        namedQueues.push(ymq.queue);
      }
    }
    // The plugin passes an unknown name on as "no account" and the cloud fails later; catch it here.
    for (const name of namedAccounts) assert.ok(accounts.has(String(name)), `service account ${String(name)} is not declared`);
    for (const name of namedQueues) assert.ok(queues.has(String(name)), `queue ${String(name)} is not declared`);
    assert.deepEqual(
      [...accounts].filter((name) => !namedAccounts.includes(name)),
      [],
      'declared but unused service accounts',
    );
  });

  test('the environment holds documented settings only, as strings the code accepts, and no token', () => {
    for (const [key, fn] of Object.entries(config.functions)) {
      const environment = fn.environment ?? {};
      for (const [name, value] of Object.entries(environment)) {
        assert.ok(SETTINGS.has(name), `${key}: ${name} is not a documented setting`);
        assert.equal(typeof value, 'string', `${key}: ${name} must be a string`);
      }
      assert.ok(Buffer.byteLength(JSON.stringify(environment)) <= ENVIRONMENT_MAX_BYTES, `${key}: environment over 4 KB`);
      assert.doesNotThrow(() => readConfig(environment as NodeJS.ProcessEnv), `${key}: the defaults must be a valid configuration`);
    }
    assert.ok(!print.stdout.includes(PLACEHOLDER_TOKEN), 'the deploy token ended up in the configuration');
  });

  test('each function is deployed with its settings, organization scope included, and no endpoint', () => {
    assert.deepEqual(Object.keys(DEPLOYED).sort(), functionNames);
    for (const [key, fn] of Object.entries(config.functions)) {
      assert.deepEqual(Object.keys(fn.environment ?? {}).sort(), [...DEPLOYED[key]!].sort(), key);
      // Unset in the shell: empty (unset to the code), but for the two tuning knobs and the cancel function's two switches.
      const nonEmpty = Object.entries(fn.environment ?? {}).filter(([, value]) => value !== '');
      const expected = [
        ['LOG_LEVEL', 'INFO'],
        ['SWEEP_CONCURRENCY', '8'],
        ...(key === 'cancel-version-destruction'
          ? [
              ['DRY_RUN', 'false'],
              ['ENFORCE_DELETION_PROTECTION', 'false'],
            ]
          : []),
      ];
      assert.deepEqual(nonEmpty.sort(), expected.sort(), key);
    }
  });

  test("each deployed variable takes the deployer's shell variable of the same name", () => {
    assertCleanRun(printFromShell, 'serverless print with the settings in the shell');
    for (const [key, fn] of Object.entries(configFromShell.functions)) {
      const environment = fn.environment ?? {};
      assert.deepEqual(environment, Object.fromEntries(DEPLOYED[key]!.map((name) => [name, SHELL[name]])), key);
      const read = readConfig(environment as NodeJS.ProcessEnv);
      assert.deepEqual(read.cloudIds, ['b1gshellcloud000001', 'b1gshellcloud000002'], key);
      assert.equal(read.organizationId, 'bpfshellorg00000001', key);
      assert.deepEqual(read.folderIds, ['b1gshellfolder00001', 'b1gshellfolder00002', 'b1gshellfolder00003'], key);
    }
  });

  test('the function accounts hold their KMS role and monitoring.editor, bound on the deploy folder', () => {
    for (const [account, roles] of Object.entries(FUNCTION_ROLES)) {
      assert.equal(config.resources?.[account]?.type, 'yc::ServiceAccount', account);
      assert.deepEqual([...(config.resources?.[account]?.roles ?? [])].sort(), roles, account);
    }
    const accounts = Object.fromEntries(Object.entries(config.functions).map(([key, fn]) => [key, fn.account]));
    assert.deepEqual(accounts, { 'list-versions': 'kms-guard-lister', 'cancel-version-destruction': 'kms-guard-canceller' });
  });
});

describe('a broken copy of serverless.yaml is refused', { timeout: 60_000 }, () => {
  let misspelled: ProcessRun;
  let misspelledStrict: ProcessRun;
  let missingArtifact: ProcessRun;

  /** Applies one edit to the text and insists it matched, so a changed serverless.yaml cannot void the test. */
  function edit(text: string, pattern: RegExp, replacement: string): string {
    const edited = text.replace(pattern, replacement);
    assert.notEqual(edited, text, `serverless.yaml no longer matches ${pattern}`);
    return edited;
  }

  before(async () => {
    const yaml = await readServerlessYaml();
    const withTypo = edit(yaml, /^(\s*- )cron:/m, '$1crom:');
    [misspelled, misspelledStrict, missingArtifact] = await Promise.all([
      runServerless(withTypo, ['print', '--format', 'json']),
      runServerless(edit(withTypo, /^configValidationMode: warn$/m, 'configValidationMode: error'), ['print', '--format', 'json']),
      runServerless(edit(yaml, /artifact: dist\/[^\s]+\.zip/, 'artifact: dist/no-such-function.zip'), ['package']),
    ]);
  });

  test('a misspelled event key: the framework warns, and the gate above fails it', () => {
    assert.equal(misspelled.code, 0, 'in warn mode the framework itself only warns');
    const unexpected = configurationProblems(misspelled.stderr).filter((problem) => !isStaleRuntimeList(problem));
    assert.equal(unexpected.length, 1, misspelled.stderr);
    assert.match(unexpected[0]!.path, /^functions\.[^.]+\.events\.\d+$/);
    assert.equal(unexpected[0]!.message, 'unsupported function event');
    assert.throws(() => assertCleanRun(misspelled, 'the broken copy'), /configuration problems/);
  });

  test('the same copy in error mode: the framework itself exits with a configuration error', () => {
    assert.notEqual(misspelledStrict.code, 0);
    // The framework prints a fatal error on stdout.
    assert.match(misspelledStrict.stdout, /Configuration error/);
    assert.ok(configurationProblems(misspelledStrict.stdout).some((problem) => problem.message === 'unsupported function event'));
  });

  test('an artifact that is not there: `serverless package` fails', () => {
    assert.notEqual(missingArtifact.code, 0);
    assert.match(missingArtifact.stdout, /Cannot access package artifact at "dist\/no-such-function\.zip"/);
  });

  test('none of the broken runs touched the network', () => {
    for (const run of [misspelled, misspelledStrict, missingArtifact]) assert.deepEqual(run.networkAttempts, []);
  });
});
