import { StorageError } from '../errors/storage-error';

/** Longest key accepted by every backend (S3's and GCS's limit is 1024 UTF-8 bytes). */
export const MAX_KEY_BYTES = 1024;

/**
 * Checks a key and returns its normal form. Keys are relative, `/`-separated, and may not
 * contain NUL or control characters, `.` or `..` segments, backslashes, empty segments or a
 * leading `/`. Anything else is an `INVALID_ARGUMENT` naming the problem, raised before any
 * I/O happens.
 */
export function validateKey(key: unknown, provider?: string): string {
  if (typeof key !== 'string') {
    throw new StorageError('INVALID_ARGUMENT', `A key must be a string; got ${key === null ? 'null' : typeof key}.`, { provider });
  }
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw new StorageError('INVALID_ARGUMENT', `Unsafe or invalid key ${JSON.stringify(key)}: ${problem}.`, { provider, key });
  }
  return key;
}

/** Like {@link validateKey} for a listing prefix: empty is allowed, a trailing `/` is allowed. */
export function validatePrefix(prefix: unknown, provider?: string): string {
  if (prefix === undefined || prefix === '') return '';
  if (typeof prefix !== 'string') {
    throw new StorageError('INVALID_ARGUMENT', `A prefix must be a string; got ${typeof prefix}.`, { provider });
  }
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const problem = body === '' ? 'it is only "/"' : keyProblem(body);
  if (problem !== undefined) {
    throw new StorageError('INVALID_ARGUMENT', `Unsafe or invalid prefix ${JSON.stringify(prefix)}: ${problem}.`, { provider, key: prefix });
  }
  return prefix;
}

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'it is empty';
   
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'it contains a NUL or control character';
  if (key.includes('\\')) return 'it contains a backslash; use "/" to separate segments';
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) return 'absolute paths are not allowed; use a key relative to the store';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  const segments = key.split('/');
  for (const s of segments) {
    if (s === '') return 'it contains an empty segment ("//" or a trailing "/")';
    if (s === '.' || s === '..') return `"${s}" segments are not allowed (no path traversal)`;
  }
  return undefined;
}

/** Compares keys in UTF-8 byte order, as cloud listings do (not UTF-16 order). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
