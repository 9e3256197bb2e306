import { type GetOptions, type GetResult, type ObjectInfo, type ObjectStore, StorageError } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';
import type { Cache } from './types';
import { checkOptions } from './options';

/** Options of {@link withCache}. */
export interface WithCacheOptions {
  cache: Cache;
  /**
   * Serve a cached object without asking the store (no `head`) until its TTL passes. Faster,
   * but a write by another process is seen only after the TTL. Default false: every cached
   * `get` costs one `head` to compare etags.
   */
  trustTtl?: boolean;
  /** Milliseconds a cached object lives. Default: the cache's TTL. */
  ttl?: number;
  /** Objects larger than this many bytes are not cached. Default 8 MiB. */
  maxObjectBytes?: number;
  /** Prefix of the cache keys; default `obj:<store location>:`. */
  keyPrefix?: string;
}

const OPTION_KEYS = ['cache', 'trustTtl', 'ttl', 'maxObjectBytes', 'keyPrefix'];

/**
 * A read-through ObjectStore layer. `get` of a whole object is served from the cache after a
 * `head` shows the etag unchanged (or without it when `trustTtl`); writes, copies and deletes
 * through the layer invalidate the key. Ranged gets, streams, listings and heads go to the store.
 *
 * ```ts
 * const cached = withCache(createLocalStore({ baseDir: './data' }), { cache: createCache({ levels: [{ name: 'memory' }] }) });
 * ```
 */
export function withCache(store: ObjectStore, options: WithCacheOptions): ObjectStore {
  checkOptions(options, OPTION_KEYS, 'withCache', { provider: store?.provider });
  const { cache, trustTtl = false, ttl } = options;
  if (typeof cache?.wrap !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', 'withCache needs { cache }: a cache from createCache({ levels }).', { provider: store.provider });
  }
  const maxBytes = options.maxObjectBytes ?? 8 * 1024 * 1024;
  const prefix = options.keyPrefix ?? `obj:${store.location}:`;
  const keyOf = (key: string) => `${prefix}${key}`;

  async function cachedGet(key: string, options: GetOptions | undefined, invoke: () => Promise<GetResult>): Promise<GetResult> {
    const cacheKey = keyOf(key);
    const cached = await cache.get<GetResult>(cacheKey);
    if (cached !== undefined) {
      if (trustTtl) return cached;
      const info = await store.head(key, { signal: options?.signal });
      if (info?.etag === cached.info.etag) return cached;
    }
    const result = await invoke();
    if (result.body.byteLength <= maxBytes) {
      // The read succeeded; a cache that cannot take the copy (every level down) must not fail it.
      await cache.set(cacheKey, { body: result.body, info: plainInfo(result.info) }, ttl === undefined ? {} : { ttl }).catch(() => undefined);
    }
    return result;
  }

  async function invalidating<T>(keys: string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      // Also on failure: a failed conditional write may still mean the cached copy is stale.
      await Promise.all(keys.map((key) => cache.delete(keyOf(key))));
    }
  }

  const layered = wrapStore(store, (call, invoke) => {
    switch (call.operation) {
      case 'get': {
        const options = call.options as GetOptions | undefined;
        if (options?.range) return invoke(call.signal);
        return cachedGet(call.key, options, () => invoke(call.signal) as Promise<GetResult>) as never;
      }
      case 'put':
      case 'delete':
        return invalidating([call.key], () => invoke(call.signal));
      default:
        return invoke(call.signal);
    }
  });
  // A layer sees only the source of a copy; the destination is invalidated here.
  const copy = layered.copy.bind(layered);
  layered.copy = (from, to, copyOptions) => invalidating([to], () => copy(from, to, copyOptions));
  return layered;
}

/** The info without undefined fields, as the cache stores it. */
function plainInfo(info: ObjectInfo): ObjectInfo {
  const out: ObjectInfo = { key: info.key, size: info.size, etag: info.etag, lastModified: info.lastModified };
  if (info.contentType !== undefined) out.contentType = info.contentType;
  if (info.metadata !== undefined) out.metadata = { ...info.metadata };
  return out;
}
