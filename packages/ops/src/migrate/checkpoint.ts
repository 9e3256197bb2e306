import { createHash } from 'node:crypto';
import { type ObjectStore, StorageError, isStorageError } from '@agentmap/storage-core';
import { CHECKPOINT_PREFIX } from './filter';

/** What a checkpoint records: enough to skip finished objects and retry the rest. */
export interface CheckpointState {
  version: 1;
  id: string;
  from: string;
  to: string;
  /** Every source key up to and including this one was settled (in listing order). */
  watermark?: string;
  /** Keys after the watermark that were finished (copied or unchanged). */
  doneAfter: string[];
  /** Keys that did not finish (failed, conflict, mismatch): tried again on resume. */
  retry: string[];
  /** Objects finished so far, over every run. */
  done: number;
  updatedAt: string;
}

/** A stable id for a migration: the same endpoints and filters resume the same checkpoint. */
export function migrationId(parts: { from: string; fromPrefix: string; to: string; toPrefix: string; include: readonly string[]; exclude: readonly string[] }): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 20);
}

export function defaultCheckpointKey(id: string): string {
  return `${CHECKPOINT_PREFIX}${id}.json`;
}

/**
 * Reads and writes one checkpoint object. Writes are conditional on the etag last seen (when
 * the store enforces conditions), so two runs of the same migration at once notice each other
 * instead of overwriting each other's progress.
 */
export class CheckpointFile {
  private etag: string | undefined;
  private exists = false;
  private writing: Promise<void> | undefined;
  private pending: CheckpointState | undefined;

  constructor(
    private readonly store: ObjectStore,
    readonly key: string,
  ) {}

  get location(): string {
    return `${this.store.location}/${this.key}`;
  }

  /** The saved state, or undefined when there is none. Remembers its etag for the next write. */
  async load(signal?: AbortSignal): Promise<CheckpointState | undefined> {
    let text: string;
    try {
      const { body, info } = await this.store.get(this.key, signal ? { signal } : {});
      this.etag = info.etag;
      this.exists = true;
      text = Buffer.from(body).toString('utf8');
    } catch (error) {
      if (isStorageError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
    let state: CheckpointState;
    try {
      state = JSON.parse(text) as CheckpointState;
    } catch (cause) {
      throw new StorageError('CORRUPT_DATA', `The migration checkpoint ${this.location} is not JSON; delete it to start over.`, { provider: 'ops', key: this.key, cause });
    }
    if (state?.version !== 1 || !Array.isArray(state.doneAfter) || !Array.isArray(state.retry)) {
      throw new StorageError('CORRUPT_DATA', `The migration checkpoint ${this.location} has an unknown shape; delete it to start over.`, { provider: 'ops', key: this.key });
    }
    return state;
  }

  /** Notes that an existing checkpoint will be replaced (a fresh run over an old one). */
  async adopt(signal?: AbortSignal): Promise<void> {
    const info = await this.store.head(this.key, signal ? { signal } : {});
    this.exists = info !== undefined;
    this.etag = info?.etag;
  }

  /** Saves `state`; a save already under way is followed by one more with the latest state. */
  save(state: CheckpointState): Promise<void> {
    this.pending = state;
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const state = this.pending;
      this.pending = undefined;
      const conditional = this.store.capabilities.conditionalWrite;
      const condition = !conditional ? {} : this.exists && this.etag ? { ifMatch: this.etag } : this.exists ? {} : { ifNoneMatch: '*' as const };
      try {
        const info = await this.store.put(this.key, JSON.stringify(state), { contentType: 'application/json', ...condition });
        this.etag = info.etag;
        this.exists = true;
      } catch (error) {
        if (isStorageError(error, 'PRECONDITION_FAILED') || isStorageError(error, 'ALREADY_EXISTS')) {
          throw new StorageError('PRECONDITION_FAILED', `The migration checkpoint ${this.location} was changed by another run of the same migration; let that run finish, or stop it and resume.`, {
            provider: 'ops',
            key: this.key,
            cause: error,
          });
        }
        throw error;
      }
    }
  }

  /** Removes the checkpoint once the migration is complete. */
  async remove(): Promise<void> {
    await this.writing;
    if (!this.exists) return;
    await this.store.delete(this.key, this.store.capabilities.conditionalWrite && this.etag ? { ifMatch: this.etag } : {});
    this.exists = false;
  }
}

/**
 * Tracks which objects are settled, in listing order, so a checkpoint can say "everything up
 * to this key" plus the few finished beyond it. The window of unsettled-or-recent keys is
 * bounded: callers wait on {@link room} before starting another object.
 */
export class ProgressWindow {
  private readonly queue: Array<{ key: string; settled: boolean; ok: boolean }> = [];
  private readonly waiters: Array<() => void> = [];
  readonly retry = new Set<string>();

  constructor(
    public watermark: string | undefined,
    private readonly limit: number,
    /** Objects finished so far, over every run. */
    public done = 0,
  ) {}

  /** Resolves when one more key may be started. */
  async room(): Promise<void> {
    while (this.queue.length >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  add(key: string): { settle(ok: boolean): void } {
    const slot = { key, settled: false, ok: false };
    this.queue.push(slot);
    return {
      settle: (ok: boolean) => {
        if (ok) this.done++;
        slot.settled = true;
        slot.ok = ok;
        this.advance();
      },
    };
  }

  private advance(): void {
    while (this.queue[0]?.settled) {
      const head = this.queue.shift()!;
      this.watermark = head.key;
      if (!head.ok) this.retry.add(head.key);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  snapshot(base: Pick<CheckpointState, 'id' | 'from' | 'to'>): CheckpointState {
    const doneAfter: string[] = [];
    const retry = [...this.retry];
    for (const slot of this.queue) {
      if (!slot.settled) continue;
      if (slot.ok) doneAfter.push(slot.key);
      else retry.push(slot.key);
    }
    return { version: 1, ...base, ...(this.watermark === undefined ? {} : { watermark: this.watermark }), doneAfter, retry, done: this.done, updatedAt: new Date().toISOString() };
  }
}
