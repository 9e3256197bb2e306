// Errors
export { ErrorCode, RETRYABLE_CODES } from './errors/codes';
export { StorageError, isStorageError, abortError, throwIfAborted, type StorageErrorOptions } from './errors/storage-error';
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
  GetResult,
  GetStreamResult,
} from './spec/object-store';

// The service spec
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

// Helpers for backend and service authors
export { contentTypeFor, mimeTypeFor } from './mime/content-types';
export { normaliseMetadata } from './backends/shared/metadata';
export { assertBody, bytesOf, collectBody, concatBytes, isStreamBody, textOf, toReadable } from './body/body';
export { validateKey, validatePrefix, compareKeys, MAX_KEY_BYTES } from './keys/validate-key';
export { groupByDelimiter } from './keys/group-listing';
export { checkPrecondition, etagsEqual, normaliseEtag, resolveRange, sliceRange } from './backends/shared/preconditions';
export { idsEqual, normaliseId } from './services/ids';
export { applyQuery, compileQuery, runCompiled, compareValues, valuesEqual, QUERY_CONTROL_KEYS, type CompiledQuery, type FieldGetter } from './services/query';
export { mapLimit } from './sync/map-limit';
export { updateObject, type UpdateObjectOptions, type UpdateOutcome } from './services/read-modify-write';
export { ParsedCache, type ParsedCacheOptions } from './services/parsed-cache';
export { successResult, failureResult } from './services/result';
export { FAILURE_POLICY, failureOutcome, settleFailure, settleWrite, type FailureOutcome } from './services/failure-policy';
export { collectionResolver, hasExtension, type ServiceTarget } from './services/collection-target';

// Backends
export { createMemoryStore, type MemoryStoreOptions } from './backends/memory/memory-store';
// -- local backend exports (backends/local)
export { createLocalStore, type LocalStoreOptions } from './backends/local/local-store';

// Router
export type { StorageRouter, ResolvedTarget, ResolveOptions, BackendFactory } from './router/types';
// -- router exports (router/)
export { createStorageRouter, type StorageRouterOptions, type RouterStoreTarget } from './router/storage-router';
export { parseStorageUri, isStorageUri, type StorageUri } from './router/parse-uri';
export { schemeOfProvider, providerOfScheme } from './router/schemes';

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
  AzureProviderConfig,
  AwsProviderConfig,
  GcpProviderConfig,
} from './config/types';

// Layers
// -- layer exports (layers/)
export { withRetry, backoffDelay, type RetryOptions, type RetryEvent, type Backoff } from './layers/retry';
export { withTimeout, type TimeoutOptions } from './layers/timeout';
export { withConcurrencyLimit, type ConcurrencyLimitOptions } from './layers/concurrency';
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
export { wrapStore } from './layers/wrap-store';
export type { StoreOperation, OperationCall, Interceptor, Invoke } from './layers/operation';
