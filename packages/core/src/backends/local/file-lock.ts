import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StorageError } from '../../errors/storage-error';
import { tempName } from './paths';
import { currentProcess, formatIdentity, isProcessAlive, parseIdentity } from './process-alive';

/** A held lock; `verify` re-checks ownership right before the commit point. */
export interface HeldLock {
  verify(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Give up after this long with `UNAVAILABLE` (a live owner that never lets go). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** The key, for messages. */
  key: string;
}

const readOr = (path: string, fallback: string | undefined): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};

/**
 * A cross-process lock held by a file. Its content names the owner (pid, start time, host), so
 * a lock left by a crashed process is recognised and taken over at once, instead of waiting
 * out an expiry. The content is written to a private temp file first and the lock made
 * visible by link(), which fails if the lock exists: a lock file is never empty or half
 * written, whatever crashes or fills the disk. The lock file operations are synchronous:
 * each is one small metadata call on the local disk, and keeping them off the thread pool
 * makes the critical section (and so every wait for it) short. Locks are held only around a
 * commit (stat, check, rename), so waits are short.
 *
 * Ownership is checked by inode (stat, no file descriptor), never by reading the file back:
 * under descriptor exhaustion (EMFILE) a read fails, and a release that needed one would
 * leave the lock behind for every later writer.
 */
export async function acquireFileLock(path: string, options: LockOptions): Promise<HeldLock> {
  const identity = formatIdentity(currentProcess());
  const token = `${identity}\n${randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const held = tryLock(path, token, identity);
    if (held) return held;
    if (takeOverIfDead(path)) continue;
    if (options.signal?.aborted) {
      throw new StorageError('ABORTED', `Waiting for the lock on "${options.key}" was aborted.`, { provider: 'local', key: options.key });
    }
    if (Date.now() > deadline) {
      throw new StorageError('UNAVAILABLE', `"${options.key}" stayed locked by another live writer for ${options.timeoutMs} ms; retry later.`, {
        provider: 'local',
        key: options.key,
        retryable: true,
      });
    }
    await new Promise((r) => setTimeout(r, Math.min(20, 1 + attempt) * (0.5 + Math.random())));
  }
}

/** Takes the lock if it is free: writes the owner to a temp file, then links it into place. */
function tryLock(path: string, token: string, identity: string): HeldLock | undefined {
  const temp = join(dirname(path), tempName(identity, randomBytes(6).toString('hex')));
  const fd = openSync(temp, 'wx');
  let inode: { dev: bigint; ino: bigint };
  try {
    try {
      writeSync(fd, token);
    } finally {
      closeSync(fd);
    }
    const stats = statSync(temp, { bigint: true });
    inode = { dev: stats.dev, ino: stats.ino };
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw error;
    }
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
  const ours = (): boolean => {
    try {
      const now = statSync(path, { bigint: true });
      return now.ino === inode.ino && now.dev === inode.dev;
    } catch {
      return false;
    }
  };
  return {
    verify: async () => ours(),
    release: async () => {
      // Only remove the lock if it is still ours (a stat: needs no descriptor).
      if (!ours()) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Removes a lock whose owner is dead. The stale file is first renamed to a unique name, so
 * of several waiters only one takes it; if what it took turns out to be a live lock (another
 * waiter replaced the stale one in between), it is put back with link(), which never
 * overwrites. Owners re-verify their lock before committing, which closes the remaining gap.
 */
function takeOverIfDead(path: string): boolean {
  const content = readOr(path, undefined);
  if (content === undefined) return true; // released meanwhile: try again at once
  const owner = parseIdentity(content.split('\n')[0] ?? '');
  if (owner && isProcessAlive(owner)) return false;
  // No owner to be read (empty, damaged or foreign): locks are written whole before they are
  // visible, so such a file was never a live lock of this library. Recover it at once.
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return true;
  }
  if (readOr(aside, '') !== content) {
    try {
      linkSync(aside, path);
    } catch {
      // a new lock took its place: the owner's verify() will notice
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
  return true;
}
