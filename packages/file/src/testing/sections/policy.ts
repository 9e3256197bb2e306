import { expectStorageError, patternStream } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import { createFileStorage } from '../../service/file-storage';
import type { GetContext } from '../context';

/** allowBinary, allowedExtensions and maxFileSize, enforced before or while bytes flow. */
export function policySection(get: GetContext, timeout: number): void {
  it('refuses binary writes with allowBinary: false, text still allowed', { timeout }, async () => {
    const { make, keys } = get();
    const files = make({ allowBinary: false });
    await expectStorageError(files.write('img', new Uint8Array([1, 2]), 'photo.png'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('img', 'text', 'notes.txt', { binaryMode: true }), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('img', new Uint8Array([1]), 'data.bin'), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual([]);
    expect(await files.write('img', 'text', 'notes.txt')).toMatchObject({ success: true });
  });

  it('enforces allowedExtensions on reads, writes and copies', { timeout }, async () => {
    const { make, files: open } = get();
    await open.write('docs', 'secret', 'script.sh');
    await open.write('docs', 'fine', 'ok.txt');
    const files = make({ allowedExtensions: ['.txt', 'MD'] });
    await expectStorageError(files.write('docs', 'x', 'run.sh'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('docs', 'x', 'Makefile'), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('docs', 'script.sh'), 'INVALID_ARGUMENT');
    await expectStorageError(files.copy('docs', 'ok.txt', 'ok.sh'), 'INVALID_ARGUMENT');
    expect(await files.write('docs', '# hi', 'README.md')).toMatchObject({ success: true });
    expect(await files.read('docs', 'ok.txt')).toBe('fine');
    expect(await files.read('docs')).toEqual(['README.md', 'ok.txt', 'script.sh']);
  });

  it('refuses in-memory bodies over maxFileSize before writing anything', { timeout }, async () => {
    const { make, keys } = get();
    const files = make({ maxFileSize: '1KB' });
    await expectStorageError(files.write('docs', 'x'.repeat(1025), 'big.txt'), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual([]);
    expect(await files.write('docs', 'x'.repeat(1024), 'fits.txt')).toMatchObject({ success: true });
  });

  it('aborts a stream past maxFileSize, leaving nothing behind and an older file intact', { timeout }, async () => {
    const { make, keys } = get();
    const files = make({ maxFileSize: 256 * 1024 });
    let produced = 0;
    const source = patternStream(4 * 1024 * 1024, 64 * 1024).on('data', (chunk: Buffer) => (produced += chunk.byteLength));
    await expectStorageError(files.write('up', source, 'huge.bin'), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual([]);
    // Counting stops the flow early: far less than the whole stream was read.
    expect(produced).toBeLessThan(2 * 1024 * 1024);
    await files.write('up', new Uint8Array(10), 'huge.bin');
    await expectStorageError(files.write('up', patternStream(1024 * 1024), 'huge.bin'), 'INVALID_ARGUMENT');
    expect((await files.getFileMetadata('up', 'huge.bin'))?.size).toBe(10);
    expect(await keys()).toEqual(['up/huge.bin']);
  });

  it('refuses to read into memory a file over maxFileSize; readStream still works', { timeout }, async () => {
    const { make, files: open } = get();
    await open.write('docs', 'y'.repeat(2048), 'large.txt');
    const files = make({ maxFileSize: 1024 });
    await expectStorageError(files.read('docs', 'large.txt'), 'INVALID_ARGUMENT');
    const streamed = await files.readStream('docs', 'large.txt');
    let size = 0;
    for await (const chunk of streamed!.stream) size += (chunk as Buffer).byteLength;
    expect(size).toBe(2048);
  });

  it('checks every file of a folder copy before copying any of them', { timeout }, async () => {
    const { make, files: open, keys } = get();
    await open.write('docs', 'small', 'src/a.txt');
    await open.write('docs', 'y'.repeat(2048), 'src/b.txt');
    await open.write('docs', new Uint8Array([1]), 'src/c.png');
    const before = await keys();
    await expectStorageError(make({ maxFileSize: 1024 }).copy('docs', 'src', 'dst', { recursive: true }), 'INVALID_ARGUMENT');
    await expectStorageError(make({ allowBinary: false }).move('docs', 'src', 'dst', { recursive: true }), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual(before);
  });

  it('checks options when the service is created', { timeout }, async () => {
    const { store } = get();
    const bad: Array<Record<string, unknown>> = [
      { maxFileSize: '12 parsecs' },
      { maxFileSize: -1 },
      { chunkSize: 0 },
      { chunkSize: 100, chunkOverlap: 100 },
      { allowedExtensions: '.txt' },
      { allowBinary: 'no' },
    ];
    for (const options of bad) expect(() => createFileStorage({ store }, options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createFileStorage({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
}
