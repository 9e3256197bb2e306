import { StorageError } from '../errors/storage-error';

/**
 * Checks the conditions of a put, copy or delete before any I/O: `ifMatch` must be a
 * non-empty string and `ifNoneMatch` only `'*'`; anything else is `INVALID_ARGUMENT` naming
 * what was given (a number from an untyped caller never reaches an SDK as a bad header).
 */
export function checkConditions(options: { ifMatch?: unknown; ifNoneMatch?: unknown } | undefined, key: string, provider: string): void {
  if (options === undefined || options === null) return;
  const { ifMatch, ifNoneMatch } = options;
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
    throw new StorageError('INVALID_ARGUMENT', `ifNoneMatch only accepts '*'; got ${describe(ifNoneMatch)}.`, { provider, key });
  }
  if (ifMatch !== undefined && (typeof ifMatch !== 'string' || ifMatch === '')) {
    throw new StorageError('INVALID_ARGUMENT', `ifMatch must be the etag string of the version read; got ${describe(ifMatch)}.`, { provider, key });
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}
