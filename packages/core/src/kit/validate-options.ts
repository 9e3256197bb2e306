import { StorageError } from '../errors/storage-error';

/**
 * Checks a factory's options object: not an object, or a key that is not one of `allowed`,
 * is `INVALID_ARGUMENT` naming the option. `elsewhere` says where a misplaced option belongs
 * (`{ retry_count: 'the YAML spelling of the retries option' }`),
 * so a security limit given in the wrong place is refused instead of silently ignored.
 *
 * ```ts
 * validateOptions(options, ['store', 'router', 'prefix'], 'createJsonStorage', { provider: 'json' });
 * ```
 */
export function validateOptions(
  options: unknown,
  allowed: readonly string[],
  where: string,
  more: { provider?: string; elsewhere?: Readonly<Record<string, string>> } = {},
): asserts options is Record<string, unknown> {
  const { provider, elsewhere = {} } = more;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new StorageError('INVALID_ARGUMENT', `${where} needs an options object; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`, {
      provider,
    });
  }
  const known = new Set(allowed);
  const unknown = Object.keys(options).filter((key) => !known.has(key) && (options as Record<string, unknown>)[key] !== undefined);
  if (unknown.length === 0) return;
  const lines = unknown.map((key) => {
    const home = elsewhere[key];
    if (home !== undefined) return `"${key}" does not belong here: ${home}`;
    const near = nearest(key, allowed);
    return `"${key}" is not an option${near ? ` (did you mean "${near}"?)` : ''}`;
  });
  throw new StorageError('INVALID_ARGUMENT', `${where}: ${lines.join('; ')}. Its options are: ${allowed.join(', ')}.`, { provider });
}

/** The allowed name closest to `key` when it is a likely slip (case, snake_case, one or two edits). */
function nearest(key: string, allowed: readonly string[]): string | undefined {
  const plain = (name: string) => name.replace(/[_-]/g, '').toLowerCase();
  const exact = allowed.find((name) => plain(name) === plain(key));
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of allowed) {
    const distance = editDistance(plain(name), plain(key));
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
