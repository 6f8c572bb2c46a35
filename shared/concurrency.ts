/** Maps items with at most `limit` calls of `fn` in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/**
 * Runs tasks with at most `limit` in flight, where a task may add more tasks as it learns of them (the
 * folders of a cloud, the keys of a folder): no level waits for another to finish. A task must not
 * throw; `drained()` resolves when every task added has finished.
 */
export class WorkPool {
  private readonly waiting: Array<() => Promise<void>> = [];
  private running = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  add(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.pump();
  }

  drained(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  private pump(): void {
    while (this.running < Math.max(1, this.limit) && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      this.running++;
      task().finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.waiting.length === 0) this.idle?.();
      });
    }
  }
}
