import { type ObjectInfo, type SetStorageClassOptions, StorageError } from '@agentmap/storage-core';
import { preconditionFailed } from './conditions';
import type { GcsContext } from './context';
import { PROVIDER, httpStatusOf } from './errors';
import { type ObjectResource, generationOf, infoOf } from './object-info';
import { currentResource } from './read';
import { rewriteObject } from './rewrite';

/** The GCS storage classes `setStorageClass` accepts, warmest first. */
export const GCS_STORAGE_CLASSES = ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'] as const;

/**
 * Moves an object to another storage class the way GCS does it: `objects.rewrite` onto itself
 * with the new `storageClass`, the source generation pinned and `ifGenerationMatch` on the
 * destination, so a write in between fails instead of being overwritten. Content type and
 * metadata are sent along and kept. The rewrite makes a new generation, so the etag changes.
 */
export async function setObjectStorageClass(ctx: GcsContext, key: string, storageClass: string, options: SetStorageClassOptions): Promise<ObjectInfo> {
  const { signal } = options;
  const resource = await currentResource(ctx, key, signal);
  if (!resource) throw new StorageError('NOT_FOUND', `Cannot change the storage class of gs://${ctx.options.bucket}/${key}: it does not exist.`, { provider: PROVIDER, key });
  const generation = String(resource.generation ?? '');
  if (options.ifMatch !== undefined && generationOf(options.ifMatch) !== generation) {
    throw preconditionFailed(key, ctx.options.bucket, `ifMatch ${JSON.stringify(options.ifMatch)} is not its current generation`);
  }
  const current = resource as ObjectResource & { storageClass?: string; contentEncoding?: string; cacheControl?: string };
  if (current.storageClass === storageClass) return infoOf(key, resource);
  try {
    const fields = {
      storageClass,
      ...(current.contentType ? { contentType: current.contentType } : {}),
      ...(current.metadata ? { metadata: current.metadata } : {}),
      ...(current.contentEncoding ? { contentEncoding: current.contentEncoding } : {}),
      ...(current.cacheControl ? { cacheControl: current.cacheControl } : {}),
    };
    const moved = await rewriteObject(ctx, { from: key, sourceGeneration: generation, to: key, ifGenerationMatch: generation, fields, ...(signal ? { signal } : {}) });
    ctx.cache.remember(key, moved);
    return infoOf(key, moved);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 412 || status === 404) throw preconditionFailed(key, ctx.options.bucket, 'it changed while its storage class was being set', error);
    throw ctx.fail(error, 'setStorageClass', key);
  }
}
