import type { ObjectStore } from '@agentmap/storage-core';
import { createJsonStorage } from '../index';
import type { JsonLayout, JsonStorage, JsonStorageOptions } from '../index';

/** What every section of the suite works with; filled in before the first test runs. */
export class SuiteContext {
  private storeValue: ObjectStore | undefined;
  private jsonValue: JsonStorage | undefined;
  private counter = 0;

  constructor(
    readonly layout: JsonLayout,
    /** Key prefix of this run and layout; everything the suite writes lives under it. */
    readonly prefix: string,
  ) {}

  /** Called once the store exists. */
  attach(store: ObjectStore): void {
    this.storeValue = store;
    this.jsonValue = this.create();
  }

  get store(): ObjectStore {
    if (!this.storeValue) throw new Error('The JSON suite store is not ready; did its factory fail?');
    return this.storeValue;
  }

  /** The service under test, with default options and this layout. */
  get json(): JsonStorage {
    if (!this.jsonValue) throw new Error('The JSON suite store is not ready; did its factory fail?');
    return this.jsonValue;
  }

  /** Another service over the same store and prefix, with more options. */
  create(options: JsonStorageOptions = {}): JsonStorage {
    return createJsonStorage({ store: this.store }, { layout: this.layout, ...options, prefix: this.prefix });
  }

  /** A service over another store, with this layout and prefix. */
  createOver(store: ObjectStore, options: JsonStorageOptions = {}): JsonStorage {
    return createJsonStorage({ store }, { layout: this.layout, ...options, prefix: this.prefix });
  }

  /** A collection name no other test uses. */
  name(base: string): string {
    return `${base}-${++this.counter}`;
  }

  /** The key of a single-file collection, or of one document of a per-document one. */
  key(collection: string, documentId?: string): string {
    return documentId === undefined ? `${this.prefix}${collection}.json` : `${this.prefix}${collection}/${documentId}.json`;
  }

  /** Stored text of a key, or undefined. */
  async text(key: string): Promise<string | undefined> {
    const info = await this.store.head(key);
    if (!info) return undefined;
    return new TextDecoder().decode((await this.store.get(key)).body);
  }

  /**
   * Every stored key and its bytes, of one collection (both layouts) or of the whole prefix,
   * to prove that a failed call changed nothing.
   */
  async snapshot(collection?: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const listed = collection === undefined ? this.prefix : `${this.prefix}${collection}`;
    for await (const entry of this.store.list(listed)) {
      if (entry.kind !== 'object') continue;
      const inside = collection === undefined || entry.key === this.key(collection) || entry.key.startsWith(`${listed}/`);
      if (inside) out.set(entry.key, (await this.text(entry.key)) ?? '');
    }
    return out;
  }

  /** Seeds a collection with documents keyed by id, in either layout. */
  async seed(collection: string, documents: Record<string, unknown>): Promise<void> {
    const result = await this.json.write(collection, documents);
    if (!result.success) throw new Error(`seeding ${collection} failed: ${result.message}`);
  }
}

/** The same store, counting its `get` and `head` calls (to see what the cache saves). */
export function countingStore(store: ObjectStore, calls: { get: number; head: number }): ObjectStore {
  return {
    provider: store.provider,
    location: store.location,
    capabilities: store.capabilities,
    get: (key, options) => (calls.get++, store.get(key, options)),
    head: (key, options) => (calls.head++, store.head(key, options)),
    getStream: (key, options) => store.getStream(key, options),
    put: (key, body, options) => store.put(key, body, options),
    delete: (key, options) => store.delete(key, options),
    list: (prefix, options) => store.list(prefix, options),
    copy: (from, to, options) => store.copy(from, to, options),
  };
}

/** The same store, where `rival` writes the key just read before `get` returns, so every conditional write after it loses. */
export function rivalStore(store: ObjectStore, rival: (key: string) => Promise<void>): ObjectStore {
  return {
    provider: store.provider,
    location: store.location,
    capabilities: store.capabilities,
    get: async (key, options) => {
      const read = await store.get(key, options);
      await rival(key);
      return read;
    },
    head: (key, options) => store.head(key, options),
    getStream: (key, options) => store.getStream(key, options),
    put: (key, body, options) => store.put(key, body, options),
    delete: (key, options) => store.delete(key, options),
    list: (prefix, options) => store.list(prefix, options),
    copy: (from, to, options) => store.copy(from, to, options),
  };
}
