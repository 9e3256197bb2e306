import { StorageError } from '@agentmap/storage-core';

/** Longest key accepted, in UTF-16 code units. */
export const MAX_KEY_LENGTH = 1024;

/** A key is a non-empty string of at most {@link MAX_KEY_LENGTH} characters. */
export function checkKey(key: unknown, where: string): asserts key is string {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `${where}: a cache key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters; got ${typeof key === 'string' ? `${key.length} characters` : typeof key}.`,
      { provider: 'cache' },
    );
  }
}

/** A TTL is a finite number of milliseconds, at least 0 (0: no expiry), or undefined. */
export function checkTtl(ttl: unknown, where: string): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new StorageError('INVALID_ARGUMENT', `${where}: ttl is milliseconds, a finite number ≥ 0 (0: no expiry); got ${shown(ttl)}.`, { provider: 'cache' });
  }
  return ttl;
}

/** A value for a message: JSON where it has a shape, else its string form. */
export function shown(value: unknown): string {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value) ?? typeof value;
  return typeof value === 'symbol' || typeof value === 'function' ? typeof value : String(value);
}
