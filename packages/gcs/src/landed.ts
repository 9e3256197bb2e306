import { createHash } from 'node:crypto';
import { backoffDelay } from '@agentmap/storage-core';
import type { GcsContext } from './context';
import { httpStatusOf, isTransient } from './errors';
import type { ObjectResource } from './object-info';

/** What a conditional write whose answer was lost turned out to do. */
export type LandedOutcome = { landed: ObjectResource } | { notLanded: true } | { superseded: true };

const CHECK_ATTEMPTS = 5;

/**
 * After a conditional write failed in transit (connection reset, timeout, 5xx), finds out
 * whether it took effect before retrying it: retrying one that did would fail its own
 * precondition, and a caller's read-modify-write loop would then apply its change twice.
 * - the object still has the generation the write was conditioned on (or is still absent
 *   for `0`): the write did not land, a retry is safe;
 * - it now holds exactly these bytes (same MD5 and size): the write landed;
 * - anything else: another writer got there first.
 * Rare limit: another writer storing byte-identical content over the same generation at the
 * same moment is indistinguishable from our own write.
 */
export async function checkLanded(ctx: GcsContext, key: string, data: Uint8Array, ifGenerationMatch: string): Promise<LandedOutcome> {
  let current: ObjectResource | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      current = (await ctx.file(key).getMetadata())[0] as ObjectResource;
      break;
    } catch (error) {
      if (httpStatusOf(error) === 404) {
        current = undefined;
        break;
      }
      if (!isTransient(error) || attempt >= CHECK_ATTEMPTS) {
        throw ctx.fail(error, 'confirm the write of', key, false);
      }
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, { minDelayMs: 50, maxDelayMs: 1000, factor: 2, jitter: true })));
    }
  }
  if (ifGenerationMatch === '0' ? current === undefined : String(current?.generation) === ifGenerationMatch) return { notLanded: true };
  if (current && Number(current.size) === data.byteLength && current.md5Hash === createHash('md5').update(data).digest('base64')) return { landed: current };
  return { superseded: true };
}
