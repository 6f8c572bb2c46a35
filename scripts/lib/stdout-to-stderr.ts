// `npm run invoke` keeps stdout for the result alone (so it pipes into jq); the function logs with
// process.stdout.write, as Cloud Logging reads it, and those lines go to stderr meanwhile.

export async function withStdoutOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr);
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}
