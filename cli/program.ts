// The program behind `kms-version-guard <command> [options]`: parses the command line, sets up the
// configuration, token and clients, runs the command and answers its exit code. Every failure becomes a
// message on stderr and exit 1, never a stack trace. Kept apart from main.ts so that tests can run it
// in-process with their own streams.
import { GuardError } from '../shared/errors/guard-error.ts';
import { type CommandName, type CommonOptions, type Format, parseCommandLine, UsageError } from './args.ts';
import { cancel } from './commands/cancel.ts';
import type { CommandContext } from './commands/context.ts';
import { scan } from './commands/scan.ts';
import { connect, setUp } from './connect.ts';
import { EXIT } from './exit-codes.ts';
import { Output, stderrLogger, type Terminal } from './output.ts';
import { ProgressLine } from './progress.ts';
import { sweepOnce } from './run-sweep.ts';
import { resolveToken, TokenError } from './token.ts';
import { usageHint, usageOf } from './usage.ts';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, terminal: Terminal): Promise<number> {
  const output = new Output(terminal, env);
  let command: CommandName | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.command === 'help') {
      output.result(usageOf(parsed.topic));
      return EXIT.ok;
    }
    command = parsed.command;
    const context = await contextFor(parsed.command, parsed.options, env, output);
    if (parsed.command === 'scan') return await scan(context);
    return await cancel(context, parsed.options);
  } catch (error) {
    if (error instanceof UsageError) {
      output.note(`${error.command ?? ''}${error.command ? ': ' : ''}${error.message}`);
      output.tell(usageHint(error.command ?? command));
    } else if (error instanceof TokenError) {
      output.note(error.message);
    } else if (error instanceof GuardError) {
      output.note(`${command ?? 'error'}: ${error.code}: ${error.description}`);
    } else {
      // A bug: its message (scrubbed like all output), never its stack.
      output.note(`${command ?? 'error'}: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT.error;
  }
}

async function contextFor(command: CommandName, options: CommonOptions, env: NodeJS.ProcessEnv, output: Output): Promise<CommandContext> {
  // Flags and configuration are checked before the token is looked for: a typo never waits for yc.
  const setup = setUp(options, command, env);
  const { token } = await resolveToken(env);
  output.hide([token]);
  const format: Format = options.format ?? (output.terminal.stdout.isTTY ? 'table' : 'json');
  const log = stderrLogger(output);
  const progressStream = format !== 'json' && output.terminal.stderr.isTTY ? output.terminal.stderr : undefined;
  const connectNow = () => connect(setup, token, output.scrub, options.timeoutSeconds, log);
  return {
    output,
    format,
    setup,
    connect: connectNow,
    sweep: async () => {
      const invocation = connectNow();
      const result = await sweepOnce(invocation, setup.scope, new ProgressLine(progressStream));
      return { ...result, invocation };
    },
  };
}
