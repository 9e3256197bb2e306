import { randomUUID } from 'node:crypto';
import { type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { textOf } from '@agentmap/storage-core/kit';
import { JOURNAL_PREFIX } from './plan';
import type { LifecycleResult } from './apply';

/** One finished object as the journal keeps it. */
interface JournalLine {
  key: string;
  results: LifecycleResult[];
}

/**
 * The record of finished objects of one plan: small JSON-lines files written every few
 * objects, each under a new name (`<planId>/<run>-<n>.jsonl`), so writers never contend and a
 * crash loses at most the last unwritten batch (which the steps' own checks then recognise).
 */
export class LifecycleJournal {
  private buffer: JournalLine[] = [];
  private readonly run = randomUUID().slice(0, 8);
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ObjectStore,
    private readonly planId: string,
    private readonly every: number,
  ) {}

  private get prefix(): string {
    return `${JOURNAL_PREFIX}${this.planId}/`;
  }

  /** Objects an earlier run of this plan finished, with their results. */
  async load(): Promise<Map<string, LifecycleResult[]>> {
    const done = new Map<string, LifecycleResult[]>();
    for await (const entry of this.store.list(this.prefix)) {
      if (entry.kind !== 'object') continue;
      let text: string;
      try {
        text = textOf((await this.store.get(entry.key)).body);
      } catch (error) {
        if (isStorageError(error) && error.code === 'NOT_FOUND') continue;
        throw error;
      }
      for (const line of text.split('\n')) {
        if (line === '') continue;
        try {
          const parsed = JSON.parse(line) as JournalLine;
          if (typeof parsed.key === 'string' && Array.isArray(parsed.results)) done.set(parsed.key, parsed.results);
        } catch {
          // A torn last line of a crashed write: that object is simply redone.
        }
      }
    }
    return done;
  }

  record(key: string, results: LifecycleResult[]): Promise<void> {
    this.buffer.push({ key, results });
    return this.buffer.length >= this.every ? this.flush() : Promise.resolve();
  }

  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writing;
    const lines = this.buffer;
    this.buffer = [];
    const name = `${this.prefix}${this.run}-${String(++this.seq).padStart(8, '0')}.jsonl`;
    this.writing = this.writing.then(() => this.store.put(name, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`, { ifNoneMatch: '*', contentType: 'application/x-ndjson' })).then(() => undefined);
    return this.writing;
  }

  /** Removes the journal once a run finished everything. */
  async clear(): Promise<void> {
    for await (const entry of this.store.list(this.prefix)) if (entry.kind === 'object') await this.store.delete(entry.key);
  }
}
