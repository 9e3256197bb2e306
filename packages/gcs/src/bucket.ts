import type { Bucket, Storage } from '@google-cloud/storage';
import { httpStatusOf, toStorageError } from './errors';
import type { ResolvedGcsOptions } from './options';
import { type RequestRetry, requestWithRetries } from './retry';

/**
 * With `createBucket`, makes sure the bucket exists: looks it up and creates it when missing
 * (a concurrent creator's 409 is fine). `defineObjectStore` runs it before the first operation
 * and again after a failure; without `createBucket` the store has no readiness step.
 */
export function bucketReadiness(storage: Storage, bucket: Bucket, options: ResolvedGcsOptions, retry: (signal: AbortSignal | undefined) => RequestRetry) {
  if (!options.createBucket) return undefined;
  return async (signal: AbortSignal | undefined): Promise<void> => {
    try {
      await requestWithRetries(retry(signal), () => bucket.getMetadata());
      return;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw toStorageError(error, { bucket: options.bucket, action: 'look up bucket' });
    }
    try {
      await requestWithRetries(retry(signal), () => storage.createBucket(options.bucket, options.storageClass ? { storageClass: options.storageClass } : {}));
    } catch (error) {
      if (httpStatusOf(error) !== 409) throw toStorageError(error, { bucket: options.bucket, action: 'create bucket' });
    }
  };
}
