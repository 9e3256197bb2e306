import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { type CopyOptions, type ObjectInfo, StorageError } from '@agentmap/storage-core';
import { scrubCause } from '@agentmap/storage-core/kit';
import type { StoreContext } from './context';
import { PROVIDER, mapS3Error, unsupportedConditions } from './errors';
import { headObject } from './read';

/**
 * Copies server-side (CopyObject, up to S3's 5 GiB single-copy limit), keeping content type
 * and metadata and applying this store's encryption to the copy. `ifMatch` checks the
 * source's etag, `ifNoneMatch: '*'` the destination's absence.
 */
export async function copyObject(context: StoreContext, from: string, to: string, options: CopyOptions): Promise<ObjectInfo> {
  if (options.ifNoneMatch !== undefined && !context.options.conditionalWrites) throw unsupportedConditions(to);
  const bucket = context.options.bucket;
  try {
    await context.client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: to,
        CopySource: `${bucket}/${encodeKey(from)}`,
        MetadataDirective: 'COPY',
        ...(options.ifMatch === undefined ? {} : { CopySourceIfMatch: options.ifMatch }),
        ...(options.ifNoneMatch === undefined ? {} : { IfNoneMatch: options.ifNoneMatch }),
        ...context.sse,
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    const mapped = mapS3Error(error, { bucket, key: from, signal: options.signal, action: 's3:GetObject and s3:PutObject' });
    if (mapped.code === 'NOT_FOUND' && mapped.details?.s3Code !== 'NoSuchBucket') {
      throw new StorageError('NOT_FOUND', `Cannot copy "${from}": it does not exist in s3://${bucket}.`, { provider: PROVIDER, key: from, cause: scrubCause(error) });
    }
    if (mapped.code === 'PRECONDITION_FAILED') {
      const which = options.ifNoneMatch !== undefined ? `"${to}" already exists (ifNoneMatch: '*')` : `"${from}" changed since it was read (ifMatch ${options.ifMatch})`;
      throw new StorageError('PRECONDITION_FAILED', `Copy refused: ${which}; re-read and retry.`, { provider: PROVIDER, key: to, cause: scrubCause(error) });
    }
    throw mapped;
  }
  const info = await headObject(context, to, options);
  if (!info) throw new StorageError('UNAVAILABLE', `Copied "${from}" to "${to}" but the copy is not visible yet; retry the read.`, { provider: PROVIDER, key: to });
  return info;
}

/** CopySource wants the key URL-encoded, with its `/` separators kept. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
