import type { Bucket, File, Storage } from '@google-cloud/storage';
import type { StorageError } from '@agentmap/storage-core';
import { raceAbort } from '@agentmap/storage-core/kit';
import { type FailureContext, PROVIDER, toStorageError } from './errors';
import type { MetadataCache } from './metadata-cache';
import type { ResolvedGcsOptions } from './options';
import { type RequestRetry, requestWithRetries } from './retry';

/** What every operation of one store shares. */
export interface GcsContext {
  options: ResolvedGcsOptions;
  storage: Storage;
  /** The bound bucket. */
  bucket: Bucket;
  cache: MetadataCache;
  /**
   * A handle on an object of the bound bucket, carrying the store's KMS key and billing
   * project. It takes no generation: the SDK keeps a handle's generation as a Number, which
   * past 2^53 names another generation; pass generations per request, as strings.
   */
  file(key: string): File;
  /** Maps an SDK failure for this bucket. */
  fail(error: unknown, action: string, key?: string, retryable?: boolean): StorageError;
  /** The store's retry settings for the requests of one call. */
  retry(signal: AbortSignal | undefined): RequestRetry;
}

export function failWith(bucket: string): GcsContext['fail'] {
  return (error, action, key, retryable) => {
    const ctx: FailureContext = { bucket, action, ...(key === undefined ? {} : { key }), ...(retryable === undefined ? {} : { retryable }) };
    return toStorageError(error, ctx);
  };
}

/** The retry settings of a store's options, for one call's signal. */
export function retryWith(options: ResolvedGcsOptions): GcsContext['retry'] {
  return (signal) => ({ retries: options.retries, minDelayMs: options.retryMinDelayMs, timeoutMs: options.timeoutMs, signal });
}

/** Settles with `promise`, or `ABORTED` as soon as `signal` fires: the SDK's JSON calls take no signal; an aborted call's answer is dropped. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return raceAbort(promise, signal, PROVIDER);
}

/** One SDK request, retried while it fails transiently, abandoned when `signal` fires. */
export function request<T>(ctx: GcsContext, signal: AbortSignal | undefined, call: () => Promise<T>, retryOn?: (error: unknown) => boolean): Promise<T> {
  return requestWithRetries(ctx.retry(signal), () => untilAborted(call(), signal), retryOn);
}
