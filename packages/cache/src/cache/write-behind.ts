import type { EncodedValue } from '../serializer';

/** Options of {@link WriteBehindQueue}. */
export interface WriteBehindOptions {
  /** Most distinct keys waiting; `offer` refuses more (the caller then writes through). */
  maxQueue: number;
  /** Writes one entry to the lower levels; must not throw (levels count their own failures). */
  write: (key: string, value: EncodedValue, ttl: number | undefined) => Promise<void>;
}

/**
 * Pending writes to the lower levels, one per key (a newer write of a key replaces the
 * waiting one), drained in order by one worker.
 */
export class WriteBehindQueue {
  private readonly pending = new Map<string, { value: EncodedValue; ttl: number | undefined }>();
  private worker: Promise<void> | undefined;

  constructor(private readonly options: WriteBehindOptions) {}

  /** Queues a write; false when the queue is full. */
  offer(key: string, value: EncodedValue, ttl: number | undefined): boolean {
    if (!this.pending.has(key) && this.pending.size >= this.options.maxQueue) return false;
    this.pending.delete(key);
    this.pending.set(key, { value, ttl });
    this.worker ??= this.drain();
    return true;
  }

  /** Forgets a waiting write (the key was deleted). */
  drop(key: string): void {
    this.pending.delete(key);
  }

  clear(): void {
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }

  private async drain(): Promise<void> {
    // Let the caller's `set` return before the first lower-level write starts.
    await Promise.resolve();
    try {
      while (this.pending.size > 0) {
        const [key, { value, ttl }] = this.pending.entries().next().value as [string, { value: EncodedValue; ttl: number | undefined }];
        this.pending.delete(key);
        await this.options.write(key, value, ttl).catch(() => undefined);
      }
    } finally {
      this.worker = undefined;
    }
  }

  /** Resolves once every write queued so far is done. */
  async flush(): Promise<void> {
    while (this.worker) await this.worker;
  }
}
