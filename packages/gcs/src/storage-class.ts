import type { CopyOptions } from '@google-cloud/storage';
import { type ObjectInfo, type SetStorageClassOptions, StorageError } from '@agentmap/storage-core';
import { preconditionFailed } from './conditions';
import { type GcsContext, untilAborted } from './context';
import { PROVIDER, httpStatusOf } from './errors';
import { type ObjectResource, generationOf, infoOf } from './object-info';
import { currentResource } from './read';

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
    // The SDK's copy sends fields it does not type (storageClass) in the rewrite's body, as its own setStorageClass does.
    const request = {
        storageClass,
        ...(current.contentType ? { contentType: current.contentType } : {}),
        ...(current.metadata ? { metadata: current.metadata as CopyOptions['metadata'] } : {}),
        ...(current.contentEncoding ? { contentEncoding: current.contentEncoding } : {}),
        ...(current.cacheControl ? { cacheControl: current.cacheControl } : {}),
        preconditionOpts: { ifGenerationMatch: Number(generation) },
        ...(ctx.options.kmsKeyName ? { destinationKmsKeyName: ctx.options.kmsKeyName } : {}),
        ...(ctx.options.userProject ? { userProject: ctx.options.userProject } : {}),
    } as CopyOptions;
    const [, response] = await untilAborted(ctx.file(key, generation).copy(ctx.file(key), request), signal);
    const moved = (response as { resource?: ObjectResource } | undefined)?.resource ?? (await currentResource(ctx, key, signal));
    if (!moved) throw new StorageError('UNAVAILABLE', `gs://${ctx.options.bucket}/${key} moved to ${storageClass} but is not visible yet; retry the read.`, { provider: PROVIDER, key });
    ctx.cache.remember(key, moved);
    return infoOf(key, moved);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 412 || status === 404) throw preconditionFailed(key, ctx.options.bucket, 'it changed while its storage class was being set', error);
    throw ctx.fail(error, 'setStorageClass', key);
  }
}
