import { type DeleteOptions, StorageError } from '@agentmap/storage-core';
import { scrubCause } from '@agentmap/storage-core/kit';
import { preconditionFailed } from './conditions';
import { type GcsContext, untilAborted } from './context';
import { PROVIDER, httpStatusOf, isBucketMissing, isTransient } from './errors';
import { generationOf } from './object-info';
import { currentResource } from './read';
import { pause } from './retry';

const notFound = (ctx: GcsContext, key: string, cause?: unknown) =>
  new StorageError('NOT_FOUND', `Could not delete gs://${ctx.options.bucket}/${key}: the object does not exist.`, { provider: PROVIDER, key, ...(cause ? { cause: scrubCause(cause) } : {}) });

/**
 * Deletes an object: `false` when there was none. With `ifMatch` the delete is conditional on
 * the generation (a missing object is then `NOT_FOUND`). A delete that failed in transit is
 * sent again (`retries`); a conditional one first checks whether it happened before its answer
 * was lost, so it is never reported as failed when it succeeded.
 */
export async function deleteObject(ctx: GcsContext, key: string, options: DeleteOptions): Promise<boolean> {
  const signal = options.signal;
  const generation = options.ifMatch === undefined ? undefined : generationOf(options.ifMatch);
  if (options.ifMatch !== undefined && generation === undefined) {
    const current = await currentResource(ctx, key, signal);
    if (!current) throw notFound(ctx, key);
    throw preconditionFailed(key, ctx.options.bucket, `ifMatch ${JSON.stringify(options.ifMatch)} is not its generation ${String(current.generation)}`);
  }
  const retry = ctx.retry(signal);
  for (let attempt = 1; ; attempt++) {
    try {
      await untilAborted(ctx.file(key).delete(generation === undefined ? {} : { ifGenerationMatch: generation }), signal);
      ctx.cache.forget(key);
      return true;
    } catch (error) {
      ctx.cache.forget(key);
      const status = httpStatusOf(error);
      if (status === 404 && !isBucketMissing(error)) {
        if (generation !== undefined) throw notFound(ctx, key, error);
        return false;
      }
      if (!isTransient(error) || signal?.aborted) throw ctx.fail(error, 'delete', key);
      if (generation !== undefined) {
        // Did the delete happen before its answer was lost?
        const current = await currentResource(ctx, key, signal);
        if (!current) return true;
        if (String(current.generation) !== generation) throw preconditionFailed(key, ctx.options.bucket, 'another writer changed it first', error);
      }
      if (attempt > retry.retries) throw ctx.fail(error, 'delete', key, true);
      await pause(attempt, retry);
    }
  }
}
