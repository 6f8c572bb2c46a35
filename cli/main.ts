// `kms-version-guard <command> [options]` (`npm run guard -- …` from a clone; bin/kms-version-guard.js):
// one-off audits of KMS key versions scheduled for destruction, from a laptop or a CI job, on the same
// shared code as the functions. See docs/cli.md.
import { main } from './program.ts';

process.exitCode = await main(process.argv.slice(2), process.env, process);
