import type { BigIntStats } from 'node:fs';

/**
 * The etag of a local file: modification time (ns), size and inode. Every commit stamps a
 * modification time strictly later than the one it replaces, under the key's lock, so an etag
 * never repeats for a key even when the file system reuses an inode within one clock tick.
 */
export function etagOf(stats: BigIntStats): string {
  return `"${stats.mtimeNs.toString(36)}-${stats.size.toString(36)}-${stats.ino.toString(36)}"`;
}

/**
 * The modification time to stamp on a new version that replaces one with `previousMtimeMs`:
 * strictly later, in whole milliseconds, and odd exactly when the version has a metadata
 * sidecar, so readers only look for a sidecar where one can exist.
 */
export function nextMtime(previousMtimeMs: number | undefined, withSidecar: boolean): Date {
  // Stamped times come back a hair off whole milliseconds (utimes takes float seconds), so
  // round rather than floor; round(x) + 1 is still later than any x.
  let ms = Math.max(Date.now(), previousMtimeMs === undefined ? 0 : Math.round(previousMtimeMs) + 1);
  if (ms % 2 !== (withSidecar ? 1 : 0)) ms++;
  return new Date(ms);
}

/** A file's modification time in whole milliseconds (bigint stats truncate; stamps need rounding). */
export function modifiedMs(stats: BigIntStats): number {
  return Math.round(Number(stats.mtimeNs / 1000n) / 1000);
}

/** Whether a version's modification time says it may have a sidecar (see {@link nextMtime}). */
export function mayHaveSidecar(stats: BigIntStats): boolean {
  return modifiedMs(stats) % 2 === 1;
}
