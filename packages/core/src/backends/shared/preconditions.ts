import { checkConditions } from '../../kit/conditions';
import { StorageError } from '../../errors/storage-error';
import type { ObjectInfo } from '../../spec/object-info';
import type { ByteRange } from '../../spec/object-store';

/**
 * Enforces `ifMatch` / `ifNoneMatch: '*'` against the current object, for backends that
 * check preconditions themselves (memory, local). Cloud backends let the server do it.
 * `missingIsNotFound`: for delete, a conditional delete of a missing key is `NOT_FOUND`.
 */
export function checkPrecondition(
  current: ObjectInfo | undefined,
  options: { ifMatch?: string; ifNoneMatch?: '*' },
  key: string,
  provider: string,
  missingIsNotFound = false,
): void {
  checkConditions(options, key, provider);
  if (options.ifNoneMatch !== undefined) {
    if (options.ifNoneMatch !== '*') {
      throw new StorageError('INVALID_ARGUMENT', `ifNoneMatch only accepts '*'; got ${JSON.stringify(options.ifNoneMatch)}.`, { provider, key });
    }
    if (current) {
      throw new StorageError('PRECONDITION_FAILED', `Object "${key}" already exists (ifNoneMatch: '*'); read it and retry, or write without the condition.`, {
        provider,
        key,
      });
    }
  }
  if (options.ifMatch !== undefined) {
    if (!current) {
      if (missingIsNotFound) throw new StorageError('NOT_FOUND', `Object "${key}" does not exist.`, { provider, key });
      throw new StorageError('PRECONDITION_FAILED', `Object "${key}" does not exist, so ifMatch ${options.ifMatch} cannot match; re-read and retry.`, {
        provider,
        key,
      });
    }
    if (!etagsEqual(current.etag, options.ifMatch)) {
      throw new StorageError('PRECONDITION_FAILED', `Object "${key}" changed since it was read (etag ${current.etag}, expected ${options.ifMatch}); re-read and retry.`, {
        provider,
        key,
      });
    }
  }
}

/** Compares etags ignoring the quotes and weak prefix some servers add. */
export function etagsEqual(a: string, b: string): boolean {
  return normaliseEtag(a) === normaliseEtag(b);
}

export function normaliseEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Validates a byte range against an object size and returns [start, endExclusive]. */
export function resolveRange(size: number, range: ByteRange | undefined, key: string, provider: string): [number, number] {
  if (!range) return [0, size];
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || offset < 0 || (length !== undefined && (!Number.isSafeInteger(length) || length < 0))) {
    throw new StorageError('INVALID_ARGUMENT', `Invalid range ${JSON.stringify(range)}: offset and length must be non-negative integers.`, { provider, key });
  }
  if (offset > size || (offset === size && size > 0)) {
    throw new StorageError('INVALID_ARGUMENT', `Range offset ${offset} is past the end of "${key}" (${size} bytes).`, { provider, key });
  }
  return [offset, length === undefined ? size : Math.min(size, offset + length)];
}

export function sliceRange(body: Uint8Array, range: ByteRange | undefined, key: string, provider: string): Uint8Array {
  const [start, end] = resolveRange(body.byteLength, range, key, provider);
  return start === 0 && end === body.byteLength ? body : body.subarray(start, end);
}
