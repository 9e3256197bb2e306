// The spec
export type {
  VectorStore,
  VectorRecord,
  StoredVectorRecord,
  VectorMatch,
  VectorQuery,
  VectorMetric,
  VectorMetadata,
  MetadataValue,
  MetadataScalar,
  VectorCapabilities,
  VectorDeleteSelector,
  UpsertOptions,
  UpsertReport,
  FilterOperatorName,
} from './spec/vector-store';
export type { Embedder } from './spec/embedder';

// The filter language, shared by every database's compiler
export type { VectorFilter, FieldOperators, FilterNode, ComparisonOperator } from './filter/types';
export { parseFilter, operatorsOf, assertSupported } from './filter/parse';
export { STRING_RANGES_MARKER, stringRangeOf, assertStringRangesKept, type StringRange } from './filter/string-ranges';
export { evaluateFilter, compileFilter } from './filter/evaluate';

// Shared parts for vector packages
export { checkCollection, checkId, checkIds, checkVector, checkVectorValues, checkMetadata, checkRecords, checkQueryOptions, checkQueryObject, VECTOR_LIMITS, type CheckedRecord } from './shared/validate';
export { scoreFrom, ALL_METRICS } from './shared/scores';
export { chunk, jsonBytesBound, writeInBatches } from './shared/batches';

// Shared parts for packages that reach a vector database over HTTP
export { httpError, transportError, codeForStatus, retryAfterMs, scrubText, type HttpFailure } from './remote/http-errors';
export { withRetries, type RetryOptions } from './remote/retry';
export { uuidForId } from './remote/uuid-ids';
export { requestDeadline, type RequestDeadline } from './remote/deadline';

// Embedders
export { createHashingEmbedder, type HashingEmbedderOptions } from './embedders/hashing';
export { createOpenAIEmbedder, mapOpenAIError, type OpenAIEmbedderOptions } from './embedders/openai';
export { createAiSdkEmbedder, type AiSdkEmbeddingModelLike } from './embedders/ai-sdk';
export { checkEmbeddings } from './embedders/check-output';

// The exact local index and the service
export { createLocalVectorStore, type LocalVectorStoreOptions } from './local/local-store';
export { createVectorStorage, type VectorStorage, type VectorStorageOptions, type SimilaritySearchOptions, type VectorReadQuery } from './service/vector-storage';
export type { VectorDocument } from './service/documents';

// Providers
export { defineVectorProvider, isVectorProviderDescriptor, vectorStoreFromConfig, type VectorProviderDefinition, type VectorProviderDescriptor } from './providers/define-vector-provider';
export { KNOWN_VECTOR_PROVIDERS } from './providers/known-providers';
export { localVectorProvider } from './providers/local-provider';
