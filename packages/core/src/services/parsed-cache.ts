import { isStorageError } from '../errors/storage-error';
import type { ObjectInfo } from '../spec/object-info';
import type { ObjectStore } from '../spec/object-store';

interface Slot<T> {
  etag: string;
  value: T;
  size: number;
}

/** Options of {@link ParsedCache}. */
export interface ParsedCacheOptions {
  /** Collections kept parsed at once (least recently used ones are dropped). Default 32. */
  maxEntries?: number;
}

/**
 * Keeps parsed collections keyed by store location, key and etag. A repeated read costs one
 * `head` when nothing changed, instead of a download and a parse; a changed etag re-reads.
 */
export class ParsedCache<T> {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(options: ParsedCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 32;
  }

  /**
   * The parsed value of `key`, or `undefined` when the object does not exist. `parse`
   * receives the bytes and info of a fresh read.
   */
  async load(store: ObjectStore, key: string, parse: (body: Uint8Array, info: ObjectInfo) => T, signal?: AbortSignal): Promise<{ value: T; etag: string } | undefined> {
    const id = `${store.location}\u0000${key}`;
    const slot = this.slots.get(id);
    if (slot) {
      const info = await store.head(key, { signal });
      if (!info) {
        this.slots.delete(id);
        return undefined;
      }
      if (info.etag === slot.etag) {
        this.hits++;
        this.slots.delete(id);
        this.slots.set(id, slot);
        return { value: slot.value, etag: slot.etag };
      }
    }
    this.misses++;
    let read;
    try {
      read = await store.get(key, { signal });
    } catch (error) {
      if (isStorageError(error, 'NOT_FOUND')) {
        this.slots.delete(id);
        return undefined;
      }
      throw error;
    }
    const value = parse(read.body, read.info);
    this.remember(store, key, read.info.etag, value, read.body.byteLength);
    return { value, etag: read.info.etag };
  }

  /**
   * The parsed value of a version the caller already read (inside a read-modify-write):
   * the cached one when it holds that etag, else `parse` of the bytes, kept for next time.
   * Never does I/O.
   */
  adopt(store: ObjectStore, key: string, read: { body: Uint8Array; info: ObjectInfo }, parse: (body: Uint8Array, info: ObjectInfo) => T): T {
    const id = `${store.location}\u0000${key}`;
    const slot = this.slots.get(id);
    if (slot && slot.etag === read.info.etag) {
      this.hits++;
      return slot.value;
    }
    this.misses++;
    const value = parse(read.body, read.info);
    this.remember(store, key, read.info.etag, value, read.body.byteLength);
    return value;
  }

  /** Stores a value just written (with its new etag), so the next read needs no download. */
  remember(store: ObjectStore, key: string, etag: string, value: T, size = 0): void {
    const id = `${store.location}\u0000${key}`;
    this.slots.delete(id);
    this.slots.set(id, { etag, value, size });
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
  }

  /** Forgets one key, or everything. */
  invalidate(store?: ObjectStore, key?: string): void {
    if (!store || key === undefined) this.slots.clear();
    else this.slots.delete(`${store.location}\u0000${key}`);
  }
}
