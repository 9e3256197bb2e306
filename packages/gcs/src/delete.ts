import { type DeleteOptions, StorageError, throwIfAborted, validateKey } from '@agentmap/storage-core';
import { preconditionFailed } from './conditions';
import { type GcsContext, untilAborted } from './context';
import { PROVIDER, httpStatusOf, isBucketMissing, isTransient } from './errors';
import { type ObjectResource, generationOf } from './object-info';

const notFound = (ctx: GcsContext, key: string, cause?: unknown) =>
  new StorageError('NOT_FOUND', `Could not delete gs://${ctx.options.bucket}/${key}: the object does not exist.`, { provider: PROVIDER, key, ...(cause ? { cause } : {}) });

/**
 * Deletes an object: `false` when there was none. With `ifMatch` the delete is conditional on
 * the generation (a missing object is then `NOT_FOUND`), and a delete that failed in transit
 * is checked before it is reported retryable.
 */
export async function deleteObject(ctx: GcsContext, key: string, options: DeleteOptions): Promise<boolean> {
  validateKey(key, PROVIDER);
  throwIfAborted(options.signal, PROVIDER);
  await ctx.ready();
  const generation = options.ifMatch === undefined ? undefined : generationOf(options.ifMatch);
  if (options.ifMatch !== undefined && generation === undefined) {
    const current = await currentResource(ctx, key);
    if (!current) throw notFound(ctx, key);
    throw preconditionFailed(key, ctx.options.bucket, `ifMatch ${JSON.stringify(options.ifMatch)} is not its generation ${String(current.generation)}`);
  }
  try {
    await untilAborted(ctx.file(key).delete(generation === undefined ? {} : { ifGenerationMatch: Number(generation) }), options.signal);
    ctx.cache.forget(key);
    return true;
  } catch (error) {
    ctx.cache.forget(key);
    const status = httpStatusOf(error);
    if (status === 404 && !isBucketMissing(error)) {
      if (generation !== undefined) throw notFound(ctx, key, error);
      return false;
    }
    if (generation !== undefined && isTransient(error) && !options.signal?.aborted) {
      // Did the delete happen before its answer was lost?
      const current = await currentResource(ctx, key);
      if (!current) return true;
      if (String(current.generation) !== generation) throw preconditionFailed(key, ctx.options.bucket, 'another writer changed it first', error);
      throw ctx.fail(error, 'delete', key, true);
    }
    throw ctx.fail(error, 'delete', key);
  }
}

/** The live object's resource, or `undefined` when there is none. */
export async function currentResource(ctx: GcsContext, key: string): Promise<ObjectResource | undefined> {
  try {
    const resource = (await ctx.file(key).getMetadata())[0] as ObjectResource;
    ctx.cache.remember(key, resource);
    return resource;
  } catch (error) {
    if (httpStatusOf(error) === 404 && !isBucketMissing(error)) return undefined;
    throw ctx.fail(error, 'read', key);
  }
}
