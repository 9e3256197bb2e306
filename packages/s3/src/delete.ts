import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { type DeleteOptions, StorageError, isStorageError } from '@agentmap/storage-core';
import { scrubCause } from '@agentmap/storage-core/kit';
import { type StoreContext, call } from './context';
import { PROVIDER, unsupportedConditions } from './errors';
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
      throw new StorageError('NOT_FOUND', `Object "${key}" in s3://${context.options.bucket} does not exist.`, { provider: PROVIDER, key, cause: scrubCause(error) });
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
