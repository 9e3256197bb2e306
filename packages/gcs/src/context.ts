import type { Bucket, File, Storage } from '@google-cloud/storage';
import { type StorageError, abortError } from '@agentmap/storage-core';
import { type FailureContext, PROVIDER, toStorageError } from './errors';
import type { MetadataCache } from './metadata-cache';
import type { ResolvedGcsOptions } from './options';

/** What every operation of one store shares. */
export interface GcsContext {
  options: ResolvedGcsOptions;
  storage: Storage;
  /** The bound bucket. */
  bucket: Bucket;
  cache: MetadataCache;
  /** Resolves once the bucket is usable (created when `createBucket` is set). */
  ready(): Promise<void>;
  /** A handle on an object of the bound bucket, carrying the store's KMS key and billing project. */
  file(key: string, generation?: string): File;
  /** Maps an SDK failure for this bucket. */
  fail(error: unknown, action: string, key?: string, retryable?: boolean): StorageError;
}

export function failWith(bucket: string): GcsContext['fail'] {
  return (error, action, key, retryable) => {
    const ctx: FailureContext = { bucket, action, ...(key === undefined ? {} : { key }), ...(retryable === undefined ? {} : { retryable }) };
    return toStorageError(error, ctx);
  };
}

/**
 * Settles with `promise`, or rejects with `ABORTED` as soon as `signal` fires. The SDK's JSON
 * calls take no signal; an aborted call's answer is dropped.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal, PROVIDER));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, PROVIDER));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
