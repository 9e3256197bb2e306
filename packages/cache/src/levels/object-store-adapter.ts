import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { mapLimit, textOf } from '@agentmap/storage-core/kit';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/** Options of {@link ObjectStoreAdapter}. */
export interface ObjectStoreAdapterOptions {
  /** The store that holds the entries: local disk, S3, any backend. */
  store: ObjectStore;
  /** Folder of the entries inside the store. Default `cache`. */
  prefix?: string;
}

/** One entry as stored: one object per key, so writers in other processes never tear it. */
interface StoredEntry {
  /** The keyv key (namespace included), kept for iteration and namespace clears. */
  key: string;
  value: unknown;
  /** Epoch ms, or null for no expiry. */
  expires: number | null;
}

const ENTRY_CONTENT_TYPE = 'application/json';

/**
 * A keyv store adapter on any ObjectStore. Each entry is one JSON object named by the SHA-256
 * of its key, under a folder per namespace, written with one `put` (atomic on every backend),
 * so several processes may share it. Expired or unreadable entries read as missing and are
 * removed.
 */
export class ObjectStoreAdapter extends EventEmitter implements KeyvStoreAdapter {
  opts: { dialect: 'object-store'; prefix: string; url: string };
  namespace?: string;
  private readonly store: ObjectStore;
  private readonly prefix: string;

  constructor(options: ObjectStoreAdapterOptions) {
    super();
    this.store = options.store;
    this.prefix = (options.prefix ?? 'cache').replace(/\/+$/, '');
    this.opts = { dialect: 'object-store', prefix: this.prefix, url: options.store.location };
  }

  private folder(namespace: string | undefined): string {
    const ns = namespace ? `ns-${createHash('sha256').update(namespace).digest('hex').slice(0, 24)}` : 'default';
    return `${this.prefix === '' ? '' : `${this.prefix}/`}${ns}/`;
  }

  /** The object key of a keyv key. */
  objectKey(key: string): string {
    return `${this.folder(this.namespace)}${createHash('sha256').update(key).digest('hex')}.json`;
  }

  private async read(objectKey: string): Promise<StoredEntry | undefined> {
    let text: string;
    try {
      text = textOf((await this.store.get(objectKey)).body);
    } catch (error) {
      if (isStorageError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
    let entry: StoredEntry;
    try {
      entry = JSON.parse(text) as StoredEntry;
      if (typeof entry !== 'object' || entry === null || typeof entry.key !== 'string') throw new Error('not an entry');
    } catch {
      // Not one of ours or cut short by a crash of an older writer: a miss, and gone.
      await this.store.delete(objectKey).catch(() => undefined);
      return undefined;
    }
    if (typeof entry.expires === 'number' && Date.now() > entry.expires) {
      await this.store.delete(objectKey).catch(() => undefined);
      return undefined;
    }
    return entry;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const entry = await this.read(this.objectKey(key));
    return entry?.key === key ? (entry.value as StoredData<Value>) : undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return mapLimit(keys, 16, (key) => this.get<Value>(key));
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const entry: StoredEntry = { key, value, expires: typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null };
    await this.store.put(this.objectKey(key), JSON.stringify(entry), { contentType: ENTRY_CONTENT_TYPE });
    return true;
  }

  async setMany(values: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    await mapLimit(values, 16, ({ key, value, ttl }) => this.set(key, value, ttl));
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async delete(key: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    const existed = (await this.read(objectKey)) !== undefined;
    await this.store.delete(objectKey);
    return existed;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    const results = await mapLimit(keys, 16, (key) => this.delete(key));
    return results.every(Boolean);
  }

  async clear(): Promise<void> {
    const keys: string[] = [];
    for await (const entry of this.store.list(this.folder(this.namespace))) if (entry.kind === 'object') keys.push(entry.key);
    await mapLimit(keys, 16, (key) => this.store.delete(key));
  }

  /** Removes expired and unreadable entries of this namespace; returns how many went. */
  async cleanup(): Promise<number> {
    let removed = 0;
    for await (const item of this.store.list(this.folder(this.namespace))) {
      if (item.kind !== 'object') continue;
      if ((await this.read(item.key)) === undefined) removed++;
    }
    return removed;
  }

  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    for await (const item of this.store.list(this.folder(namespace))) {
      if (item.kind !== 'object') continue;
      const entry = await this.read(item.key);
      if (entry !== undefined) yield [entry.key, entry.value as Awaited<Value>];
    }
  }

  async disconnect(): Promise<void> {}
}
