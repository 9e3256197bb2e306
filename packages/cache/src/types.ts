import type { ObjectStore } from '@agentmap/storage-core';
import type { Keyv } from 'keyv';
import type { RedisLevelOptions } from './levels/redis';

/** What every level spec may say. */
export interface LevelCommon {
  /** The level's name in stats and events (`memory`, `L2_redis`…). */
  name: string;
  /** Milliseconds an entry lives in this level at most. Default: no limit of the level's own. */
  ttl?: number;
}

/** An in-process LRU level. */
export interface MemoryLevelSpec extends LevelCommon {
  provider?: 'memory';
  /** Most entries kept. Default 10 000. */
  maxSize?: number;
  /** Most bytes kept (JSON length of the values). Default: no byte limit. */
  maxBytes?: number;
}

/** A Redis level built from connection options (see {@link RedisLevelOptions}). */
export interface RedisLevelSpec extends LevelCommon, RedisLevelOptions {
  provider?: 'redis';
}

/** A level on any ObjectStore (local disk, S3…): one object per entry, shared by processes. */
export interface FileLevelSpec extends LevelCommon {
  provider?: 'file';
  store: ObjectStore;
  /** Folder of the entries in the store. Default `cache`. */
  prefix?: string;
}

/** Any keyv instance a user brings (any adapter). The cache does not close it. */
export interface KeyvLevelSpec extends LevelCommon {
  keyv: Keyv;
}

export type LevelSpec = MemoryLevelSpec | RedisLevelSpec | FileLevelSpec | KeyvLevelSpec;

/** Options of `createCache`. */
export interface CacheOptions {
  /** Fastest first. Reads go top-down; a hit fills the levels above it. */
  levels: LevelSpec[];
  /** Default milliseconds an entry lives; a level's own `ttl` caps it. Default: none. */
  ttl?: number;
  /**
   * Write-behind: `set` returns once the first level has the value; the other levels are
   * written from a bounded queue (`maxQueue`, default 1000; when full, `set` writes through),
   * flushed by `flush()` and `close()`. Default: write-through.
   */
  writeBehind?: boolean | { maxQueue?: number };
  /**
   * Refresh-ahead for `wrap`: a hit whose remaining life is below this fraction of its TTL
   * (0–1) reloads the value in the background. Default: off.
   */
  refreshAhead?: number;
  /** Milliseconds a remote level's call may take before it counts as failed. Default 1000. */
  levelTimeoutMs?: number;
  /** Milliseconds a failed level is left alone before it is tried again. Default 1000. */
  retryAfterMs?: number;
  /** Receives every event (also available through `cache.on`). */
  onEvent?: (event: CacheEvent) => void;
}

/** Per-call options of `set` and `wrap`. */
export interface SetOptions {
  /** Milliseconds the entry lives (capped by each level's `ttl`); 0: no expiry. */
  ttl?: number;
}

/** Events for metrics and logs. */
export type CacheEvent =
  | { type: 'hit'; key: string; level: string; ms: number }
  | { type: 'miss'; key: string; ms: number }
  | { type: 'set'; key: string }
  | { type: 'delete'; key: string }
  | { type: 'load'; key: string; ms: number; ok: boolean }
  | { type: 'refresh'; key: string; ok: boolean }
  /** A level failed and is skipped until it answers again (the cache keeps serving from the others). */
  | { type: 'level-down'; level: string; message: string }
  | { type: 'level-up'; level: string }
  | { type: 'warning'; message: string; level?: string };

/** Counters of one level. */
export interface LevelStats {
  name: string;
  hits: number;
  misses: number;
  /** Entries held, when the level can tell cheaply (memory levels). */
  size?: number;
  /** Bytes held, when the level can tell cheaply. */
  bytes?: number;
  /** Failed calls (timeouts included). */
  errors: number;
  /** False while the level is skipped after a failure. */
  healthy: boolean;
  /** Mean milliseconds of this level's reads. */
  meanLatencyMs: number;
  /** Entries evicted to respect the level's size limits. */
  evictions?: number;
}

/** What `cache.stats()` returns. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Gets served by any level / all gets (0..1; 0 before any get). */
  hitRate: number;
  gets: number;
  sets: number;
  deletes: number;
  /** Loads run by `wrap` (one per key however many callers missed at once). */
  loads: number;
  /** Mean milliseconds of a `get`. */
  meanLatencyMs: number;
  levels: LevelStats[];
}

/** A multi-level cache over keyv. */
export interface Cache {
  /** The value, or `undefined` on a miss. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Values of many keys (`undefined` for misses), one round trip per level that supports it. */
  getMany<T = unknown>(keys: string[]): Promise<Array<T | undefined>>;
  has(key: string): Promise<boolean>;
  /** Stores a value in every level (or the first, then the rest in the background with write-behind). */
  set(key: string, value: unknown, options?: SetOptions): Promise<void>;
  /** Stores many values, one round trip per level that supports it. */
  setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void>;
  /** Removes a key from every level; true when some level held it. */
  delete(key: string): Promise<boolean>;
  /** Empties every level. */
  clear(): Promise<void>;
  /**
   * The cached value, or the result of `load` stored under `key`. However many callers miss
   * at once, `load` runs once; its failure reaches all of them and is not cached.
   */
  wrap<T>(key: string, load: () => Promise<T> | T, options?: SetOptions): Promise<T>;
  stats(): CacheStats;
  /** Resets the counters of `stats()`. */
  resetStats(): void;
  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (event: CacheEvent) => void): () => void;
  /** Each level as a Keyv instance. */
  readonly levels: ReadonlyArray<{ name: string; keyv: Keyv }>;
  /** Writes what write-behind still holds. */
  flush(): Promise<void>;
  /** Flushes, then disconnects the levels the cache created. */
  close(): Promise<void>;
}
