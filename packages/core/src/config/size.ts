import { StorageError } from '../errors/storage-error';

const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * Config keys whose string values are sizes, wherever they appear in the `storage:` section
 * (`options.max_file_size`, `batch_processing.providers.aws.multipart_threshold`…).
 */
export const SIZE_KEYS: ReadonlySet<string> = new Set(['max_file_size', 'multipart_threshold', 'resumable_threshold', 'part_size', 'max_object_size']);

/**
 * Parses a size: a byte count, or a string such as `"100MB"`, `"64 MiB"`, `"512k"`. Units are
 * powers of 1024 (`KB` and `KiB` mean the same), case-insensitive. Returns `undefined` for
 * anything else.
 */
export function tryParseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = SIZE.exec(value);
  if (!match) return undefined;
  const factor = UNITS[(match[2] ?? '').toLowerCase() || 'b'];
  return factor === undefined ? undefined : Math.floor(Number(match[1]) * factor);
}

/** Like {@link tryParseSize}, throwing `INVALID_ARGUMENT` that names `what` for a bad size. */
export function parseSize(value: unknown, what = 'size'): number {
  const bytes = tryParseSize(value);
  if (bytes === undefined) {
    throw new StorageError('INVALID_ARGUMENT', `${what} must be a byte count or a size such as "100MB" (units B, KB, MB, GB, TB; powers of 1024).`);
  }
  return bytes;
}
