import type { BigIntStats } from 'node:fs';

/**
 * The etag of a local file: modification time (ns), size and inode. Every commit stamps a
 * modification time strictly later than the one it replaces, under the key's lock, so an etag
 * never repeats for a key even when the file system reuses an inode within one clock tick.
 */
export function etagOf(stats: BigIntStats): string {
  return `"${stats.mtimeNs.toString(36)}-${stats.size.toString(36)}-${stats.ino.toString(36)}"`;
}

/** The modification time (ms) to stamp on a new version that replaces one with `previousMtimeMs`. */
export function nextMtime(previousMtimeMs: number | undefined): Date {
  const now = Date.now();
  return new Date(previousMtimeMs === undefined ? now : Math.max(now, Math.floor(previousMtimeMs) + 1));
}
