/**
 * `@agentmap/storage-core/kit`: what backend and service authors build with — the per-call
 * checks of a store, the shared classifier of network failures, config readers for a
 * backend's section, option checks, body and key helpers, the query engine, read-modify-write
 * and the failure policy. Users of the storage API need only the root export.
 */

// Building a backend
export { defineObjectStore, type ObjectStoreDefinition, type ObjectStoreOperations } from './kit/define-object-store';
export { checkConditions } from './kit/conditions';
export { mapStreamErrors } from './kit/map-stream-errors';
export { raceAbort } from './kit/race-abort';
export { retryAfterMs } from './kit/retry-after';
export { sleep } from './layers/retry';
export { classifyNetworkError, networkCodeOf, type NetworkFailure } from './errors/network';
export { abortError, throwIfAborted } from './errors/storage-error';
export { scrubCause, scrubText } from './errors/scrub-cause';
export { markReplayedConflict, isReplayedConflict } from './errors/outcome-unknown';
export { configReaders, commonProviderFields, namespaceFields, commonBackendOptions, definedOptions, type CommonBackendOptions } from './config/readers';
export { validateOptions } from './kit/validate-options';
export { localConfigSchema, memoryConfigSchema } from './router/builtin-backends';
export { wrapStore } from './layers/wrap-store';
export type { StoreOperation, OperationCall, Interceptor, Invoke } from './layers/operation';

// Bodies, keys, metadata, preconditions
export { contentTypeFor, mimeTypeFor } from './mime/content-types';
export { normaliseMetadata } from './backends/shared/metadata';
export { assertBody, bytesOf, chunksOf, collectBody, concatBytes, destroyOnAbort, isStreamBody, textOf, toReadable } from './body/body';
export { validateKey, validatePrefix, compareKeys, isWellFormed, MAX_KEY_BYTES, MAX_SEGMENT_BYTES } from './keys/validate-key';
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

