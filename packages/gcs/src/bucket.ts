import type { Bucket, Storage } from '@google-cloud/storage';
import { httpStatusOf, toStorageError } from './errors';
import type { ResolvedGcsOptions } from './options';

/**
 * With `createBucket`, makes sure the bucket exists before the first operation: looks it up,
 * creates it when missing (a concurrent creator's 409 is fine). Done once; a failure is
 * reported and tried again on the next call.
 */
export function bucketReadiness(storage: Storage, bucket: Bucket, options: ResolvedGcsOptions): () => Promise<void> {
  if (!options.createBucket) return () => Promise.resolve();
  let ready: Promise<void> | undefined;
  const ensure = async () => {
    try {
      await bucket.getMetadata();
      return;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw toStorageError(error, { bucket: options.bucket, action: 'look up bucket' });
    }
    try {
      await storage.createBucket(options.bucket, options.storageClass ? { storageClass: options.storageClass } : {});
    } catch (error) {
      if (httpStatusOf(error) !== 409) throw toStorageError(error, { bucket: options.bucket, action: 'create bucket' });
    }
  };
  return () => {
    ready ??= ensure().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}
