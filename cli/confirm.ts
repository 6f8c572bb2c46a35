// The question before a cancel on a terminal: asked on stderr (stdout may be redirected to a file), read
// from stdin. Only "y" or "yes" goes ahead; anything else, an empty line, end of input or Ctrl+C does not.
import { createInterface } from 'node:readline';

export function canAsk(terminal: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream }): boolean {
  return Boolean(terminal.stdin.isTTY && terminal.stderr.isTTY);
}

export function confirm(question: string, terminal: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream }): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: terminal.stdin, output: terminal.stderr, terminal: true });
    let answer: string | undefined;
    rl.once('close', () => {
      // End of input (Ctrl+D) leaves the cursor after the question: end its line.
      if (answer === undefined) terminal.stderr.write('\n');
      resolve(/^\s*y(es)?\s*$/i.test(answer ?? ''));
    });
    // Ctrl+C at the question is a "no" (readline would otherwise only pause the input, and wait forever).
    rl.once('SIGINT', () => rl.close());
    rl.question(question, (text) => {
      answer = text;
      rl.close();
    });
  });
}
