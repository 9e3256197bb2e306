import { type CopyOptions, type ObjectInfo, StorageError } from '@agentmap/storage-core';
import { scrubCause } from '@agentmap/storage-core/kit';
import { preconditionFailed, writeCondition } from './conditions';
import type { GcsContext } from './context';
import { PROVIDER, httpStatusOf, isBucketMissing, isTransient } from './errors';
import { generationOf, infoOf } from './object-info';
import { currentResource } from './read';
import { pause } from './retry';
import { rewriteObject } from './rewrite';

const missingSource = (ctx: GcsContext, from: string, cause?: unknown) =>
  new StorageError('NOT_FOUND', `Could not copy gs://${ctx.options.bucket}/${from}: the source object does not exist.`, { provider: PROVIDER, key: from, ...(cause ? { cause: scrubCause(cause) } : {}) });

/**
 * Copies server-side (`objects.rewrite`, repeated until done for large objects; see rewrite.ts). The
 * destination keeps the source's content type and metadata. `ifMatch` pins the source
 * generation; `ifNoneMatch: '*'` makes the destination `ifGenerationMatch=0`. A copy that
 * failed in transit is sent again (`retries`); a conditional one only while its destination
 * is still absent, since a lost answer may hide a copy that landed.
 */
export async function copyObject(ctx: GcsContext, from: string, to: string, options: CopyOptions): Promise<ObjectInfo> {
  const signal = options.signal;
  const destination = writeCondition({ ...(options.ifNoneMatch === undefined ? {} : { ifNoneMatch: options.ifNoneMatch }) }, to);
  const sourceGeneration = options.ifMatch === undefined ? undefined : generationOf(options.ifMatch);
  if (options.ifMatch !== undefined && sourceGeneration === undefined) {
    if (!(await currentResource(ctx, from, signal))) throw missingSource(ctx, from);
    throw preconditionFailed(from, ctx.options.bucket, `ifMatch ${JSON.stringify(options.ifMatch)} is not a generation of the source`);
  }
  const ifGenerationMatch = 'ifGenerationMatch' in destination ? destination.ifGenerationMatch : undefined;
  const retry = ctx.retry(signal);
  for (let attempt = 1; ; attempt++) {
    try {
      const resource = await rewriteObject(ctx, {
        from,
        to,
        ...(sourceGeneration === undefined ? {} : { sourceGeneration }),
        ...(ifGenerationMatch === undefined ? {} : { ifGenerationMatch }),
        ...(signal ? { signal } : {}),
      });
      ctx.cache.remember(to, resource);
      return infoOf(to, resource);
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404 && !isBucketMissing(error)) {
        // With a pinned generation, 404 also means "the source changed".
        if (sourceGeneration !== undefined && (await currentResource(ctx, from, signal))) throw preconditionFailed(from, ctx.options.bucket, 'the source changed since it was read', error);
        throw missingSource(ctx, from, error);
      }
      if (!isTransient(error) || signal?.aborted) throw ctx.fail(error, 'copy', from);
      // A conditional copy whose answer was lost: sending it again is safe only while nothing is there.
      if (ifGenerationMatch !== undefined && (await currentResource(ctx, to, signal))) {
        throw new StorageError(
          'UNAVAILABLE',
          `Could not copy gs://${ctx.options.bucket}/${from} to ${to}: the answer was lost and ${to} now exists, written by this copy or by another writer; check it before copying again.`,
          { provider: PROVIDER, key: to, cause: scrubCause(error), retryable: false },
        );
      }
      if (attempt > retry.retries) throw ctx.fail(error, 'copy', from, true);
      await pause(attempt, retry);
    }
  }
}
