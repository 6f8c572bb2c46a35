// Where a command writes: the result alone on stdout (one JSON document in json mode, so it pipes into
// jq), everything else on stderr. Every text goes through the scrubber: the IAM token never appears.
import type { Logger } from '../shared/log.ts';
import { type Scrub, scrubberFor } from '../shared/secrets.ts';
import { PROGRAM } from './usage.ts';

export interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export class Output {
  private scrubText: Scrub;

  constructor(
    readonly terminal: Terminal,
    env: NodeJS.ProcessEnv,
  ) {
    this.scrubText = scrubberFor([env.YC_IAM_TOKEN, env.YC_IAM_TOKEN?.trim()]);
  }

  /** Once the token is known (from yc, say), it is masked too. */
  hide(secrets: readonly string[]): void {
    const before = this.scrubText;
    const also = scrubberFor(secrets);
    this.scrubText = (text) => also(before(text));
  }

  get scrub(): Scrub {
    return (text) => this.scrubText(text);
  }

  /** The command's result, on stdout. */
  result(text: string): void {
    this.terminal.stdout.write(this.scrubText(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** A diagnostic line on stderr, named for the program. */
  note(text: string): void {
    this.terminal.stderr.write(this.scrubText(`${PROGRAM}: ${text}\n`));
  }

  /** Text for the person at the terminal (the list before a prompt), on stderr as it is. */
  tell(text: string): void {
    this.terminal.stderr.write(this.scrubText(text.endsWith('\n') ? text : `${text}\n`));
  }
}

/** The shared code's log, as plain lines on stderr: INFO and above (a function's JSON records suit no terminal). */
export function stderrLogger(output: Output): Logger {
  const line = (msg: string, fields?: Record<string, unknown>) => {
    const details = Object.entries(fields ?? {}).map(
      ([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
    output.note(details.length > 0 ? `${msg} (${details.join(', ')})` : msg);
  };
  return { trace: () => {}, debug: () => {}, info: line, warn: line, error: line };
}
