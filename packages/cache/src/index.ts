// The multi-level cache
export { createCache } from './cache/create-cache';
export type {
  Cache,
  CacheOptions,
  CacheEvent,
  CacheStats,
  LevelStats,
  SetOptions,
  LevelSpec,
  LevelCommon,
  MemoryLevelSpec,
  RedisLevelSpec,
  FileLevelSpec,
  KeyvLevelSpec,
} from './types';
export { bulkRead, type BulkReadOptions } from './bulk';

// Levels as keyv stores
export { LruStore, type LruStoreOptions } from './levels/lru-store';
export { ObjectStoreAdapter, type ObjectStoreAdapterOptions } from './levels/object-store-adapter';
export { createRedisKeyv, type RedisLevelOptions } from './levels/redis';

// Values
export { encodeValue, decodeValue, MAX_DEPTH, type EncodedValue } from './serializer';

// The read-through store layer
export { withCache, type WithCacheOptions } from './with-cache';

// The guide's caches
export { createValidationCache, type ValidationCache, type ValidationCacheOptions, type ValidationCacheStats } from './validation-cache';
export {
  createRoutingDecisionCache,
  type RoutingDecisionCache,
  type RoutingDecisionCacheOptions,
  type RoutingRequest,
  type RoutingAnalytics,
  type RoutingKeyStrategy,
} from './routing-cache';

// Config and provider descriptors
export { cacheFromConfig, type CacheFromConfigOptions, type CachesFromConfig } from './config/from-config';
export {
  defineCacheProvider,
  memoryCacheProvider,
  redisCacheProvider,
  fileCacheProvider,
  KNOWN_CACHE_PROVIDERS,
  type CacheProviderDescriptor,
  type AnyCacheProvider,
  type CacheProviderContext,
} from './config/providers';
