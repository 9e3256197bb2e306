import { type ObjectInfo, type ObjectStore, ParsedCache, type UpdateOutcome, updateObject } from '@agentmap/storage-core';
import { throwIfAborted } from '@agentmap/storage-core/kit';
import type { Dialect } from '../table/dialect';
import { parseTable } from '../table/parse-table';
import type { Table } from '../table/table';
import type { CsvSettings } from './settings';

/** Where one collection lives. */
export interface CollectionTarget {
  store: ObjectStore;
  key: string;
}

/** The stored bytes of a collection as `updateObject` read them. */
export interface StoredObject {
  body: Uint8Array;
  info: ObjectInfo;
}

/** What a change computes: new bytes (or none), the table they hold, and a result. */
export interface TableChange<R> {
  /** Absent: store nothing. */
  body?: Uint8Array;
  table?: Table;
  result: R;
}

/**
 * Reads and changes collections through one cache of parsed tables keyed by etag, so a read
 * after a read or a write costs one `head` and no parse.
 */
export class CollectionIO {
  private readonly cache: ParsedCache<Table>;
  /** With `freshnessMs`: the last table seen per collection and when its etag was last confirmed. */
  private readonly recent = new Map<string, { store: ObjectStore; etag: string; checkedAt: number; answer: { table: Table; etag: string } }>();

  constructor(private readonly settings: CsvSettings) {
    this.cache = new ParsedCache<Table>({ maxEntries: settings.cacheSize });
  }

  /** The parsed table and its etag, or `undefined` when the collection does not exist. */
  async load(target: CollectionTarget, signal?: AbortSignal): Promise<{ table: Table; etag: string } | undefined> {
    const known = this.known(target, signal);
    if (known !== undefined) return known;
    const loaded = await this.cache.load(target.store, target.key, (body) => parseTable(body, this.settings.dialect, target.key), signal);
    if (this.tracks(target.store)) this.note(target, loaded && { table: loaded.value, etag: loaded.etag });
    return loaded && { table: loaded.value, etag: loaded.etag };
  }

  /**
   * The table `load` would return, when it can be had without I/O: the store vouches that
   * the cached table is current (the memory store's `currentEtag`), or it was confirmed
   * within `freshnessMs`. Else `undefined`, and the caller awaits `load`. Lets a hot read
   * skip the promises of an asynchronous load.
   */
  known(target: CollectionTarget, signal?: AbortSignal): { table: Table; etag: string } | undefined {
    if (!this.tracks(target.store)) return undefined;
    // ABORTED as the store would raise it, though no store is called.
    throwIfAborted(signal, 'csv');
    const seen = this.recent.get(target.key);
    if (seen === undefined || seen.store !== target.store) return undefined;
    const { store } = target;
    // See CsvStorageOptions.freshnessMs: within the opt-in interval the table is served unchecked.
    const current = store.currentEtag ? store.currentEtag(target.key) === seen.etag : performance.now() - seen.checkedAt < this.settings.freshnessMs;
    return current ? seen.answer : undefined;
  }

  /**
   * Whether reads of `store` may skip the `head`: it can vouch for its etags, or freshnessMs
   * allows it. Never with `cacheSize: 0`, which keeps nothing parsed.
   */
  private tracks(store: ObjectStore): boolean {
    return this.settings.cacheSize > 0 && (this.settings.freshnessMs > 0 || typeof store.currentEtag === 'function');
  }

  private note(target: CollectionTarget, seen: { table: Table; etag: string } | undefined): void {
    if (seen === undefined) this.recent.delete(target.key);
    else {
      this.recent.delete(target.key);
      this.recent.set(target.key, { store: target.store, etag: seen.etag, checkedAt: performance.now(), answer: Object.freeze({ table: seen.table, etag: seen.etag }) });
      if (this.recent.size > this.settings.cacheSize) this.recent.delete(this.recent.keys().next().value!);
    }
  }

  /**
   * Read-modify-write with `updateObject`: `change` gets the stored bytes and the current
   * table on demand (parsed at most once per version, from the cache when it holds that
   * etag), and runs again whenever another writer got in first. The written table goes into the cache under its new etag.
   */
  async change<R>(
    target: CollectionTarget,
    change: (current: { table: () => Promise<Table>; stored: StoredObject } | undefined) => TableChange<R> | Promise<TableChange<R>>,
    signal?: AbortSignal,
  ): Promise<{ result: R; etag?: string; createdNew: boolean }> {
    let written: Table | undefined;
    let createdNew = false;
    const outcome = await updateObject<R>(
      target.store,
      target.key,
      async (stored): Promise<UpdateOutcome<R>> => {
        // Parsed only when the change asks: replacing a whole collection needs no parse.
        const table = async () => this.cache.adopt(target.store, target.key, stored!, (body) => parseTable(body, this.settings.dialect, target.key));
        const next = await change(stored && { table, stored });
        written = next.table;
        createdNew = stored === undefined && next.body !== undefined;
        return { result: next.result, ...(next.body ? { body: next.body, contentType: 'text/csv' } : {}) };
      },
      { maxAttempts: this.settings.maxAttempts, signal, contentType: 'text/csv' },
    );
    if (outcome.info && written && outcome.info.etag !== undefined) {
      this.cache.remember(target.store, target.key, outcome.info.etag, written, outcome.info.size);
      if (this.tracks(target.store)) this.note(target, { table: written, etag: outcome.info.etag });
    } else if (this.tracks(target.store)) {
      // A write that stored nothing we can name: the next read asks the store.
      this.recent.delete(target.key);
    }
    return { result: outcome.result, ...(outcome.info ? { etag: outcome.info.etag } : {}), createdNew };
  }

  forget(target: CollectionTarget): void {
    this.cache.invalidate(target.store, target.key);
    this.recent.delete(target.key);
  }

  get dialect(): Dialect {
    return this.settings.dialect;
  }
}
