import { StorageError } from '@agentmap/storage-core';
import { Keyv } from 'keyv';
import { checkTtl, shown } from '../checks';
import type { FileLevelSpec, LevelSpec, MemoryLevelSpec, RedisLevelSpec } from '../types';
import { LruStore } from './lru-store';
import { ObjectStoreAdapter } from './object-store-adapter';
import { createRedisLevel } from './redis';
import { checkOptions } from '../options';

/** A level ready to use. */
export interface Level {
  name: string;
  keyv: Keyv;
  ttl: number | undefined;
  /** The in-process store, read synchronously on the hot path. */
  lru: LruStore | undefined;
  /** Calls may hang or fail (network, disk): they get a deadline and failure tracking. */
  remote: boolean;
  /** Created by the cache, so closed by it. */
  owned: boolean;
  /** Awaited (within the deadline) before a call when it returns a promise: opens a connection once. */
  ready?: () => Promise<void> | undefined;
}

const COMMON = ['name', 'ttl', 'provider'];
const MEMORY_KEYS = [...COMMON, 'maxSize', 'maxBytes'];
const REDIS_KEYS = [...COMMON, 'url', 'host', 'port', 'db', 'username', 'password', 'tls', 'keyPrefix', 'cluster', 'connectTimeoutMs'];
const FILE_KEYS = [...COMMON, 'store', 'prefix'];
const KEYV_KEYS = ['name', 'ttl', 'keyv'];

function providerOf(spec: LevelSpec, where: string): 'memory' | 'redis' | 'file' | 'keyv' {
  if ('keyv' in spec && spec.keyv !== undefined) return 'keyv';
  const provider = (spec as { provider?: unknown }).provider;
  if (provider !== undefined) {
    if (provider === 'memory' || provider === 'redis' || provider === 'file') return provider;
    throw new StorageError('INVALID_ARGUMENT', `${where}: provider ${JSON.stringify(provider)} is not one of memory, redis, file; bring any other keyv adapter as { name, keyv }.`, {
      provider: 'cache',
    });
  }
  if ('store' in spec && spec.store !== undefined) return 'file';
  if (spec.name === 'redis' || 'url' in spec || 'host' in spec || 'cluster' in spec) return 'redis';
  if (spec.name === 'file') return 'file';
  return 'memory';
}

function positiveWhole(value: unknown, name: string, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new StorageError('INVALID_ARGUMENT', `${where}: ${name} must be a whole number of at least 1; got ${shown(value)}.`, { provider: 'cache' });
  }
  return value;
}

/** Builds a level from its spec; unknown options are `INVALID_ARGUMENT`. */
export function createLevel(spec: LevelSpec, index: number): Level {
  const where = `createCache: levels[${index}]`;
  if (typeof spec !== 'object' || spec === null) {
    throw new StorageError('INVALID_ARGUMENT', `${where} must be an object such as { name: 'memory', maxSize: 1000 }.`, { provider: 'cache' });
  }
  const provider = providerOf(spec, where);
  const name = typeof spec.name === 'string' && spec.name !== '' ? spec.name : provider;
  const ttl = checkTtl(spec.ttl, `${where}.ttl`);
  switch (provider) {
    case 'memory': {
      checkOptions(spec, MEMORY_KEYS, where, { provider: 'cache' });
      const s = spec as MemoryLevelSpec;
      const lru = new LruStore({
        maxEntries: positiveWhole(s.maxSize, 'maxSize', where) ?? (s.maxBytes === undefined ? 10_000 : undefined),
        maxBytes: positiveWhole(s.maxBytes, 'maxBytes', where),
      });
      // No serializer: the cache stores its own encoded (plain JSON) trees and copies on read.
      const keyv = new Keyv({ store: lru, namespace: '', useKeyPrefix: false, serialize: undefined, deserialize: undefined, throwOnErrors: true });
      keyv.on('error', () => undefined);
      return { name, keyv, ttl, lru, remote: false, owned: true };
    }
    case 'redis': {
      checkOptions(spec, REDIS_KEYS, where, { provider: 'cache' });
      const { name: _n, ttl: _t, provider: _p, ...options } = spec as RedisLevelSpec;
      const { keyv, ready } = createRedisLevel(options);
      return { name, keyv, ttl, lru: undefined, remote: true, owned: true, ready };
    }
    case 'file': {
      checkOptions(spec, FILE_KEYS, where, { provider: 'cache' });
      const s = spec as FileLevelSpec;
      if (typeof s.store?.get !== 'function') {
        throw new StorageError('INVALID_ARGUMENT', `${where}: a file level needs { store }: an ObjectStore such as createLocalStore({ baseDir }).`, { provider: 'cache' });
      }
      const keyv = new Keyv({ store: new ObjectStoreAdapter({ store: s.store, prefix: s.prefix }), useKeyPrefix: false, throwOnErrors: true });
      keyv.on('error', () => undefined);
      return { name, keyv, ttl, lru: undefined, remote: true, owned: true };
    }
    case 'keyv': {
      checkOptions(spec, KEYV_KEYS, where, { provider: 'cache' });
      const keyv = (spec as { keyv: Keyv }).keyv;
      if (typeof keyv?.get !== 'function' || typeof keyv.set !== 'function') {
        throw new StorageError('INVALID_ARGUMENT', `${where}: keyv must be a Keyv instance, e.g. new Keyv(new KeyvRedis(url)).`, { provider: 'cache' });
      }
      // Failures must reach the cache to be counted and routed around, not be swallowed.
      keyv.throwOnErrors = true;
      const store = keyv.store as { throwOnErrors?: boolean } | undefined;
      if (store && typeof store.throwOnErrors === 'boolean') store.throwOnErrors = true;
      keyv.on('error', () => undefined);
      return { name, keyv, ttl, lru: undefined, remote: true, owned: false };
    }
  }
}
