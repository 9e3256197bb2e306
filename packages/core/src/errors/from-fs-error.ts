import { StorageError, isStorageError } from './storage-error';

interface NodeSystemError {
  code?: string;
  path?: string;
}

const FS_HINTS: Record<string, { code: StorageError['code']; text: string }> = {
  ENOENT: { code: 'NOT_FOUND', text: 'does not exist' },
  EACCES: { code: 'PERMISSION_DENIED', text: 'is not accessible: check the file permissions of the base directory' },
  EPERM: { code: 'PERMISSION_DENIED', text: 'may not be changed: check the file permissions of the base directory' },
  EEXIST: { code: 'ALREADY_EXISTS', text: 'already exists' },
  ENOSPC: { code: 'UNAVAILABLE', text: 'could not be written: the disk is full; free space and retry' },
  EDQUOT: { code: 'UNAVAILABLE', text: 'could not be written: the disk quota is exhausted' },
  EISDIR: { code: 'INVALID_ARGUMENT', text: 'is a directory, not an object: use a key that names a file' },
  ENOTDIR: { code: 'INVALID_ARGUMENT', text: 'has a parent that is a file, not a directory: use another key' },
  ENOTEMPTY: { code: 'INVALID_ARGUMENT', text: 'is a non-empty directory' },
  ENAMETOOLONG: { code: 'INVALID_ARGUMENT', text: 'has a name that is too long for the file system' },
  EMFILE: { code: 'UNAVAILABLE', text: 'could not be opened: too many open files; lower concurrency or raise ulimit -n' },
  EBUSY: { code: 'UNAVAILABLE', text: 'is busy; retry' },
  EAGAIN: { code: 'UNAVAILABLE', text: 'is temporarily unavailable; retry' },
  EIO: { code: 'UNAVAILABLE', text: 'could not be read or written: an I/O error occurred' },
  EROFS: { code: 'PERMISSION_DENIED', text: 'is on a read-only file system' },
};

/**
 * Maps a Node `fs` error onto a {@link StorageError}. `subject` names what the caller was
 * working on (a key, not an absolute path, so no local layout leaks into messages).
 */
export function fromFsError(error: unknown, subject: string, provider = 'local'): StorageError {
  if (isStorageError(error)) return error;
  const code = (error as NodeSystemError | undefined)?.code;
  const hint = code === undefined ? undefined : FS_HINTS[code];
  if (hint === undefined) {
    return new StorageError('INTERNAL', `"${subject}" failed with an unexpected file system error (${code ?? 'unknown'}).`, {
      provider,
      cause: error,
      key: subject,
    });
  }
  return new StorageError(hint.code, `"${subject}" ${hint.text}.`, { provider, cause: error, key: subject });
}
