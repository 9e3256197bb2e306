import { StorageError } from '@agentmap/storage-core';
import { checkConditions, scrubCause } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';
import { generationOf } from './object-info';

/**
 * The write precondition as GCS takes it: `ifGenerationMatch` (`0` = must not exist), or
 * `never` when the caller's etag cannot be a generation (it can never match).
 */
export type WriteCondition = { ifGenerationMatch?: string } | { never: true };

/** Translates `ifMatch` / `ifNoneMatch: '*'` into a generation condition. */
export function writeCondition(options: { ifMatch?: string; ifNoneMatch?: string }, key: string): WriteCondition {
  checkConditions(options, key, PROVIDER);
  if (options.ifMatch !== undefined) {
    const generation = generationOf(options.ifMatch);
    // Both conditions at once can never hold: absent and matching a generation.
    if (generation === undefined || options.ifNoneMatch !== undefined) return { never: true };
    return { ifGenerationMatch: generation };
  }
  return options.ifNoneMatch === '*' ? { ifGenerationMatch: '0' } : {};
}

export function preconditionFailed(key: string, bucket: string, why: string, cause?: unknown): StorageError {
  return new StorageError('PRECONDITION_FAILED', `Could not write gs://${bucket}/${key}: ${why}; re-read and retry.`, {
    provider: PROVIDER,
    key,
    ...(cause === undefined ? {} : { cause: scrubCause(cause) }),
  });
}
