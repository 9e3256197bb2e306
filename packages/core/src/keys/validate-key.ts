import { StorageError } from '../errors/storage-error';

/** Longest key accepted by every backend (S3's and GCS's limit is 1024 UTF-8 bytes). */
export const MAX_KEY_BYTES = 1024;

/**
 * Longest segment (the text between two `/`) accepted by every backend, in UTF-8 bytes. File
 * systems allow 255 bytes per name, and the local backend keeps a lock and a metadata file
 * beside each object under its name plus a 15-byte prefix; temp names do not contain the key.
 * So a key is valid everywhere when it is at most 1024 bytes and no segment exceeds 240.
 */
export const MAX_SEGMENT_BYTES = 240;

/**
 * Checks a key and returns its normal form. Keys are relative, `/`-separated, well-formed
 * UTF-16 (no lone surrogates, which would all become U+FFFD on disk and collide), at most
 * {@link MAX_KEY_BYTES} bytes with segments of at most {@link MAX_SEGMENT_BYTES}, and may not
 * contain NUL, C0 or C1 control characters, `.` or `..` segments, backslashes, empty segments or a
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
   
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) return 'it contains a NUL or control character (C0 or C1)';
  if (!isWellFormed(key)) return 'it contains a lone UTF-16 surrogate (ill-formed text)';
  if (key.includes('\\')) return 'it contains a backslash; use "/" to separate segments';
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) return 'absolute paths are not allowed; use a key relative to the store';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  const segments = key.split('/');
  for (const s of segments) {
    if (s === '') return 'it contains an empty segment ("//" or a trailing "/")';
    if (s === '.' || s === '..') return `"${s}" segments are not allowed (no path traversal)`;
    if (s.length * 3 > MAX_SEGMENT_BYTES && Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES) return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes (UTF-8); split it with "/"`;
  }
  return undefined;
}

/** True when `text` has no lone surrogate (String.prototype.isWellFormed, where present). */
export function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (native) return native.call(text);
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
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
