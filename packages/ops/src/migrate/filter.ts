import picomatch from 'picomatch';
import { StorageError } from '@agentmap/storage-core';

/** Where checkpoints live; never migrated themselves. */
export const CHECKPOINT_PREFIX = '.agentmap/migrations/';

/** A predicate on keys relative to the source prefix: included, not excluded, not a checkpoint. */
export function keyFilter(include: readonly string[] | undefined, exclude: readonly string[] | undefined): (relativeKey: string, fullKey: string) => boolean {
  const check = (globs: readonly string[] | undefined, name: string) => {
    if (globs === undefined) return [];
    if (!Array.isArray(globs) || globs.some((g) => typeof g !== 'string' || g === '')) {
      throw new StorageError('INVALID_ARGUMENT', `migrate: ${name} must be a list of glob patterns such as ["**/*.json"].`, { provider: 'ops' });
    }
    return globs;
  };
  const inc = check(include, 'include');
  const exc = check(exclude, 'exclude');
  const included = inc.length === 0 ? () => true : picomatch([...inc], { dot: true });
  const excluded = exc.length === 0 ? () => false : picomatch([...exc], { dot: true });
  return (relativeKey, fullKey) => !fullKey.startsWith(CHECKPOINT_PREFIX) && included(relativeKey) && !excluded(relativeKey);
}

/** A prefix as a folder: `''` stays empty, `data` becomes `data/`. */
export function folderPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}
