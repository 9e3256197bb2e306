import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { StorageError } from '../../errors/storage-error';
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
 * A cross-process lock held by a file created with O_EXCL. The lock file operations are
 * synchronous: each is one small metadata call on the local disk, and keeping them off the
 * thread pool makes the critical section (and so every wait for it) short. Its content names the owner (pid,
 * start time, host), so a lock left by a crashed process is recognised and taken over at
 * once, instead of waiting out an expiry. Locks are held only around a commit (stat, check,
 * rename), so waits are short.
 */
export async function acquireFileLock(path: string, options: LockOptions): Promise<HeldLock> {
  const token = `${formatIdentity(currentProcess())}\n${randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      return {
        verify: async () => readOr(path, '') === token,
        release: async () => {
          // Only remove the lock if it is still ours.
          if (readOr(path, '') === token) {
            try {
              unlinkSync(path);
            } catch {
              // already gone
            }
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
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
  if (!owner) {
    // An empty or foreign lock file: its creator may be between open and write. Only a
    // file that stayed that way for a while is treated as abandoned.
    let age = 0;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      return true;
    }
    if (age < 5_000) return false;
  }
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
