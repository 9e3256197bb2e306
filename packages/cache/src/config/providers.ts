import { type ObjectStore, StorageError, createLocalStore, resolveEnvValue } from '@agentmap/storage-core';
import { configReaders } from '@agentmap/storage-core/kit';
import { z } from 'zod';
import type { LevelSpec } from '../types';

/** What a cache provider's `create` gets besides its section. */
export interface CacheProviderContext {
  /** The level's name. */
  name: string;
  /** Milliseconds (the YAML's seconds, converted). */
  ttl: number | undefined;
  /** Stores by name, for file levels that should live on S3, Azure… (`store:` in YAML). */
  stores: Readonly<Record<string, ObjectStore>>;
}

/**
 * A cache provider: how a YAML section (`provider: redis`, its settings) becomes a level.
 * Made with {@link defineCacheProvider}; passed to `cacheFromConfig(section, { providers })`.
 */
export interface CacheProviderDescriptor<S = unknown> {
  readonly kind: 'agentmap-cache-provider';
  /** The name users write in YAML (`provider: redis`). */
  provider: string;
  /** The npm package that brings it, for the "install X" hint. */
  package: string;
  /** Validates the provider's settings (snake_case, as in YAML). */
  configSchema: z.ZodType<S>;
  create: (section: S, context: CacheProviderContext) => LevelSpec;
}

/** Any provider descriptor, whatever its settings type (what lists of providers hold). */
export type AnyCacheProvider = Omit<CacheProviderDescriptor<never>, 'configSchema'> & { configSchema: z.ZodType };

export function defineCacheProvider<S>(definition: Omit<CacheProviderDescriptor<S>, 'kind'>): CacheProviderDescriptor<S> {
  return { kind: 'agentmap-cache-provider', ...definition };
}

/** Providers people write in YAML, and the package that brings each. */
export const KNOWN_CACHE_PROVIDERS: Readonly<Record<string, string>> = {
  memory: '@agentmap/storage-cache',
  redis: '@agentmap/storage-cache',
  file: '@agentmap/storage-cache',
  memcached: '@keyv/memcache',
  mongodb: '@keyv/mongo',
  postgres: '@keyv/postgres',
  sqlite: '@keyv/sqlite',
  valkey: '@keyv/valkey',
};

const secret = () => z.string().transform((value) => resolveEnvValue(value) ?? '');

const memorySchema = z.looseObject({
  max_size: configReaders.wholeNumber('a number of entries', 1).optional(),
  max_bytes: configReaders.size().optional(),
});

const redisSchema = z.looseObject({
  url: configReaders.text('a redis:// URL').optional(),
  host: configReaders.text('a host name').optional(),
  port: configReaders.wholeNumber('a port', 1).optional(),
  db: configReaders.wholeNumber('a database number').optional(),
  username: configReaders.text('a user name').optional(),
  password: secret().optional(),
  key_prefix: z.string().optional(),
  tls: z.union([configReaders.flag(), z.looseObject({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional(), reject_unauthorized: configReaders.flag().optional() })]).optional(),
  cluster: z.object({ nodes: z.array(configReaders.text('a redis:// URL')).min(1) }).optional(),
  connect_timeout: configReaders.seconds().optional(),
});

const fileSchema = z.looseObject({
  cache_directory: configReaders.text('a directory').optional(),
  store: configReaders.text('the name of a store passed in { stores }').optional(),
  prefix: z.string().optional(),
});

export const memoryCacheProvider = defineCacheProvider({
  provider: 'memory',
  package: '@agentmap/storage-cache',
  configSchema: memorySchema,
  create: (section, { name, ttl }) => ({ provider: 'memory', name, ttl, maxSize: section.max_size, maxBytes: section.max_bytes }),
});

export const redisCacheProvider = defineCacheProvider({
  provider: 'redis',
  package: '@agentmap/storage-cache',
  configSchema: redisSchema,
  create: (section, { name, ttl }) => {
    const tls = section.tls;
    return {
      provider: 'redis',
      name,
      ttl,
      url: section.url,
      host: section.host,
      port: section.port,
      db: section.db,
      username: section.username,
      password: section.password || undefined,
      keyPrefix: section.key_prefix,
      tls:
        typeof tls === 'object' && tls !== null
          ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.reject_unauthorized }
          : (tls),
      cluster: section.cluster,
      connectTimeoutMs: section.connect_timeout === undefined ? undefined : section.connect_timeout * 1000,
    };
  },
});

export const fileCacheProvider = defineCacheProvider({
  provider: 'file',
  package: '@agentmap/storage-cache',
  configSchema: fileSchema,
  create: (section, { name, ttl, stores }) => {
    let store: ObjectStore | undefined;
    if (section.store !== undefined) {
      store = stores[section.store];
      if (!store) {
        throw new StorageError('INVALID_ARGUMENT', `cache level ${name}: store "${section.store}" was not passed in { stores } to cacheFromConfig.`, { provider: 'cache' });
      }
    } else {
      store = createLocalStore({ baseDir: section.cache_directory ?? './cache' });
    }
    return { provider: 'file', name, ttl, store, prefix: section.prefix ?? '' };
  },
});

export const BUILTIN_CACHE_PROVIDERS: readonly AnyCacheProvider[] = [memoryCacheProvider, redisCacheProvider, fileCacheProvider];
