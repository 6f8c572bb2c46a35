/**
 * Collects the log records the code under test writes to stdout and stderr while `fn` runs (the
 * functions log there, as Cloud Logging reads it), and returns them with fn's outcome. Anything that is
 * not a JSON record (the test runner's own report shares stdout) is passed through untouched.
 */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; lines: string[] }> {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const collector = (original: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.startsWith('{')) return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      lines.push(...text.split('\n').filter(Boolean));
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = collector(originals.out, process.stdout);
  process.stderr.write = collector(originals.err, process.stderr);
  try {
    return { value: await fn(), lines };
  } catch (error) {
    return { error, lines };
  } finally {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  }
}

/** The structured (JSON) log records among captured lines. */
export function records(lines: string[]): Array<Record<string, any>> {
  return lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [parsed] : [];
    } catch {
      return [];
    }
  });
}
