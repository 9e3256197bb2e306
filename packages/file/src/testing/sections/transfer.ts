import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** copy and move of files and folders. */
export function transferSection(get: GetContext, timeout: number): void {
  it('copies a file, within a collection and to another one', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'payload', 'a.txt');
    expect(await files.copy('docs', 'a.txt', 'copy/b.txt')).toMatchObject({ success: true, operation: 'copy', count: 1 });
    expect(await files.copy('docs', 'a.txt', 'a.txt', { toCollection: 'archive' })).toMatchObject({ success: true });
    expect(await files.read('docs', 'copy/b.txt')).toBe('payload');
    expect(await files.read('archive', 'a.txt')).toBe('payload');
    expect(await files.read('docs', 'a.txt')).toBe('payload');
  });

  it('refuses to overwrite with overwrite: false (ALREADY_EXISTS), keeping the destination', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'new', 'a.txt');
    await files.write('docs', 'kept', 'b.txt');
    expect(await files.copy('docs', 'a.txt', 'b.txt', { overwrite: false })).toMatchObject({ success: false, error: { code: 'ALREADY_EXISTS' } });
    expect(await files.read('docs', 'b.txt')).toBe('kept');
  });

  it('moves a file and a folder (recursive), removing the sources', { timeout }, async () => {
    const { files, keys } = get();
    await files.write('docs', '1', 'x.txt');
    await files.write('docs', '2', 'dir/y.txt');
    await files.write('docs', '3', 'dir/z/w.txt');
    expect(await files.move('docs', 'x.txt', 'moved/x.txt')).toMatchObject({ success: true, operation: 'move' });
    await expectStorageError(files.move('docs', 'dir', 'dir2'), 'INVALID_ARGUMENT');
    expect(await files.move('docs', 'dir', 'dir2', { recursive: true })).toMatchObject({ success: true, count: 2, ids: ['dir2/y.txt', 'dir2/z/w.txt'] });
    expect(await keys()).toEqual(['docs/dir2/y.txt', 'docs/dir2/z/w.txt', 'docs/moved/x.txt']);
  });

  it('reports a missing source, and refuses copying a folder into itself', { timeout }, async () => {
    const { files } = get();
    expect(await files.copy('docs', 'missing.txt', 'b.txt')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    await files.write('docs', 'x', 'dir/a.txt');
    await expectStorageError(files.copy('docs', 'dir', 'dir/inner', { recursive: true }), 'INVALID_ARGUMENT');
    await expectStorageError(files.copy('docs', 'dir/a.txt', 'dir/a.txt'), 'INVALID_ARGUMENT');
  });
}
