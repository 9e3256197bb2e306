import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError, isStorageError } from '@agentmap/storage-core';
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
 * Makes sure the bucket exists, creating it when it does not. The store runs this through
 * `defineObjectStore`'s `ready`: once, shared by concurrent first calls, tried again after a
 * failure. It is not bound to the first caller's signal, since its outcome is shared.
 */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    const mapped = mapS3Error(error, { bucket, action: 's3:ListBucket' });
    if (mapped.code !== 'NOT_FOUND') throw mapped;
  }
  const location = await call(() => client.config.region(), { bucket, action: 's3:CreateBucket' });
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
}
