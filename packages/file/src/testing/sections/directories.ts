import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** Listings, metadata, exists, count and collections. */
export function directorySection(get: GetContext, timeout: number): void {
  it('lists a folder sorted, sub-folders ending with "/", and recursively on request', { timeout }, async () => {
    const { files } = get();
    for (const name of ['b.txt', 'a.txt', 'sub/c.txt', 'sub/deeper/d.txt', 'C.txt']) await files.write('docs', name, name);
    expect(await files.read('docs')).toEqual(['C.txt', 'a.txt', 'b.txt', 'sub/']);
    expect(await files.read('docs', undefined, { recursive: true })).toEqual(['C.txt', 'a.txt', 'b.txt', 'sub/c.txt', 'sub/deeper/d.txt']);
    expect(await files.read('docs', 'sub')).toEqual(['c.txt', 'deeper/']);
    const entries = await files.list('docs', 'sub');
    expect(entries).toEqual([
      expect.objectContaining({ name: 'c.txt', path: 'c.txt', isDirectory: false, size: 9 }),
      expect.objectContaining({ name: 'deeper/', path: 'deeper/', isDirectory: true }),
    ]);
    expect(await files.list('docs', 'missing')).toBeUndefined();
    expect(await files.list('docs', 'a.txt')).toBeUndefined();
  });

  it('reports file metadata; creation time stays undefined (object stores keep none)', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', '{"a":1}', 'sub/data.json');
    const meta = await files.getFileMetadata('docs', 'sub/data.json');
    expect(meta).toMatchObject({
      name: 'data.json',
      path: 'sub/data.json',
      collection: 'docs',
      size: 7,
      isFile: true,
      isDirectory: false,
      extension: '.json',
      mimeType: 'application/json',
      isText: true,
      isBinary: false,
    });
    expect(meta!.created).toBeUndefined();
    expect(meta!.modified).toBeInstanceOf(Date);
    expect(await files.getFileMetadata('docs', 'sub')).toMatchObject({ name: 'sub', isDirectory: true, isFile: false, size: 0 });
    expect(await files.getFileMetadata('docs', 'nope.txt')).toBeUndefined();
    await files.write('docs', new Uint8Array([1]), 'scan.pdf');
    expect(await files.getFileMetadata('docs', 'scan.pdf')).toMatchObject({ mimeType: 'application/pdf', isBinary: true, isText: false });
  });

  it('answers exists for files and folders, counts files, and lists collections', { timeout }, async () => {
    const { files } = get();
    await files.write('alpha', 'a', 'one.txt');
    await files.write('alpha', 'bb', 'sub/two.md');
    await files.write('beta', 'c', 'three.txt');
    expect(await files.exists('alpha', 'one.txt')).toBe(true);
    expect(await files.exists('alpha', 'sub')).toBe(true);
    expect(await files.exists('alpha')).toBe(true);
    expect(await files.exists('alpha', 'nope.txt')).toBe(false);
    expect(await files.count('alpha')).toBe(2);
    expect(await files.count('alpha', { extension: '.md' })).toBe(1);
    expect(await files.count('alpha', { size: { $gte: 2 } })).toBe(1);
    expect(await files.count('gamma')).toBe(0);
    expect(await files.listCollections()).toEqual(['alpha', 'beta']);
  });

  it('deletes a file, and a folder only with recursive', { timeout }, async () => {
    const { files, keys } = get();
    await files.write('docs', 'a', 'a.txt');
    await files.write('docs', 'b', 'sub/b.txt');
    await files.write('docs', 'c', 'sub/c.txt');
    expect(await files.delete('docs', 'a.txt')).toMatchObject({ success: true, count: 1, deletedIds: ['a.txt'] });
    await expectStorageError(files.delete('docs', 'sub'), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual(['docs/sub/b.txt', 'docs/sub/c.txt']);
    expect(await files.delete('docs', 'sub', { recursive: true })).toMatchObject({ success: true, count: 2, deletedIds: ['b.txt', 'c.txt'] });
    expect(await keys()).toEqual([]);
    expect(await files.delete('docs', 'a.txt')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('deletes a whole collection with recursive', { timeout }, async () => {
    const { files } = get();
    await files.write('old_files', 'x', 'a.txt');
    await files.write('old_files', 'y', 'b/c.txt');
    expect(await files.delete('old_files', undefined, { recursive: true })).toMatchObject({ success: true, count: 2 });
    expect(await files.exists('old_files')).toBe(false);
  });
}
