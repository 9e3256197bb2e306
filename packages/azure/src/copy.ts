import { type CopyOptions, type ObjectInfo, StorageError } from '@agentmap/storage-core';
import type { BlobClient, BlobGetPropertiesResponse } from '@azure/storage-blob';
import type { AzureContext } from './context';
import { PROVIDER, statusOf } from './errors';
import { objectInfo } from './object-info';
import { checkedConditions } from './write';

/** How often a copy the service runs in the background is checked. */
const POLL_MS = 100;

/**
 * `copy`: server-side (Copy Blob: no byte passes through this process), with the source's
 * content type and metadata. `ifMatch` is checked on the source and `ifNoneMatch` on the
 * destination, both by the service.
 */
export async function copyBlob(ctx: AzureContext, from: string, to: string, options: CopyOptions): Promise<ObjectInfo> {
  checkedConditions(to, { ifNoneMatch: options.ifNoneMatch });
  try {
    return objectInfo(to, await copyWithin(ctx.container.getBlobClient(from), ctx.container.getBlobClient(to), options));
  } catch (error) {
    // A 404 is about the source: the destination need not exist.
    const key = statusOf(error) === 404 ? from : to;
    throw ctx.fail(error, 'copy', key, options.signal, options.ifMatch !== undefined || options.ifNoneMatch !== undefined);
  }
}

/**
 * Copies within the account. Such copies usually finish at once; one still pending is polled
 * until it ends or the signal fires.
 */
async function copyWithin(source: BlobClient, target: BlobClient, options: CopyOptions): Promise<BlobGetPropertiesResponse> {
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
