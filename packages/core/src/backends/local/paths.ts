import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { StorageError } from '../../errors/storage-error';
import { validateKey } from '../../keys/validate-key';

/** Every file the backend keeps for itself starts with this, and is never listed. */
export const INTERNAL_PREFIX = '.agentmap~';

/** The files that belong to one key: the object, its lock, its metadata sidecar. */
export interface KeyPaths {
  key: string;
  dir: string;
  name: string;
  file: string;
  lock: string;
  sidecar: string;
}

export function isInternalName(name: string): boolean {
  return name.startsWith(INTERNAL_PREFIX);
}

/**
 * A temp file's name: the owner (so an abandoned one is recognised) and a random part, but not
 * the key's name, so its length does not depend on the key (see MAX_SEGMENT_BYTES).
 */
export function tempName(owner: string, random: string): string {
  return `${INTERNAL_PREFIX}tmp~${owner}~${random}`;
}

/** The owner part of a temp file name, or undefined for other internal files. */
export function tempOwner(name: string): string | undefined {
  if (!name.startsWith(`${INTERNAL_PREFIX}tmp~`)) return undefined;
  return name.slice(INTERNAL_PREFIX.length + 4).split('~')[0];
}

/** Maps keys to files under a base directory, refusing anything that would leave it. */
export class LocalPaths {
  private baseReal: string | undefined;

  constructor(readonly baseDir: string) {}

  /** The real path of the base directory (symlinks resolved), computed once. */
  async base(): Promise<string> {
    this.baseReal ??= await realpath(this.baseDir);
    return this.baseReal;
  }

  /** Files of a validated key. Internal names are reserved. */
  async forKey(key: string): Promise<KeyPaths> {
    validateKey(key, 'local');
    const segments = key.split('/');
    if (segments.some(isInternalName)) {
      throw new StorageError('INVALID_ARGUMENT', `Key ${JSON.stringify(key)} uses the reserved name prefix "${INTERNAL_PREFIX}".`, { provider: 'local', key });
    }
    const base = await this.base();
    const name = segments[segments.length - 1]!;
    const dir = join(base, ...segments.slice(0, -1));
    return {
      key,
      dir,
      name,
      file: join(dir, name),
      lock: join(dir, `${INTERNAL_PREFIX}lock~${name}`),
      sidecar: join(dir, `${INTERNAL_PREFIX}meta~${name}`),
    };
  }

  /**
   * Refuses a path whose real location is outside the base directory (a symlink pointing
   * out). `path` must exist; callers pass the file, or its directory before creating it.
   */
  async assertInside(path: string, key: string): Promise<void> {
    const base = await this.base();
    // The deepest part of the path that exists decides: a missing folder below a symlinked
    // one would otherwise be created outside the base.
    let real: string | undefined;
    for (let at = path; real === undefined; ) {
      try {
        // One native realpath(3) call: cheaper in place than through the thread pool.
        real = realpathSync.native(at);
      } catch (error) {
        const parent = dirname(at);
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === at) throw error;
        at = parent;
      }
    }
    if (real !== base && !real.startsWith(base + sep)) {
      throw new StorageError('INVALID_ARGUMENT', `Key ${JSON.stringify(key)} resolves outside the base directory (through a symbolic link); refusing to touch it.`, {
        provider: 'local',
        key,
      });
    }
  }
}
