import { StorageError } from '@agentmap/storage-core';
import { checkKey, checkTtl, shown } from '../checks';
import { createLevel } from '../levels/level';
import { type EncodedValue, decodeValue, encodeValue } from '../serializer';
import type { Cache, CacheEvent, CacheOptions, CacheStats, SetOptions } from '../types';
import { LevelState, UNAVAILABLE } from './level-state';
import { SingleFlight } from './single-flight';
import { WriteBehindQueue } from './write-behind';
import { checkOptions } from '../options';

const OPTION_KEYS = ['levels', 'ttl', 'writeBehind', 'refreshAhead', 'levelTimeoutMs', 'retryAfterMs', 'onEvent'];

/** What keyv keeps for an entry: the value and its expiry (epoch ms). */
interface Raw {
  value: EncodedValue;
  expires?: number | null;
}

/** The smaller of two TTLs, where undefined and 0 mean "none". */
function shorter(a: number | undefined, b: number | undefined): number | undefined {
  const x = a ? a : undefined;
  const y = b ? b : undefined;
  if (x === undefined) return y;
  if (y === undefined) return x;
  return Math.min(x, y);
}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StorageError('INVALID_ARGUMENT', `createCache: ${name} must be a positive number of milliseconds; got ${shown(value)}.`, { provider: 'cache' });
  }
  return value;
}

/**
 * A cache over one or more keyv levels, fastest first.
 *
 * ```ts
 * const cache = createCache({ levels: [{ name: 'memory', maxSize: 10_000, ttl: 60_000 }, { name: 'redis', url: 'redis://127.0.0.1:6379' }] });
 * const user = await cache.wrap(`user:${id}`, () => loadUser(id), { ttl: 300_000 });
 * ```
 */
export function createCache(options: CacheOptions): Cache {
  checkOptions(options, OPTION_KEYS, 'createCache', { provider: 'cache' });
  if (!Array.isArray(options.levels) || options.levels.length === 0) {
    throw new StorageError('INVALID_ARGUMENT', "createCache needs { levels }: at least one level, e.g. [{ name: 'memory', maxSize: 10_000 }].", { provider: 'cache' });
  }
  const defaultTtl = checkTtl(options.ttl, 'createCache');
  const refreshAhead = options.refreshAhead;
  if (refreshAhead !== undefined && (typeof refreshAhead !== 'number' || !(refreshAhead > 0 && refreshAhead < 1))) {
    throw new StorageError('INVALID_ARGUMENT', `createCache: refreshAhead is a fraction of the TTL between 0 and 1 (e.g. 0.2); got ${String(refreshAhead)}.`, {
      provider: 'cache',
    });
  }
  const timeoutMs = positive(options.levelTimeoutMs, 'levelTimeoutMs', 1000);
  const retryAfterMs = positive(options.retryAfterMs, 'retryAfterMs', 1000);

  const listeners = new Set<(event: CacheEvent) => void>();
  if (options.onEvent !== undefined) {
    if (typeof options.onEvent !== 'function') throw new StorageError('INVALID_ARGUMENT', 'createCache: onEvent must be a function.', { provider: 'cache' });
    listeners.add(options.onEvent);
  }
  const emit = (event: CacheEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break the cache.
      }
    }
  };

  const states = options.levels.map((spec, i) => new LevelState(createLevel(spec, i), { timeoutMs, retryAfterMs, emit }));
  const levelTtl = (state: LevelState, ttl: number | undefined) => shorter(ttl, state.level.ttl);

  const counters = { hits: 0, misses: 0, gets: 0, sets: 0, deletes: 0, loads: 0, latencySum: 0 };
  const flights = new SingleFlight();
  const refreshing = new Set<string>();

  /** Writes an encoded value to one level; a level that cannot take it remembers the key. */
  async function writeLevel(state: LevelState, key: string, value: EncodedValue, ttl: number | undefined): Promise<boolean> {
    const t = levelTtl(state, ttl);
    if (state.level.lru) {
      state.level.lru.setSync(key, { value, expires: t ? Date.now() + t : undefined }, t);
      return true;
    }
    const result = await state.run(() => state.level.keyv.set(key, value, t));
    if (result === UNAVAILABLE) {
      state.missedWrite(key);
      return false;
    }
    return true;
  }

  const behind =
    options.writeBehind && states.length > 1
      ? new WriteBehindQueue({
          maxQueue: typeof options.writeBehind === 'object' ? (options.writeBehind.maxQueue ?? 1000) : 1000,
          write: async (key, value, ttl) => {
            await Promise.all(states.slice(1).map((state) => writeLevel(state, key, value, ttl)));
          },
        })
      : undefined;

  /** Reads one level; undefined on a miss, UNAVAILABLE when the level is down. */
  async function readLevel(state: LevelState, key: string): Promise<Raw | undefined | typeof UNAVAILABLE> {
    const t0 = performance.now();
    let raw: Raw | undefined | typeof UNAVAILABLE;
    if (state.level.lru) {
      raw = state.level.lru.getSync(key) as Raw | undefined;
      if (raw !== undefined && typeof raw.expires === 'number' && Date.now() > raw.expires) {
        await state.level.lru.delete(key);
        raw = undefined;
      }
    } else {
      raw = (await state.run(() => state.level.keyv.get(key, { raw: true }))) as Raw | undefined | typeof UNAVAILABLE;
    }
    state.latencySum += performance.now() - t0;
    state.latencyCount++;
    return raw;
  }

  /** Top-down lookup; a hit fills the levels above it with the entry's remaining life. */
  async function lookup(key: string): Promise<{ value: unknown; expires: number | undefined } | undefined> {
    const t0 = performance.now();
    counters.gets++;
    for (let i = 0; i < states.length; i++) {
      const state = states[i]!;
      const raw = await readLevel(state, key);
      if (raw === UNAVAILABLE) continue;
      if (raw === undefined || raw === null) {
        state.misses++;
        continue;
      }
      state.hits++;
      const expires = typeof raw.expires === 'number' ? raw.expires : undefined;
      const remaining = expires === undefined ? undefined : Math.max(1, expires - Date.now());
      for (let j = 0; j < i; j++) {
        // Fills are best effort: a failure is counted by the level and must not fail the read.
        void writeLevel(states[j]!, key, raw.value, remaining);
      }
      counters.hits++;
      const ms = performance.now() - t0;
      counters.latencySum += ms;
      if (listeners.size > 0) emit({ type: 'hit', key, level: state.level.name, ms });
      return { value: decodeValue(raw.value), expires };
    }
    counters.misses++;
    const ms = performance.now() - t0;
    counters.latencySum += ms;
    if (listeners.size > 0) emit({ type: 'miss', key, ms });
    return undefined;
  }

  async function store(key: string, encoded: EncodedValue, ttl: number | undefined): Promise<void> {
    flights.invalidate(key);
    counters.sets++;
    let written: boolean[];
    if (behind && behind.offer(key, encoded, ttl)) {
      written = [await writeLevel(states[0]!, key, encoded, ttl)];
    } else {
      written = await Promise.all(states.map((state) => writeLevel(state, key, encoded, ttl)));
    }
    if (!written.some(Boolean)) {
      throw new StorageError('UNAVAILABLE', `No cache level could store "${key}": every level is down. Check the connections of the levels (see the level-down events).`, {
        provider: 'cache',
        key,
      });
    }
    if (listeners.size > 0) emit({ type: 'set', key });
  }

  function refresh<T>(key: string, load: () => Promise<T> | T, ttl: number | undefined): void {
    if (refreshing.has(key)) return;
    refreshing.add(key);
    void (async () => {
      try {
        const value = await load();
        await store(key, encodeValue(value), ttl);
        emit({ type: 'refresh', key, ok: true });
      } catch (error) {
        emit({ type: 'refresh', key, ok: false });
        emit({ type: 'warning', message: `Refreshing "${key}" ahead of expiry failed: ${error instanceof Error ? error.message : String(error)}; the cached value stays until it expires.` });
      } finally {
        refreshing.delete(key);
      }
    })();
  }

  const cache: Cache = {
    async get<T>(key: string): Promise<T | undefined> {
      checkKey(key, 'cache.get');
      return (await lookup(key))?.value as T | undefined;
    },

    async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
      if (!Array.isArray(keys)) throw new StorageError('INVALID_ARGUMENT', 'cache.getMany needs an array of keys.', { provider: 'cache' });
      keys.forEach((key, i) => checkKey(key, `cache.getMany: keys[${i}]`));
      const results = new Array<T | undefined>(keys.length);
      let wanted = keys.map((_, i) => i);
      counters.gets += keys.length;
      for (let l = 0; l < states.length && wanted.length > 0; l++) {
        const state = states[l]!;
        const batch = wanted.map((i) => keys[i]!);
        let raws: Array<Raw | undefined> | typeof UNAVAILABLE;
        if (state.level.lru) {
          raws = [];
          for (const key of batch) {
            const raw = await readLevel(state, key);
            raws.push(raw === UNAVAILABLE ? undefined : raw);
          }
        } else {
          raws = (await state.run(() => state.level.keyv.getMany(batch, { raw: true }))) as Array<Raw | undefined> | typeof UNAVAILABLE;
        }
        if (raws === UNAVAILABLE) continue;
        const still: number[] = [];
        raws.forEach((raw, n) => {
          const index = wanted[n]!;
          if (raw === undefined || raw === null || (typeof raw.expires === 'number' && Date.now() > raw.expires)) {
            state.misses++;
            still.push(index);
            return;
          }
          state.hits++;
          counters.hits++;
          results[index] = decodeValue(raw.value) as T;
          const remaining = typeof raw.expires === 'number' ? Math.max(1, raw.expires - Date.now()) : undefined;
          for (let j = 0; j < l; j++) void writeLevel(states[j]!, keys[index]!, raw.value, remaining);
        });
        wanted = still;
      }
      counters.misses += wanted.length;
      return results;
    },

    async has(key: string): Promise<boolean> {
      checkKey(key, 'cache.has');
      return (await lookup(key)) !== undefined;
    },

    async set(key: string, value: unknown, setOptions: SetOptions = {}): Promise<void> {
      checkKey(key, 'cache.set');
      checkOptions(setOptions, ['ttl'], 'cache.set options', { provider: 'cache' });
      const ttl = checkTtl(setOptions.ttl, 'cache.set') ?? defaultTtl;
      if (value === undefined) throw new StorageError('INVALID_ARGUMENT', 'cache.set: undefined cannot be cached (it reads as a miss); use null.', { provider: 'cache', key });
      await store(key, encodeValue(value), ttl);
    },

    async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
      if (!Array.isArray(entries)) throw new StorageError('INVALID_ARGUMENT', 'cache.setMany needs an array of { key, value, ttl? }.', { provider: 'cache' });
      // Everything is checked and encoded before anything is written.
      const encoded = entries.map((entry, i) => {
        checkOptions(entry, ['key', 'value', 'ttl'], `cache.setMany: entries[${i}]`, { provider: 'cache' });
        checkKey(entry.key, `cache.setMany: entries[${i}]`);
        if (entry.value === undefined) throw new StorageError('INVALID_ARGUMENT', `cache.setMany: entries[${i}].value is undefined; use null.`, { provider: 'cache' });
        return { key: entry.key, value: encodeValue(entry.value), ttl: checkTtl(entry.ttl, `cache.setMany: entries[${i}]`) ?? defaultTtl };
      });
      for (const { key } of encoded) flights.invalidate(key);
      counters.sets += encoded.length;
      await Promise.all(
        states.map(async (state) => {
          const rows = encoded.map(({ key, value, ttl }) => ({ key, value, ttl: levelTtl(state, ttl) }));
          if (state.level.lru) {
            for (const row of rows) state.level.lru.setSync(row.key, { value: row.value, expires: row.ttl ? Date.now() + row.ttl : undefined }, row.ttl);
            return;
          }
          const result = await state.run(() => state.level.keyv.setMany(rows));
          if (result === UNAVAILABLE) for (const row of rows) state.missedWrite(row.key);
        }),
      );
    },

    async delete(key: string): Promise<boolean> {
      checkKey(key, 'cache.delete');
      flights.invalidate(key);
      behind?.drop(key);
      counters.deletes++;
      const removed = await Promise.all(
        states.map(async (state) => {
          const result = await state.run(() => state.level.keyv.delete(key));
          if (result === UNAVAILABLE) {
            state.missedWrite(key);
            return false;
          }
          return result;
        }),
      );
      if (listeners.size > 0) emit({ type: 'delete', key });
      return removed.some(Boolean);
    },

    async clear(): Promise<void> {
      behind?.clear();
      const results = await Promise.all(states.map((state) => state.run(() => state.level.keyv.clear())));
      const failed = states.filter((_, i) => results[i] === UNAVAILABLE).map((s) => s.level.name);
      if (failed.length > 0) {
        throw new StorageError('UNAVAILABLE', `cache.clear: level(s) ${failed.join(', ')} could not be cleared; they may still hold entries. Call clear again once they are back.`, {
          provider: 'cache',
        });
      }
    },

    wrap<T>(key: string, load: () => Promise<T> | T, setOptions: SetOptions = {}): Promise<T> {
      checkKey(key, 'cache.wrap');
      if (typeof load !== 'function') throw new StorageError('INVALID_ARGUMENT', 'cache.wrap needs a load function.', { provider: 'cache', key });
      checkOptions(setOptions, ['ttl'], 'cache.wrap options', { provider: 'cache' });
      const ttl = checkTtl(setOptions.ttl, 'cache.wrap') ?? defaultTtl;
      return flights.run(key, async (stillCurrent) => {
        const hit = await lookup(key);
        if (hit !== undefined) {
          if (refreshAhead !== undefined && ttl && hit.expires !== undefined && hit.expires - Date.now() < refreshAhead * ttl) refresh(key, load, ttl);
          return hit.value as T;
        }
        const t0 = performance.now();
        counters.loads++;
        let value: T;
        try {
          value = await load();
        } catch (error) {
          emit({ type: 'load', key, ms: performance.now() - t0, ok: false });
          throw error;
        }
        if (listeners.size > 0) emit({ type: 'load', key, ms: performance.now() - t0, ok: true });
        const encoded = encodeValue(value);
        // A set or delete of the key during the load is newer than what was loaded.
        if (stillCurrent()) await store(key, encoded, ttl);
        return value;
      });
    },

    stats(): CacheStats {
      return {
        hits: counters.hits,
        misses: counters.misses,
        hitRate: counters.gets === 0 ? 0 : counters.hits / counters.gets,
        gets: counters.gets,
        sets: counters.sets,
        deletes: counters.deletes,
        loads: counters.loads,
        meanLatencyMs: counters.gets === 0 ? 0 : counters.latencySum / counters.gets,
        levels: states.map((state) => ({
          name: state.level.name,
          hits: state.hits,
          misses: state.misses,
          errors: state.errors,
          healthy: !state.down,
          meanLatencyMs: state.latencyCount === 0 ? 0 : state.latencySum / state.latencyCount,
          ...(state.level.lru ? { size: state.level.lru.size, bytes: state.level.lru.byteSize, evictions: state.level.lru.evictions } : {}),
        })),
      };
    },

    resetStats(): void {
      Object.assign(counters, { hits: 0, misses: 0, gets: 0, sets: 0, deletes: 0, loads: 0, latencySum: 0 });
      for (const state of states) Object.assign(state, { hits: 0, misses: 0, errors: 0, latencySum: 0, latencyCount: 0 });
    },

    on(listener: (event: CacheEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    levels: states.map((state) => ({ name: state.level.name, keyv: state.level.keyv })),

    async flush(): Promise<void> {
      await behind?.flush();
    },

    async close(): Promise<void> {
      await behind?.flush();
      await Promise.all(states.filter((s) => s.level.owned && s.level.remote).map((s) => s.level.keyv.disconnect().catch(() => undefined)));
    },
  };
  return cache;
}
