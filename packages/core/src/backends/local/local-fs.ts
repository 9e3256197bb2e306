import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chunksOf } from '../../body/body';
import { StorageError } from '../../errors/storage-error';
import type { PutBody } from '../../spec/object-store';
import { type KeyPaths, type LocalPaths, tempName } from './paths';
import type { Sidecar } from './sidecar';

// File system steps of the local backend, kept apart from its ObjectStore methods.
const provider = 'local';

/** Opens an object for reading after checking it lies inside the base; missing is `NOT_FOUND`. */
export async function openForRead(p: KeyPaths, paths: LocalPaths): Promise<FileHandle> {
  await paths.assertInside(p.file, p.key);
  try {
    return await open(p.file, 'r');
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') throw notFound(p.key);
    throw error;
  }
}

/** Creates a key's directory; a file standing where a directory is needed is the caller's error. */
export async function ensureDir(dir: string, key: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new StorageError('INVALID_ARGUMENT', `Cannot store "${key}": one of its parent segments is an existing object, not a folder. Use another key.`, {
        provider,
        key,
        cause: error,
      });
    }
    throw error;
  }
}

/** Writes a sidecar atomically (temp + rename); a few hundred bytes, so synchronously. */
export function writeSidecar(path: string, sidecar: Sidecar, owner: string): void {
  const dir = dirname(path);
  const temp = `${dir}/${tempName(owner, randomBytes(6).toString('hex'))}`;
  try {
    writeFileSync(temp, JSON.stringify(sidecar), { flag: 'wx' });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Whether a write stores a content type or user metadata (and so needs a sidecar). */
export function hasMetadata(opts: { contentType?: string | undefined; metadata?: Record<string, string> | undefined }): boolean {
  return opts.contentType !== undefined || (opts.metadata !== undefined && Object.keys(opts.metadata).length > 0);
}

/** Copies a stream into an open file chunk by chunk (awaiting each write is the backpressure). */
export async function writeStream(handle: FileHandle, body: PutBody, signal: AbortSignal | undefined): Promise<void> {
  for await (const bytes of chunksOf(body, signal, provider)) {
    let at = 0;
    while (at < bytes.byteLength) at += (await handle.write(bytes, at, bytes.byteLength - at)).bytesWritten;
  }
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function notFound(key: string): StorageError {
  return new StorageError('NOT_FOUND', `Object "${key}" does not exist in the local store.`, { provider, key });
}

