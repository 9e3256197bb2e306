// Errors
export { ErrorCode, RETRYABLE_CODES } from './errors/codes';
export { StorageError, isStorageError, type StorageErrorOptions } from './errors/storage-error';
export { fromFsError } from './errors/from-fs-error';

// The ObjectStore spec
export type { ObjectInfo, ListEntry, ObjectEntry, PrefixEntry } from './spec/object-info';
export type { StoreCapabilities } from './spec/capabilities';
export type {
  ObjectStore,
  PutBody,
  ByteRange,
  CallOptions,
  GetOptions,
  PutOptions,
  DeleteOptions,
  ListOptions,
  CopyOptions,
  PresignOptions,
  SetStorageClassOptions,
  GetResult,
  GetStreamResult,
} from './spec/object-store';

// The service spec and its failure policy
export {
  WriteMode,
  isWriteMode,
  type DocumentId,
  type SortOrder,
  type FilterOperators,
  type Query,
  type ReadOptions,
  type WriteOptions,
  type DeleteDocumentOptions,
  type StorageOperation,
  type StorageResult,
  type StorageService,
} from './spec/service';
export { FAILURE_POLICY, failureOutcome, type FailureOutcome } from './services/failure-policy';

// Backends
export { createMemoryStore, type MemoryStoreOptions } from './backends/memory/memory-store';
// -- local backend exports (backends/local)
export { createLocalStore, type LocalStoreOptions } from './backends/local/local-store';

// Router
export type { StorageRouter, ResolvedTarget, ResolveOptions, BackendFactory } from './router/types';
// -- router exports (router/)
export { createStorageRouter, type StorageRouterOptions, type RouterStoreTarget } from './router/storage-router';
export { parseStorageUri, isStorageUri, type StorageUri } from './router/parse-uri';
export { defineBackend, isBackendDescriptor, type BackendDescriptor, type BackendDefinition } from './router/define-backend';
export { localBackend, memoryBackend } from './router/builtin-backends';

// Config
// -- config exports (config/)
export { loadStorageConfig, parseStorageConfig, isLoadedConfig, type LoadStorageConfigOptions } from './config/load';
export type { ConfigSource } from './config/source';
export { resolveEnvValue, parseEnvReference, type EnvSource, type EnvReference } from './config/env';
export { redactConfig, isSecretKey, REDACTED } from './config/secrets';
export { parseSize, tryParseSize, SIZE_KEYS } from './config/size';
export type {
  StorageConfig,
  ServiceConfig,
  ServiceOptions,
  ProvidersConfig,
  CommonProviderConfig,
  ContainerMapConfig,
  LocalProviderConfig,
} from './config/types';

// Layers
// -- layer exports (layers/)
export { withRetry, backoffDelay, type RetryOptions, type RetryEvent, type Backoff } from './layers/retry';
export { withTimeout, type TimeoutOptions } from './layers/timeout';
export { withConcurrencyLimit, type ConcurrencyLimitOptions, type ConcurrencyState, type LimitedStore } from './layers/concurrency';
export { withMetrics, type MetricsOptions, type MeteredStore } from './layers/metrics';
export {
  createStoreMetrics,
  type StoreMetrics,
  type StoreMetricsOptions,
  type StoreEvent,
  type MetricsSnapshot,
  type OperationStats,
  type DurationStats,
} from './layers/metrics-registry';

/**
 * Helpers for backend and service authors, also at `@agentmap/storage-core/kit`.
 * @deprecated Import them from `@agentmap/storage-core/kit`; the root keeps them for one minor version.
 */
export * from './kit';
