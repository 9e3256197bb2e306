import { type CopyOptions, StorageError } from '@agentmap/storage-core';
import type { BlobClient, BlobGetPropertiesResponse } from '@azure/storage-blob';
import { PROVIDER } from './errors';

/** How often a copy the service runs in the background is checked. */
const POLL_MS = 100;

/**
 * Copies a blob server-side (Copy Blob: no byte passes through this process), with the
 * source's content type and metadata. `ifMatch` is checked on the source and `ifNoneMatch`
 * on the destination, both by the service. Copies within an account usually finish at once;
 * one still pending is polled until it ends or the signal fires.
 */
export async function copyBlob(source: BlobClient, target: BlobClient, options: CopyOptions): Promise<BlobGetPropertiesResponse> {
  const { signal } = options;
  const poller = await target.beginCopyFromURL(source.url, {
    abortSignal: signal,
    intervalInMs: POLL_MS,
    ...(options.ifMatch === undefined ? {} : { sourceConditions: { ifMatch: options.ifMatch } }),
    ...(options.ifNoneMatch === undefined ? {} : { conditions: { ifNoneMatch: '*' } }),
  });
  const copied = await poller.pollUntilDone();
  const status = copied.copyStatus;
  if (status !== undefined && status !== 'success') {
    throw new StorageError('UNAVAILABLE', `Azure copy of "${source.name}" to "${target.name}" ended ${status}; retry the copy.`, {
      provider: PROVIDER,
      key: target.name,
      retryable: true,
    });
  }
  return target.getProperties({ abortSignal: signal });
}
