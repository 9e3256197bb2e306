import { CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { type CopyOptions, type DeleteOptions, type ObjectInfo, StorageError, isStorageError } from '@agentmap/storage-core';
import { type StoreContext, call } from './context';
import { PROVIDER, mapS3Error } from './errors';
import { unsupportedConditions } from './put';
import { headObject } from './read';

/**
 * Deletes an object, telling whether one was there. Without `ifMatch` the request carries
 * `If-Match: *`, so S3 answers 404 for a missing object in the same atomic request; servers
 * that do not enforce conditions get a HEAD first instead. With `ifMatch`, a missing object is
 * `NOT_FOUND` and another version is `PRECONDITION_FAILED` (checked with one HEAD when S3's
 * answer leaves it open).
 */
export async function deleteObject(context: StoreContext, key: string, options: DeleteOptions): Promise<boolean> {
  if (options.ifMatch !== undefined && !context.options.conditionalWrites) throw unsupportedConditions(key);
  await context.ready(options.signal);
  if (options.ifMatch === undefined) {
    if (!context.options.conditionalWrites) return headThenDelete(context, key, options.signal);
    try {
      await send(context, key, '*', options.signal);
      return true;
    } catch (error) {
      if (isStorageError(error) && isMissing(error)) return false;
      // A store that implements conditional puts but not conditional deletes refuses the header.
      if (isStorageError(error, 'UNSUPPORTED') || isStorageError(error, 'INVALID_ARGUMENT')) return headThenDelete(context, key, options.signal);
      throw error;
    }
  }
  try {
    await send(context, key, options.ifMatch, options.signal);
    return true;
  } catch (error) {
    if (isStorageError(error, 'PRECONDITION_FAILED') && (await headObject(context, key, options)) === undefined) {
      throw new StorageError('NOT_FOUND', `Object "${key}" in s3://${context.options.bucket} does not exist.`, { provider: PROVIDER, key, cause: error });
    }
    throw error;
  }
}

async function headThenDelete(context: StoreContext, key: string, signal: AbortSignal | undefined): Promise<boolean> {
  if ((await headObject(context, key, { signal })) === undefined) return false;
  await send(context, key, undefined, signal);
  return true;
}

/** A 404 for the object (not the bucket), or `If-Match: *` refused because nothing is there. */
function isMissing(error: StorageError): boolean {
  return (error.code === 'NOT_FOUND' && error.details?.s3Code !== 'NoSuchBucket') || error.code === 'PRECONDITION_FAILED';
}

function send(context: StoreContext, key: string, ifMatch: string | undefined, signal: AbortSignal | undefined): Promise<unknown> {
  const { bucket } = context.options;
  return call(() => context.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, ...(ifMatch === undefined ? {} : { IfMatch: ifMatch }) }), { abortSignal: signal }), {
    bucket,
    key,
    signal,
    action: 's3:DeleteObject',
  });
}

/**
 * Copies server-side (CopyObject, up to S3's 5 GiB single-copy limit), keeping content type
 * and metadata and applying this store's encryption to the copy. `ifMatch` checks the
 * source's etag, `ifNoneMatch: '*'` the destination's absence.
 */
export async function copyObject(context: StoreContext, from: string, to: string, options: CopyOptions): Promise<ObjectInfo> {
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== '*') {
    throw new StorageError('INVALID_ARGUMENT', `ifNoneMatch only accepts '*'; got ${JSON.stringify(options.ifNoneMatch)}.`, { provider: PROVIDER, key: to });
  }
  if (options.ifNoneMatch !== undefined && !context.options.conditionalWrites) throw unsupportedConditions(to);
  await context.ready(options.signal);
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
      throw new StorageError('NOT_FOUND', `Cannot copy "${from}": it does not exist in s3://${bucket}.`, { provider: PROVIDER, key: from, cause: error });
    }
    if (mapped.code === 'PRECONDITION_FAILED') {
      const which = options.ifNoneMatch !== undefined ? `"${to}" already exists (ifNoneMatch: '*')` : `"${from}" changed since it was read (ifMatch ${options.ifMatch})`;
      throw new StorageError('PRECONDITION_FAILED', `Copy refused: ${which}; re-read and retry.`, { provider: PROVIDER, key: to, cause: error });
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
