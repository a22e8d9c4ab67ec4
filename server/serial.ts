/**
 * Runs tasks with the same key one after another within this process. Used for reference numbers:
 * the store's counter is ETag-guarded, so 50 people logging at once in one process would otherwise
 * race each other into dozens of retries; queued, each takes one round trip. Other processes are
 * still kept apart by the ETag.
 */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
