import { digestStream, expectStorageError, patternDigest, patternStream } from '@agentmap/storage-testkit';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** Streams in and out: large files never need to fit in memory. */
export function streamingSection(get: GetContext, timeout: number, size: number): void {
  it(`streams ${Math.round(size / 1048576)} MiB in and out byte for byte`, { timeout: timeout * 4 }, async () => {
    const { files } = get();
    const result = await files.write('big', patternStream(size), 'blob.bin');
    expect(result).toMatchObject({ success: true, data: { size } });
    const opened = await files.readStream('big', 'blob.bin');
    expect(opened!.metadata.size).toBe(size);
    expect(await digestStream(opened!.stream)).toEqual(await patternDigest(size));
  });

  it('accepts Web streams and Node streams of text', { timeout }, async () => {
    const { files } = get();
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('web '));
        controller.enqueue(new TextEncoder().encode('stream'));
        controller.close();
      },
    });
    await files.write('docs', web, 'web.txt');
    await files.write('docs', Readable.from([Buffer.from('node '), Buffer.from('stream')]), 'node.txt');
    expect(await files.read('docs', 'web.txt')).toBe('web stream');
    expect(await files.read('docs', 'node.txt')).toBe('node stream');
  });

  it('loses no data from a stream that is already flowing when it is handed over', { timeout }, async () => {
    const { files } = get();
    let seen = 0;
    const source = patternStream(2 * 1024 * 1024, 64 * 1024).on('data', (chunk: Buffer) => (seen += chunk.byteLength));
    const result = await files.write('docs', source, 'flowing.bin');
    expect(result).toMatchObject({ success: true, data: { size: 2 * 1024 * 1024 } });
    expect(seen).toBe(2 * 1024 * 1024);
  });

  it('appends a stream to a text file', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'head', 'log.txt');
    await files.write('docs', Readable.from([Buffer.from('tail')]), 'log.txt', { mode: 'append' });
    expect(await files.read('docs', 'log.txt')).toBe('head\n\ntail');
  });

  it('throws ABORTED when its AbortSignal fires, storing nothing', { timeout }, async () => {
    const { files, keys } = get();
    const controller = new AbortController();
    controller.abort();
    const result = files.write('docs', patternStream(1024 * 1024), 'aborted.bin', { signal: controller.signal });
    await expectStorageError(result, 'ABORTED');
    expect(await keys()).toEqual([]);
  });
}
