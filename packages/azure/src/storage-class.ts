import type { ObjectInfo, SetStorageClassOptions } from '@agentmap/storage-core';
import { StorageError } from '@agentmap/storage-core';
import { etagsEqual } from '@agentmap/storage-core/kit';
import type { AzureContext } from './context';
import { PROVIDER } from './errors';
import { headBlob } from './read';

/** The Azure access tiers `setStorageClass` accepts, warmest first. */
export const AZURE_ACCESS_TIERS = ['Hot', 'Cool', 'Cold', 'Archive'] as const;

/**
 * Changes a blob's access tier with Set Blob Tier. That call takes no If-Match, so `ifMatch`
 * is made atomic with a lease: acquiring it is conditional on the etag, and while it is held
 * no other writer can change the blob; it is released afterwards. A blob in Archive is
 * rehydrated by moving it to Hot, Cool or Cold, which Azure completes within hours.
 */
export async function setBlobTier(ctx: AzureContext, key: string, tier: string, options: SetStorageClassOptions): Promise<ObjectInfo> {
  const current = await headBlob(ctx, key, options);
  if (!current) throw new StorageError('NOT_FOUND', `Cannot change the access tier of "${key}": it does not exist in container ${ctx.settings.container}.`, { provider: PROVIDER, key });
  if (options.ifMatch !== undefined && !etagsEqual(current.etag, options.ifMatch)) {
    throw new StorageError('PRECONDITION_FAILED', `"${key}" changed since it was read (ifMatch ${options.ifMatch}); re-read and retry.`, { provider: PROVIDER, key });
  }
  if (current.storageClass === tier) return current;
  const blob = ctx.container.getBlobClient(key);
  const lease = blob.getBlobLeaseClient();
  try {
    await lease.acquireLease(15, { abortSignal: options.signal, conditions: { ifMatch: options.ifMatch ?? current.etag } });
  } catch (error) {
    const mapped = ctx.fail(error, 'setStorageClass', key, options.signal, true);
    if (mapped.code === 'PRECONDITION_FAILED' || mapped.code === 'ALREADY_EXISTS') {
      throw new StorageError('PRECONDITION_FAILED', `"${key}" changed or is leased by another writer; re-read and retry.`, { provider: PROVIDER, key, cause: mapped });
    }
    throw mapped;
  }
  try {
    await blob.setAccessTier(tier, { abortSignal: options.signal, conditions: { leaseId: lease.leaseId } });
  } catch (error) {
    throw ctx.fail(error, 'setStorageClass', key, options.signal);
  } finally {
    await lease.releaseLease().catch(() => undefined);
  }
  const info = await headBlob(ctx, key, options);
  if (!info) throw new StorageError('UNAVAILABLE', `"${key}" moved to ${tier} but is not visible yet; retry the read.`, { provider: PROVIDER, key });
  return info;
}
