// `npm start`: build the functions, start the KMS emulator with demo keys (unless KMS_ENDPOINT and
// YC_IAM_TOKEN point at a real KMS; KMS_ENDPOINT alone is refused), and serve the functions on 127.0.0.1
// as the platform would.
import path from 'node:path';
import { buildFunctions, PROJECT_ROOT } from '../scripts/lib/bundle-functions.ts';
import { DEMO_FOLDER_ID, DEMO_ORGANIZATION_ID, demoSeed } from './emulator/demo-seed.ts';
import { type Emulator, type SeedData, startEmulator } from './emulator/index.ts';
import { startHost } from './host/index.ts';
import { DEMO_TOKEN, KmsTargetError } from './kms-target.ts';
import { loadBundles } from './load-bundles.ts';
import { readStartOptions, StartOptionError, type StartOptions } from './start-options.ts';

const SCOPE_VARIABLES = ['KMS_KEY_IDS', 'KMS_FOLDER_ID', 'KMS_FOLDER_IDS', 'KMS_CLOUD_IDS', 'KMS_ORGANIZATION_ID'];
const GUARD = 'cancel-version-destruction';

async function main(): Promise<void> {
  const options = readStartOptions(process.env);
  if (!process.argv.includes('--no-build')) await buildFunctions();

  let emulator: Emulator | undefined;
  let seed: SeedData | undefined;
  if (!options.externalKms) {
    seed = demoSeed();
    emulator = await startEmulator({ seed });
    // The functions read these at every call; sweeps cover the demo organization unless told otherwise,
    // and every sweep and batch writes its figures to the emulator's Monitoring.
    for (const name of ['KMS_ENDPOINT', 'OPERATION_ENDPOINT', 'RESOURCE_MANAGER_ENDPOINT', 'MONITORING_ENDPOINT']) {
      process.env[name] = emulator.url;
    }
    if (!SCOPE_VARIABLES.some((name) => process.env[name])) process.env.KMS_ORGANIZATION_ID = DEMO_ORGANIZATION_ID;
    process.env.MONITORING_FOLDER_ID ||= DEMO_FOLDER_ID;
    // The demo shows the deletion defense at work: protection turned off is turned on again at once.
    process.env.ENFORCE_DELETION_PROTECTION ||= 'true';
  }
  // An empty variable counts as unset, as it does for the functions.
  const token = options.externalKms?.token || process.env.YC_IAM_TOKEN || DEMO_TOKEN;
  const functions = loadBundles(path.join(PROJECT_ROOT, 'dist'));
  const host = await startHost({
    port: options.port,
    functions,
    token: () => token,
    timers: { intervalMs: options.timerIntervalMs },
    // The real-time guard: the emulator's Audit Trails records reach the cancel function as a Cloud
    // Logging trigger would deliver them.
    loggingTriggers:
      emulator && functions[GUARD] && options.auditTrigger.enabled
        ? [
            {
              functionName: GUARD,
              source: emulator.audit,
              batchSize: options.auditTrigger.batchSize,
              cutoffMs: options.auditTrigger.cutoffMs,
            },
          ]
        : [],
  });

  console.log(banner(host.url, emulator, seed, options));
  const stop = async () => {
    await host.close();
    await emulator?.close();
    console.log('stopped');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function banner(url: string, emulator: Emulator | undefined, seed: SeedData | undefined, options: StartOptions): string {
  const { timerIntervalMs } = options;
  const key = seed?.keys[0];
  const keyId = key?.id ?? '<keyId>';
  const scheduled = key?.versions?.find((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION')?.id ?? '<versionId>';
  return [
    'kms-version-guard is running locally',
    emulator
      ? `  KMS emulator  ${emulator.url}  (demo keys: ${seed!.keys.map((k) => k.id).join(', ')})`
      : `  KMS           ${process.env.KMS_ENDPOINT}`,
    `  functions     ${url}`,
    `    GET  ${url}/keys/{keyId}/versions                    list-versions (API Gateway style)`,
    `    POST ${url}/keys/{keyId}:cancelVersionDestruction     cancel-version-destruction (API Gateway style)`,
    `    ANY  ${url}/functions/{name}[?integration=raw]         function URL style`,
    `    POST ${url}/timers/{name}                             fire a timer now${timerIntervalMs ? ` (also every ${timerIntervalMs / 1000} s)` : ''}`,
    'Try:',
    `  curl '${url}/keys/${keyId}/versions'`,
    `  curl '${url}/keys/${keyId}/versions?status=SCHEDULED_FOR_DESTRUCTION'`,
    `  curl -X POST '${url}/keys/${keyId}:cancelVersionDestruction?wait=true' -H 'Content-Type: application/json' -d '{"versionId":"${scheduled}"}'`,
    `  curl -X POST '${url}/timers/list-versions'`,
    ...(emulator ? emulatorLines(emulator, seed, options.auditTrigger.enabled) : []),
    'Ctrl+C stops.',
  ].join('\n');
}

/** The real-time guard, the key deletion defense and the metrics, shown on the emulator. */
function emulatorLines(emulator: Emulator, seed: SeedData | undefined, realTimeGuard: boolean): string[] {
  const key = seed?.keys[0];
  const active = key?.versions?.find((v) => (v.status ?? 'ACTIVE') === 'ACTIVE' && !v.primary)?.id ?? '<versionId>';
  const guarded = seed?.keys.find((k) => k.deletionProtection)?.id ?? '<keyId>';
  const unprotected = seed?.keys.find((k) => !k.deletionProtection)?.id ?? '<keyId>';
  const auth = `-H 'Authorization: Bearer ${DEMO_TOKEN}'`;
  const enforced = process.env.ENFORCE_DELETION_PROTECTION === 'true';
  return [
    realTimeGuard
      ? 'Schedule a destruction as a person would (the guard cancels it within a second, and its log names who did it):'
      : 'Schedule a destruction as a person would (AUDIT_TRIGGER=off: the real-time guard is off, a guard sweep cancels it):',
    `  curl -X POST '${emulator.url}/kms/v1/keys/${key?.id ?? '<keyId>'}:scheduleVersionDestruction' ${auth} -H 'Content-Type: application/json' -d '{"versionId":"${active}"}'`,
    realTimeGuard && enforced
      ? "Turn a key's deletion protection off (the guard turns it on again at once, and its WARN line names who turned it off):"
      : "Turn a key's deletion protection off (the real-time guard does not restore it: AUDIT_TRIGGER=off or ENFORCE_DELETION_PROTECTION=false):",
    `  curl -X PATCH '${emulator.url}/kms/v1/keys/${guarded}' ${auth} -H 'Content-Type: application/json' -d '{"updateMask":"deletionProtection","deletionProtection":false}'`,
    realTimeGuard
      ? 'Delete the key without protection (no API can undo it: the guard pages at once with an ERROR naming who, and until when support can restore it):'
      : 'Delete the key without protection (no API can undo it; AUDIT_TRIGGER=off: nothing pages):',
    `  curl -X DELETE '${emulator.url}/kms/v1/keys/${unprotected}' ${auth}`,
    'Restore the deleted key as Yandex Cloud support would, within 72 hours:',
    `  curl -X POST '${emulator.url}/_emulator/restore' -d '{"keyId":"${unprotected}"}'`,
    'What the guard wrote to Monitoring, and the audit records it saw:',
    `  curl '${emulator.url}/_emulator/metrics'`,
    `  curl '${emulator.url}/_emulator/audit'`,
  ];
}

main().catch((error: unknown) => {
  // A bad setting or a busy port: say what to fix, without a stack trace.
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    error instanceof StartOptionError || error instanceof KmsTargetError
      ? error.message
      : code === 'EADDRINUSE'
        ? `port ${process.env.PORT ?? 3000} is in use; set PORT to another one (or 0 for any free port)`
        : (error as Error).message;
  console.error(`npm start: ${message}`);
  process.exit(1);
});
