import { type ObjectStore, StorageError, isStorageError } from '@agentmap/storage-core';
import { mapLimit, textOf } from '@agentmap/storage-core/kit';
import { createCache } from './cache/create-cache';
import { checkTtl } from './checks';
import { md5Hex } from './hash';
import { encodeValue } from './serializer';
import type { Cache } from './types';
import { checkOptions } from './options';

/** Options of {@link createValidationCache}. */
export interface ValidationCacheOptions {
  /** Where entries live; default a memory cache of 1000 entries. Ignored when `store` is given. */
  cache?: Cache;
  /** Milliseconds a result stays valid. Default 24 h (the original's max age). */
  ttl?: number;
  /**
   * Keep entries as files in this store instead, in the original's layout
   * (`<prefix>/<file name>_<md5 of content>.json` holding `{ cached_at, result }`), so a
   * cache directory written by the Python version is read, and the other way round.
   */
  store?: ObjectStore;
  /** Folder inside `store`. Default: the store's root. */
  prefix?: string;
}

/** Counters and, for a store, what the files hold. */
export interface ValidationCacheStats {
  hits: number;
  misses: number;
  hitRate: number;
  /** With a store: entry files, and how many are valid, expired or unreadable. */
  totalFiles?: number;
  validFiles?: number;
  expiredFiles?: number;
  corruptedFiles?: number;
}

export interface ValidationCache {
  /** The result cached for this file and content, or undefined. */
  get<T = unknown>(path: string, content: string | Uint8Array): Promise<T | undefined>;
  set(path: string, content: string | Uint8Array, result: unknown, options?: { ttl?: number }): Promise<void>;
  /** Drops every result of this file (any content); returns how many went. */
  invalidate(path: string): Promise<number>;
  clear(): Promise<void>;
  /** Removes expired and unreadable entries; returns how many went. */
  cleanup(): Promise<number>;
  stats(): Promise<ValidationCacheStats>;
}

const DAY = 24 * 60 * 60 * 1000;

function checkPath(path: unknown, where: string): asserts path is string {
  if (typeof path !== 'string' || path === '') throw new StorageError('INVALID_ARGUMENT', `${where}: path must be a non-empty string.`, { provider: 'cache' });
}

function checkContent(content: unknown, where: string): asserts content is string | Uint8Array {
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
    throw new StorageError('INVALID_ARGUMENT', `${where}: content must be the file's text or bytes (its MD5 is the key).`, { provider: 'cache' });
  }
}

/** The file name of a path, as the original keys on it. */
function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Local time without a zone and with microseconds, the shape Python's `datetime.now().isoformat()` writes. */
function pythonNow(date = new Date()): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`;
}

/** Epoch ms of a `cached_at` (naive local time, as Python writes it, or with a zone). */
function parseCachedAt(text: unknown): number {
  if (typeof text !== 'string') return Number.NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (m) {
    const ms = m[7] ? Number(m[7].padEnd(6, '0').slice(0, 3)) : 0;
    return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms).getTime();
  }
  return Date.parse(text);
}

/**
 * Validation results keyed by file path and content hash (MD5, as the original). A changed
 * file misses; an expired or unreadable entry is a miss and is removed.
 */
export function createValidationCache(options: ValidationCacheOptions = {}): ValidationCache {
  checkOptions(options, ['cache', 'ttl', 'store', 'prefix'], 'createValidationCache', { provider: 'cache' });
  const ttl = checkTtl(options.ttl, 'createValidationCache') || DAY;
  const counters = { hits: 0, misses: 0 };
  const rate = () => (counters.hits + counters.misses === 0 ? 0 : counters.hits / (counters.hits + counters.misses));
  return options.store ? fileBacked(options.store, options.prefix ?? '', ttl, counters, rate) : cacheBacked(options.cache, ttl, counters, rate);
}

type Counters = { hits: number; misses: number };

function cacheBacked(given: Cache | undefined, ttl: number, counters: Counters, rate: () => number): ValidationCache {
  const cache = given ?? createCache({ levels: [{ name: 'memory', maxSize: 1000 }] });
  const keyOf = (path: string) => `validation:${path}`;
  // One entry per path holding the hash it was made for: a new content replaces it, and
  // invalidating a path is one delete.
  return {
    async get<T>(path: string, content: string | Uint8Array) {
      checkPath(path, 'validation.get');
      checkContent(content, 'validation.get');
      const entry = await cache.get<{ hash: string; result: T }>(keyOf(path));
      if (entry?.hash === md5Hex(content)) {
        counters.hits++;
        return entry.result;
      }
      counters.misses++;
      return undefined;
    },
    async set(path, content, result, setOptions = {}) {
      checkPath(path, 'validation.set');
      checkContent(content, 'validation.set');
      await cache.set(keyOf(path), { hash: md5Hex(content), result }, { ttl: checkTtl(setOptions.ttl, 'validation.set') ?? ttl });
    },
    async invalidate(path) {
      checkPath(path, 'validation.invalidate');
      return (await cache.delete(keyOf(path))) ? 1 : 0;
    },
    clear: () => cache.clear(),
    async cleanup() {
      return 0; // the cache's levels drop expired entries themselves
    },
    async stats() {
      return { ...counters, hitRate: rate() };
    },
  };
}

function fileBacked(store: ObjectStore, prefix: string, ttl: number, counters: Counters, rate: () => number): ValidationCache {
  const folder = prefix === '' ? '' : `${prefix.replace(/\/+$/, '')}/`;
  const keyOf = (path: string, hash: string) => `${folder}${fileName(path)}_${hash}.json`;

  type Read = { state: 'valid'; result: unknown } | { state: 'expired' | 'corrupted' | 'missing' };
  async function read(key: string, maxAge = ttl): Promise<Read> {
    let text: string;
    try {
      text = textOf((await store.get(key)).body);
    } catch (error) {
      if (isStorageError(error, 'NOT_FOUND')) return { state: 'missing' };
      throw error;
    }
    try {
      const data = JSON.parse(text) as { cached_at?: unknown; result?: unknown; expires_at?: unknown };
      const at = parseCachedAt(data.cached_at);
      if (Number.isNaN(at) || !('result' in data)) return { state: 'corrupted' };
      const limit = typeof data.expires_at === 'number' ? data.expires_at : at + maxAge;
      return Date.now() > limit ? { state: 'expired' } : { state: 'valid', result: data.result };
    } catch {
      return { state: 'corrupted' };
    }
  }

  async function entries(namePrefix = ''): Promise<string[]> {
    const keys: string[] = [];
    for await (const item of store.list(`${folder}${namePrefix}`, { delimiter: '/' })) {
      if (item.kind === 'object' && item.key.endsWith('.json')) keys.push(item.key);
    }
    return keys;
  }

  return {
    async get<T>(path: string, content: string | Uint8Array) {
      checkPath(path, 'validation.get');
      checkContent(content, 'validation.get');
      const key = keyOf(path, md5Hex(content));
      const found = await read(key);
      if (found.state === 'valid') {
        counters.hits++;
        return found.result as T;
      }
      if (found.state !== 'missing') await store.delete(key);
      counters.misses++;
      return undefined;
    },
    async set(path, content, result, setOptions = {}) {
      checkPath(path, 'validation.set');
      checkContent(content, 'validation.set');
      const entryTtl = checkTtl(setOptions.ttl, 'validation.set');
      encodeValue(result); // refuses what JSON cannot hold, before anything is written
      const body: Record<string, unknown> = { cached_at: pythonNow(), result };
      if (entryTtl) body.expires_at = Date.now() + entryTtl;
      // No content type: on a local disk that would add a metadata file beside the entry.
      await store.put(keyOf(path, md5Hex(content)), JSON.stringify(body, null, 2));
    },
    async invalidate(path) {
      checkPath(path, 'validation.invalidate');
      const keys = (await entries(`${fileName(path)}_`)).filter((key) => /_[0-9a-f]{32}\.json$/.test(key));
      await mapLimit(keys, 8, (key) => store.delete(key));
      return keys.length;
    },
    async clear() {
      const keys = await entries();
      await mapLimit(keys, 8, (key) => store.delete(key));
    },
    async cleanup() {
      let removed = 0;
      for (const key of await entries()) {
        const found = await read(key);
        if (found.state === 'expired' || found.state === 'corrupted') {
          await store.delete(key);
          removed++;
        }
      }
      return removed;
    },
    async stats() {
      const stats = { ...counters, hitRate: rate(), totalFiles: 0, validFiles: 0, expiredFiles: 0, corruptedFiles: 0 };
      for (const key of await entries()) {
        const found = await read(key);
        stats.totalFiles++;
        if (found.state === 'valid') stats.validFiles++;
        else if (found.state === 'expired') stats.expiredFiles++;
        else if (found.state === 'corrupted') stats.corruptedFiles++;
      }
      return stats;
    },
  };
}
