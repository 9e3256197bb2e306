export { createJsonStorage } from './create-json-storage';
export { MAX_JSON_DEPTH } from './json/serialisable';
export type {
  BatchFailure,
  BatchWriteItem,
  BatchWriteOptions,
  JsonCollection,
  JsonCountOptions,
  JsonExistsOptions,
  JsonDeleteOptions,
  JsonFormat,
  JsonLayout,
  JsonReadOptions,
  JsonStorage,
  JsonStorageOptions,
  JsonStorageTarget,
  JsonWriteOptions,
  SchemaIssue,
  SchemaLike,
} from './types';
