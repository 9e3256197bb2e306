import { fileError, quoted } from '../errors';

/** Layers of percent-encoding undone while looking for hidden traversal (`%252e%252e`). */
const MAX_DECODE_ROUNDS = 3;

/**
 * Checks a user-supplied relative path (a collection or a document id) and returns its normal
 * form: `/`-separated, backslashes read as separators, no empty or `.` segments.
 *
 * Refused with `INVALID_ARGUMENT`, before any I/O: NUL and control characters, absolute paths
 * (`/x`, `C:\x`, `\\server\x`), `..` segments — also when they only appear once the name is
 * percent-decoded (`%2e%2e%2f`) or Unicode-normalised (`．．`). The stored key keeps the name
 * as given (a file may be called `50%25.txt`); decoding is only used to look for hidden
 * traversal, since a layer above (an HTTP server, a URL builder) may decode it later.
 */
export function safeRelativePath(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') {
    throw fileError('INVALID_ARGUMENT', `A ${what} must be a string; got ${value === null ? 'null' : typeof value}.`);
  }
  for (const variant of variantsOf(value)) {
    const problem = pathProblem(variant);
    if (problem !== undefined) {
      throw fileError('INVALID_ARGUMENT', `Unsafe ${what} ${quoted(value)}: ${problem}. Use a path relative to the storage base, without "..".`, {
        key: value,
      });
    }
  }
  const normal = segmentsOf(value).join('/');
  if (normal === '') throw fileError('INVALID_ARGUMENT', `A ${what} must name a file or folder; got ${quoted(value)}.`);
  return normal;
}

/** The name as given, each percent-decoded layer, and their Unicode-compatibility forms. */
function variantsOf(value: string): string[] {
  const out = [value];
  let current = value;
  for (let round = 0; round < MAX_DECODE_ROUNDS && current.includes('%'); round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      break; // Not valid percent-encoding: a literal "%" in the name.
    }
    if (decoded === current) break;
    out.push(decoded);
    current = decoded;
  }
  for (const v of [...out]) {
    const compat = v.normalize('NFKC');
    if (compat !== v) out.push(compat);
  }
  return out;
}

function pathProblem(name: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a NUL or control character';
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return 'absolute paths are not allowed';
  if (/^[A-Za-z]:/.test(slashed)) return 'drive-letter paths are not allowed';
  if (slashed.split('/').some((s) => s.trim() === '..')) return 'it contains a ".." segment (path traversal)';
  return undefined;
}

function segmentsOf(name: string): string[] {
  return name
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/** Joins key parts with `/`, skipping empty ones (a collection at the store's root). */
export function joinKey(...parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join('/');
}
