import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
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

/**
 * A cross-process lock held by a file created with O_EXCL. Its content names the owner (pid,
 * start time, host), so a lock left by a crashed process is recognised and taken over at
 * once, instead of waiting out an expiry. Locks are held only around a commit (stat, check,
 * rename), so waits are short.
 */
export async function acquireFileLock(path: string, options: LockOptions): Promise<HeldLock> {
  const token = `${formatIdentity(currentProcess())}\n${randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      return {
        verify: async () => (await readFile(path, 'utf8').catch(() => '')) === token,
        release: async () => {
          // Only remove the lock if it is still ours.
          if ((await readFile(path, 'utf8').catch(() => '')) === token) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await takeOverIfDead(path)) continue;
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
async function takeOverIfDead(path: string): Promise<boolean> {
  const content = await readFile(path, 'utf8').catch(() => undefined);
  if (content === undefined) return true; // released meanwhile: try again at once
  const owner = parseIdentity(content.split('\n')[0] ?? '');
  if (owner && isProcessAlive(owner)) return false;
  if (!owner) {
    // An empty or foreign lock file: its creator may be between open and write. Only a
    // file that stayed that way for a while is treated as abandoned.
    const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age < 5_000) return false;
  }
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return true;
  }
  const taken = await readFile(aside, 'utf8').catch(() => '');
  if (taken !== content) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return true;
}
