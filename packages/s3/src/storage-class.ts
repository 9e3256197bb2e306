import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { type ObjectInfo, type SetStorageClassOptions, StorageError } from '@agentmap/storage-core';
import { etagsEqual, scrubCause } from '@agentmap/storage-core/kit';
import type { StoreContext } from './context';
import { PROVIDER, mapS3Error } from './errors';
import { headObject } from './read';

/** The S3 storage classes `setStorageClass` accepts, warmest first. */
export const S3_STORAGE_CLASSES = ['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

/**
 * Moves an object to another storage class the way S3 does it: CopyObject onto itself with
 * the new StorageClass, metadata and content type kept (MetadataDirective COPY), conditional
 * on `ifMatch` through CopySourceIfMatch. Already in that class: nothing is sent.
 * Objects in GLACIER or DEEP_ARCHIVE must be restored before S3 lets them move.
 */
export async function setObjectStorageClass(context: StoreContext, key: string, storageClass: string, options: SetStorageClassOptions): Promise<ObjectInfo> {
  const { bucket } = context.options;
  const current = await headObject(context, key, options);
  if (!current) throw new StorageError('NOT_FOUND', `Cannot change the storage class of "${key}": it does not exist in s3://${bucket}.`, { provider: PROVIDER, key });
  if (options.ifMatch !== undefined && !etagsEqual(current.etag, options.ifMatch)) {
    throw new StorageError('PRECONDITION_FAILED', `"${key}" changed since it was read (ifMatch ${options.ifMatch}); re-read and retry.`, { provider: PROVIDER, key });
  }
  if (current.storageClass === storageClass) return current;
  try {
    await context.client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        MetadataDirective: 'COPY',
        StorageClass: storageClass as (typeof S3_STORAGE_CLASSES)[number],
        CopySourceIfMatch: options.ifMatch ?? current.etag,
        ...context.sse,
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    const mapped = mapS3Error(error, { bucket, key, signal: options.signal, action: 's3:GetObject and s3:PutObject' });
    if (mapped.code === 'PRECONDITION_FAILED') {
      throw new StorageError('PRECONDITION_FAILED', `"${key}" changed while its storage class was being set; re-read and retry.`, { provider: PROVIDER, key, cause: scrubCause(error) });
    }
    throw mapped;
  }
  const info = await headObject(context, key, options);
  if (!info) throw new StorageError('UNAVAILABLE', `"${key}" moved to ${storageClass} but is not visible yet; retry the read.`, { provider: PROVIDER, key });
  return info;
}
