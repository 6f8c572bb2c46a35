// `npm run emulator -- --port 4000 --seed file.json --token T --subject T=ajeid:name --operation-polls 2`
import { type CliOptions, CliUsageError, parseCliArgs, USAGE } from './cli-args.ts';
import { demoSeed } from './demo-seed.ts';
import { startEmulator } from './emulator.ts';
import { loadSeedFile } from './seed-file.ts';
import { DEFAULT_FOLDER_ID } from './seed-normalize.ts';
import type { Emulator, EmulatorOptions } from './types.ts';

async function main(argv: string[]): Promise<void> {
  let cli: CliOptions;
  let options: EmulatorOptions;
  try {
    cli = parseCliArgs(argv);
    if (cli.help) {
      console.log(USAGE);
      return;
    }
    options = {
      host: cli.host,
      port: cli.port,
      seed: cli.seedFile ? loadSeedFile(cli.seedFile) : demoSeed(),
      ...(cli.tokens.length > 0 ? { tokens: cli.tokens } : {}),
      ...(cli.subjects ? { subjects: cli.subjects } : {}),
      ...(cli.operationPolls !== undefined ? { operationPolls: cli.operationPolls } : {}),
      ...(cli.cancelRefusal !== undefined ? { cancelRefusal: cli.cancelRefusal } : {}),
      ...(cli.faultSeed !== undefined ? { faultSeed: cli.faultSeed } : {}),
    };
  } catch (error) {
    // Bad flags or a bad seed file: the message says what to fix; a stack trace would not help.
    console.error(`kms emulator: ${(error as Error).message}`);
    if (error instanceof CliUsageError) console.error(USAGE);
    process.exitCode = 2;
    return;
  }

  let emulator: Emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${cli.port} is already in use (try --port 0)` : (error as Error).message;
    console.error(`kms emulator: cannot listen on ${cli.host}:${cli.port}: ${why}`);
    process.exitCode = 1;
    return;
  }
  const keys = options.seed?.keys ?? [];
  const folders = new Set(keys.map((key) => key.folderId ?? DEFAULT_FOLDER_ID)).size;
  const clouds = options.seed?.clouds?.length ?? 0;
  const tokens = cli.tokens.length ? `${cli.tokens.length} accepted token(s)` : 'any Bearer token accepted';
  console.log(
    `KMS emulator listening on ${emulator.url} (${keys.length} keys in ${folders} folder(s), ${clouds} cloud(s); ${tokens})\n` +
      `Set KMS_ENDPOINT and OPERATION_ENDPOINT to ${emulator.url}; admin API at ${emulator.url}/_emulator/state. Ctrl+C stops.`,
  );

  const stop = (signal: string) => {
    console.log(`kms emulator: ${signal} received, stopping`);
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main(process.argv.slice(2));
