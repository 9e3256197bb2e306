import { StorageError } from '@agentmap/storage-core';
import type { Level } from '../levels/level';
import type { CacheEvent } from '../types';

/** Most keys remembered per level while it is down, to invalidate them when it is back. */
export const MAX_MISSED_KEYS = 10_000;

/** Returned instead of a result when a level was skipped or failed. */
export const UNAVAILABLE = Symbol('level unavailable');

/** A level and what the cache knows about it: counters and health. */
export class LevelState {
  hits = 0;
  misses = 0;
  errors = 0;
  latencySum = 0;
  latencyCount = 0;
  down = false;
  private retryAt = 0;
  /** Keys written or deleted while the level was down: stale there until invalidated. */
  private readonly missed = new Set<string>();
  private missedOverflow = false;

  constructor(
    readonly level: Level,
    private readonly options: { timeoutMs: number; retryAfterMs: number; emit: (event: CacheEvent) => void },
  ) {}

  /** Remembers that `key` changed while this level could not be told. */
  missedWrite(key: string): void {
    if (this.missed.size < MAX_MISSED_KEYS) this.missed.add(key);
    else this.missedOverflow = true;
  }

  /**
   * Runs `op` on the level with a deadline. A failure marks the level down (one `level-down`
   * event) and it is skipped for `retryAfterMs`; the next call after that first deletes the keys
   * it missed, then marks it up again. Never throws: a failed or skipped call is {@link UNAVAILABLE}.
   */
  async run<T>(op: () => Promise<T>): Promise<T | typeof UNAVAILABLE> {
    if (this.down) {
      if (Date.now() < this.retryAt) return UNAVAILABLE;
      try {
        await this.deadline(() => this.replayMissed());
      } catch (error) {
        this.fail(error);
        return UNAVAILABLE;
      }
      this.down = false;
      this.options.emit({ type: 'level-up', level: this.level.name });
    }
    const opening = this.level.ready?.();
    try {
      return await this.deadline(
        opening
          ? async () => {
              await opening;
              return op();
            }
          : op,
      );
    } catch (error) {
      this.fail(error);
      return UNAVAILABLE;
    }
  }

  private async replayMissed(): Promise<void> {
    const keys = [...this.missed];
    if (keys.length > 0) await this.level.keyv.deleteMany(keys);
    this.missed.clear();
    if (this.missedOverflow) {
      this.missedOverflow = false;
      this.options.emit({
        type: 'warning',
        level: this.level.name,
        message: `Level ${this.level.name} missed more than ${MAX_MISSED_KEYS} writes while it was down; it may serve older values until their TTL passes. Clear it if that matters.`,
      });
    }
  }

  /** Calls in flight on a remote level, with their start time and how to fail them. */
  private readonly pending = new Set<{ started: number; reject: (error: Error) => void }>();
  private watchdog: NodeJS.Timeout | undefined;

  /**
   * Fails a call that takes longer than `timeoutMs`. One watchdog timer per level checks the
   * calls in flight (a timer per call costs more than a Redis hit's own work); it runs only
   * while calls are pending and never keeps the process alive.
   */
  private deadline<T>(op: () => Promise<T>): Promise<T> {
    if (!this.level.remote) return op();
    return new Promise<T>((resolve, reject) => {
      const call = { started: Date.now(), reject };
      this.pending.add(call);
      this.watchdog ??= this.startWatchdog();
      op().then(
        (value) => {
          this.pending.delete(call);
          resolve(value);
        },
        (error: Error) => {
          this.pending.delete(call);
          reject(error);
        },
      );
    });
  }

  private startWatchdog(): NodeJS.Timeout {
    const ms = this.options.timeoutMs;
    const timer = setInterval(() => {
      const now = Date.now();
      for (const call of this.pending) {
        if (now - call.started < ms) continue;
        this.pending.delete(call);
        call.reject(new StorageError('TIMEOUT', `Cache level ${this.level.name} did not answer within ${ms} ms.`, { provider: 'cache' }));
      }
      if (this.pending.size === 0) {
        clearInterval(timer);
        this.watchdog = undefined;
      }
    }, Math.max(10, Math.min(250, ms / 4)));
    timer.unref();
    return timer;
  }

  private fail(error: unknown): void {
    this.errors++;
    this.retryAt = Date.now() + this.options.retryAfterMs;
    if (this.down) return;
    this.down = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.emit({ type: 'level-down', level: this.level.name, message: reason });
    this.options.emit({
      type: 'warning',
      level: this.level.name,
      message: `Cache level ${this.level.name} failed (${reason}); serving from the other levels and trying it again in ${this.options.retryAfterMs} ms.`,
    });
  }
}
