// `npm run invoke -- <function> <event.json>`: calls a built bundle with an event file, as the platform
// would, and prints what it answered on stdout (the function's log lines go to stderr). Without
// KMS_ENDPOINT it runs against an embedded emulator with the demo keys, so the sample events in
// test/events/ work as they are; with KMS_ENDPOINT it needs YC_IAM_TOKEN too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoSeed } from '../local/emulator/demo-seed.ts';
import { type Emulator, startEmulator } from '../local/emulator/index.ts';
import { createContext } from '../local/host/context.ts';
import { DEMO_TOKEN, type ExternalKms, externalKmsFrom, KmsTargetError } from '../local/kms-target.ts';
import { withStdoutOnStderr } from './lib/stdout-to-stderr.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run invoke -- <function> <event.json>   (run `npm run build` first)';

async function main([name, eventFile]: string[]): Promise<number> {
  if (!name || !eventFile) {
    console.error(USAGE);
    return 2;
  }
  let external: ExternalKms | undefined;
  try {
    external = externalKmsFrom(process.env);
  } catch (error) {
    if (!(error instanceof KmsTargetError)) throw error;
    console.error(`invoke: ${error.message}`);
    return 1;
  }
  const bundle = path.join(ROOT, 'dist', name, 'index.js');
  let handler: (event: unknown, context: unknown) => Promise<unknown>;
  let event: unknown;
  try {
    handler = (createRequire(import.meta.url)(bundle) as { handler: typeof handler }).handler;
    event = JSON.parse(readFileSync(eventFile, 'utf8'));
  } catch (error) {
    console.error(`invoke: ${(error as Error).message.split('\n')[0]}\n${USAGE}`);
    return 2;
  }
  let emulator: Emulator | undefined;
  if (!external) {
    const seed = demoSeed();
    emulator = await startEmulator({ seed });
    process.env.KMS_ENDPOINT = process.env.OPERATION_ENDPOINT = emulator.url;
    process.env.KMS_KEY_IDS ||= seed.keys.map((key) => key.id).join(',');
  }
  try {
    // The demo token goes to the embedded emulator only, never to a real KMS.
    const context = createContext({ functionName: name, token: external?.token ?? DEMO_TOKEN });
    const result = await withStdoutOnStderr(async () => handler(event, context));
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    console.error(`invocation failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await emulator?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
