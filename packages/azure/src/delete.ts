import type { DeleteOptions } from '@agentmap/storage-core';
import type { AzureContext } from './context';
import { azureErrorCode, statusOf } from './errors';
import { headBlob } from './read';

/**
 * `delete`: removes the blob and its snapshots. `true` when it existed; a missing object is
 * `false`, or `NOT_FOUND` when `ifMatch` was given (there is nothing for the etag to match).
 */
export async function deleteBlob(ctx: AzureContext, key: string, options: DeleteOptions): Promise<boolean> {
  const { ifMatch, signal } = options;
  try {
    await ctx.container.getBlobClient(key).delete({
      deleteSnapshots: 'include',
      abortSignal: signal,
      ...(ifMatch === undefined ? {} : { conditions: { ifMatch } }),
    });
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 && azureErrorCode(error) !== 'ContainerNotFound' && ifMatch === undefined) return false;
    // Some servers check the etag before existence; a missing object is NOT_FOUND either way.
    if (status === 412 && !(await headBlob(ctx, key, { signal }))) throw ctx.fail({ statusCode: 404, code: 'BlobNotFound' }, 'delete', key);
    throw ctx.fail(error, 'delete', key, signal, ifMatch !== undefined);
  }
}
