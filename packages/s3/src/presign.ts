import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type PresignOptions, StorageError } from '@agentmap/storage-core';
import { type StoreContext, call } from './context';
import { PROVIDER } from './errors';

/** SigV4 presigned URLs live at most seven days. */
const MAX_EXPIRY_SECONDS = 7 * 24 * 3600;

/**
 * A SigV4 presigned URL for GET or PUT on `key`. Signing happens locally (no request). A
 * presigned PUT carries only the content type; the bucket's default encryption applies to
 * what is uploaded through it.
 */
export async function presignObject(context: StoreContext, key: string, options: PresignOptions): Promise<string> {
  const { method, expiresIn } = options ?? ({} as PresignOptions);
  if (method !== 'GET' && method !== 'PUT') {
    throw new StorageError('INVALID_ARGUMENT', `presign method must be 'GET' or 'PUT'; got ${JSON.stringify(method)}.`, { provider: PROVIDER, key });
  }
  if (!Number.isSafeInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRY_SECONDS) {
    throw new StorageError('INVALID_ARGUMENT', `expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRY_SECONDS} (7 days); got ${String(expiresIn)}.`, {
      provider: PROVIDER,
      key,
    });
  }
  const Bucket = context.options.bucket;
  const command =
    method === 'GET'
      ? new GetObjectCommand({ Bucket, Key: key })
      : new PutObjectCommand({ Bucket, Key: key, ...(options.contentType === undefined ? {} : { ContentType: options.contentType }) });
  return call(() => getSignedUrl(context.client, command, { expiresIn }), { bucket: Bucket, key, signal: options.signal });
}
