import { describe, expect, it } from 'vitest';
import { StorageError, fromFsError, isStorageError } from '../src/index';

describe('StorageError', () => {
  it('defaults retryable from the code and serialises without its cause', () => {
    const cause = new Error('secret=hunter2');
    const e = new StorageError('UNAVAILABLE', 'try later', { provider: 's3', cause });
    expect(e.retryable).toBe(true);
    expect(new StorageError('NOT_FOUND', 'x').retryable).toBe(false);
    expect(JSON.stringify(e)).not.toContain('hunter2');
    expect(isStorageError(e, 'UNAVAILABLE')).toBe(true);
    expect(isStorageError(new Error('x'))).toBe(false);
  });

  it.each([
    ['ENOENT', 'NOT_FOUND'],
    ['EACCES', 'PERMISSION_DENIED'],
    ['EEXIST', 'ALREADY_EXISTS'],
    ['ENOSPC', 'UNAVAILABLE'],
    ['EISDIR', 'INVALID_ARGUMENT'],
    ['ENOTDIR', 'INVALID_ARGUMENT'],
    ['EWHATEVER', 'INTERNAL'],
  ])('maps fs error %s to %s, naming the key but no absolute path', (errno, code) => {
    const fsError = Object.assign(new Error(`${errno}: /very/private/path/users.json`), { code: errno, path: '/very/private/path/users.json' });
    const mapped = fromFsError(fsError, 'users.json');
    expect(mapped.code).toBe(code);
    expect(mapped.message).toContain('users.json');
    expect(mapped.message).not.toContain('/very/private');
    expect(mapped.cause).toBe(fsError);
  });
});
