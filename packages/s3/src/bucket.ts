import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError, abortError, isStorageError } from '@agentmap/storage-core';
import { call } from './context';
import { PROVIDER, mapS3Error } from './errors';

/**
 * Checks a bucket name before any request: S3's rules (3–63 characters of lower-case
 * letters, digits, `.` and `-`), relaxed to allow upper case and `_` as older buckets and
 * some S3-compatible stores do. Anything that could change the request path is refused.
 */
export function validateBucketName(bucket: unknown): string {
  if (typeof bucket !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(bucket) || bucket.includes('..')) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `Invalid S3 bucket name ${JSON.stringify(bucket)}: use 3–63 lower-case letters, digits, "." and "-" (set bucket, or providers.aws.default_bucket).`,
      { provider: PROVIDER },
    );
  }
  return bucket;
}

/**
 * Returns a function that makes sure the bucket exists, creating it once when it does not.
 * Concurrent callers share one attempt; a failed attempt is forgotten so the next call
 * tries again.
 */
export function bucketCreator(client: S3Client, bucket: string, region: () => Promise<string>): (signal?: AbortSignal) => Promise<void> {
  let pending: Promise<void> | undefined;
  const ensure = async () => {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      const mapped = mapS3Error(error, { bucket, action: 's3:ListBucket' });
      if (mapped.code !== 'NOT_FOUND') throw mapped;
    }
    const location = await call(region, { bucket, action: 's3:CreateBucket' });
    try {
      await call(
        () =>
          client.send(
            new CreateBucketCommand({
              Bucket: bucket,
              // us-east-1 is the one region that refuses an explicit location constraint.
              ...(location === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: location as never } }),
            }),
          ),
        { bucket, action: 's3:CreateBucket' },
      );
    } catch (error) {
      // Another process created it first: that is what was wanted.
      if (isStorageError(error, 'ALREADY_EXISTS') && error.details?.s3Code === 'BucketAlreadyOwnedByYou') return;
      throw error;
    }
  };
  return async (signal) => {
    pending ??= ensure().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    if (!signal) return pending;
    // The shared attempt goes on; only this caller stops waiting.
    await Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(abortError(signal, PROVIDER));
        signal.addEventListener('abort', () => reject(abortError(signal, PROVIDER)), { once: true });
      }),
    ]);
  };
}
