import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** Text, bytes, JSON values and the shapes a read can return. */
export function contentSection(get: GetContext, timeout: number): void {
  it('round-trips text, reporting createdNew, etag and size', { timeout }, async () => {
    const { files } = get();
    const first = await files.write('docs', 'Hello, World! — ünïcødé', 'greeting.txt');
    expect(first).toMatchObject({ success: true, operation: 'write', collection: 'docs', documentId: 'greeting.txt', createdNew: true, count: 1 });
    expect(typeof first.etag).toBe('string');
    expect(await files.read('docs', 'greeting.txt')).toBe('Hello, World! — ünïcødé');
    const second = await files.write('docs', 'Replaced', 'greeting.txt');
    expect(second).toMatchObject({ success: true, createdNew: false });
    expect(second.etag).not.toBe(first.etag);
    expect(await files.read('docs', 'greeting.txt')).toBe('Replaced');
  });

  it('round-trips every byte value for binary files, by extension or binaryMode', { timeout }, async () => {
    const { files } = get();
    const bytes = new Uint8Array(256).map((_, i) => i);
    await files.write('images', bytes, 'photo.png');
    const read = await files.read('images', 'photo.png');
    expect(read).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(read as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    await files.write('images', 'plain words', 'words.txt');
    const raw = await files.read('images', 'words.txt', { binaryMode: true });
    expect(Buffer.from(raw as Uint8Array).toString('utf8')).toBe('plain words');
  });

  it('reads files of unknown extension as text when they are UTF-8, else as bytes', { timeout }, async () => {
    const { files } = get();
    await files.write('misc', 'MIT License', 'LICENSE');
    await files.write('misc', new Uint8Array([0, 159, 146, 150]), 'blob.bin');
    expect(await files.read('misc', 'LICENSE')).toBe('MIT License');
    expect(await files.read('misc', 'blob.bin')).toBeInstanceOf(Uint8Array);
  });

  it('writes objects, arrays and numbers as JSON', { timeout }, async () => {
    const { files } = get();
    await files.write('data', { name: 'Ada', tags: ['x'], nested: { n: 1 } }, 'person.json');
    expect(JSON.parse((await files.read('data', 'person.json')) as string)).toEqual({ name: 'Ada', tags: ['x'], nested: { n: 1 } });
    await files.write('data', [1, 2], 'list.json');
    expect(JSON.parse((await files.read('data', 'list.json')) as string)).toEqual([1, 2]);
  });

  it('refuses null, undefined and values that are not JSON', { timeout }, async () => {
    const { files, keys } = get();
    await expectStorageError(files.write('data', null as never, 'a.json'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('data', undefined as never, 'a.json'), 'INVALID_ARGUMENT');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expectStorageError(files.write('data', circular, 'a.json'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('data', { n: 10n }, 'a.json'), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual([]);
  });

  it('returns { content, metadata } with format structured', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'abc', 'readme.txt');
    const doc = await files.read('docs', 'readme.txt', { format: 'structured' });
    expect(doc).toMatchObject({
      content: 'abc',
      metadata: { source: 'docs/readme.txt', size: 3, type: 'text', name: 'readme.txt', extension: '.txt', isText: true, isBinary: false },
    });
  });

  it('gives undefined for a missing file or folder, and refuses unknown formats', { timeout }, async () => {
    const { files } = get();
    expect(await files.read('docs', 'missing.txt')).toBeUndefined();
    expect(await files.read('nothing-here')).toBeUndefined();
    expect(await files.readStream('docs', 'missing.txt')).toBeUndefined();
    await files.write('docs', 'x', 'a.txt');
    await expectStorageError(files.read('docs', 'a.txt', { format: 'yaml' as never }), 'INVALID_ARGUMENT');
  });

  it('reads a collection that names a file', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'inside', 'note.txt');
    expect(await files.read('docs/note.txt')).toBe('inside');
  });
}
