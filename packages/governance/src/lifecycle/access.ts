import type { ObjectStore } from '@agentmap/storage-core';
import { readAuditLog } from '../audit/read';
import type { AccessFrequency } from './policy';

/** Where `access_frequency` comes from: counts you keep (metrics), or part 1's audit log. */
export type AccessSource =
  | { counts: ReadonlyMap<string, number> | ((key: string) => number | undefined) }
  | { auditLog: ObjectStore; prefix?: string; encryptionKey?: string | Uint8Array };

/** Bucket bounds: at most `low` reads in the window is low, at least `high` is high. Defaults 30 days, 2, 20. */
export interface AccessBuckets {
  windowDays?: number;
  low?: number;
  high?: number;
}

/** Reads per key over the window, from the source; the audit log is read once, one segment at a time. */
export async function accessCounter(source: AccessSource, now: number, buckets: AccessBuckets): Promise<(key: string) => number> {
  if ('counts' in source) {
    const { counts } = source;
    return typeof counts === 'function' ? (key) => counts(key) ?? 0 : (key) => counts.get(key) ?? 0;
  }
  const since = now - (buckets.windowDays ?? 30) * 86_400_000;
  const counts = new Map<string, number>();
  for await (const { event } of readAuditLog(source.auditLog, { ...(source.prefix === undefined ? {} : { prefix: source.prefix }), ...(source.encryptionKey === undefined ? {} : { encryptionKey: source.encryptionKey }) })) {
    if (event.action !== 'read' || event.result !== 'success' || Date.parse(event.timestamp) < since) continue;
    counts.set(event.resource, (counts.get(event.resource) ?? 0) + 1);
  }
  return (key) => counts.get(key) ?? 0;
}

export function frequencyOf(reads: number, buckets: AccessBuckets): AccessFrequency {
  if (reads === 0) return 'none';
  if (reads <= (buckets.low ?? 2)) return 'low';
  return reads >= (buckets.high ?? 20) ? 'high' : 'medium';
}

/** Whether the observed bucket satisfies the policy's: `low` includes `none`. */
export function frequencyMatches(wanted: AccessFrequency, seen: AccessFrequency): boolean {
  return wanted === seen || (wanted === 'low' && seen === 'none');
}
