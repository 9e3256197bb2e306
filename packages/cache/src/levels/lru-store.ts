import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { encodedSize } from '../serializer';

/** Limits of {@link LruStore}. */
export interface LruStoreOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number;
  /** Most bytes kept (JSON length of the stored values). */
  maxBytes?: number;
}

interface Slot {
  value: unknown;
  /** Epoch ms after which the slot is gone; undefined: never. */
  expires: number | undefined;
  bytes: number;
}

/**
 * A keyv store adapter that keeps entries in a `Map` in recency order (a `Map` iterates in
 * insertion order, so re-inserting on a hit moves a key to the young end) and evicts from the
 * old end when a limit is passed.
 */
export class LruStore extends EventEmitter implements KeyvStoreAdapter {
  opts: LruStoreOptions & { dialect: 'lru'; url: string };
  namespace?: string;
  /** Entries dropped to stay within the limits. */
  evictions = 0;
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;

  constructor(options: LruStoreOptions = {}) {
    super();
    this.opts = { ...options, dialect: 'lru', url: 'lru://memory' };
  }

  /** Entries held now (expired ones not yet noticed included). */
  get size(): number {
    return this.slots.size;
  }

  /** Bytes held now. */
  get byteSize(): number {
    return this.bytes;
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expires !== undefined && Date.now() > slot.expires) {
      this.drop(key, slot);
      return undefined;
    }
    return slot;
  }

  private drop(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.getSync(key) as StoredData<Value> | undefined;
  }

  /** The synchronous read under `get`. */
  getSync(key: string): unknown {
    const slot = this.live(key);
    if (slot === undefined) return undefined;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.setSync(key, value, ttl);
    return true;
  }

  /** The synchronous write under `set`. */
  setSync(key: string, value: unknown, ttl?: number): void {
    const old = this.slots.get(key);
    if (old) this.drop(key, old);
    const bytes = this.opts.maxBytes === undefined ? 0 : encodedSize(value) + key.length;
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : undefined;
    this.slots.set(key, { value, expires, bytes });
    this.bytes += bytes;
    this.evict();
  }

  private evict(): void {
    const { maxEntries, maxBytes } = this.opts;
    while (
      this.slots.size > 0 &&
      ((maxEntries !== undefined && this.slots.size > maxEntries) || (maxBytes !== undefined && this.bytes > maxBytes))
    ) {
      const oldest = this.slots.keys().next().value as string;
      this.drop(oldest, this.slots.get(oldest)!);
      this.evictions++;
    }
  }

  async setMany(values: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    for (const { key, value, ttl } of values) this.setSync(key, value, ttl);
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return keys.map((key) => this.getSync(key) as StoredData<Value | undefined>);
  }

  async has(key: string): Promise<boolean> {
    return this.live(key) !== undefined;
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.live(key) !== undefined);
  }

  async delete(key: string): Promise<boolean> {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    this.drop(key, slot);
    return true;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    let all = true;
    for (const key of keys) all = (await this.delete(key)) && all;
    return all;
  }

  async clear(): Promise<void> {
    if (!this.namespace) {
      this.slots.clear();
      this.bytes = 0;
      return;
    }
    const prefix = `${this.namespace}:`;
    for (const [key, slot] of [...this.slots]) if (key.startsWith(prefix)) this.drop(key, slot);
  }

  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const prefix = namespace ? `${namespace}:` : '';
    for (const key of [...this.slots.keys()]) {
      if (!key.startsWith(prefix)) continue;
      const slot = this.live(key);
      if (slot !== undefined) yield [key, slot.value as Awaited<Value>];
    }
  }

  async disconnect(): Promise<void> {}
}
