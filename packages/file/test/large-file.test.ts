import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir';

const SIZE = 256 * 1024 * 1024;
const MiB = 1024 * 1024;
const dir = tempDir('large');
afterAll(dir.remove);

/**
 * The child process: streams SIZE bytes into the local store through the file service and
 * back out, and prints digests and the memory it holds. Memory is sampled right after a full
 * collection every 16 MiB on the way in (as the store pulls from the source) and on the way
 * out (as the reader consumes): that is what the streams keep alive. Chunks already written
 * or read are garbage, and when V8 frees them is its own choice (Node 24 lets about 64 MiB of
 * dropped buffers pile up first, plain node:fs streams included), so peak RSS without
 * collections would measure that choice, not the service.
 */
const child = `
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createLocalStore } from '@agentmap/storage-core';
import { createFileStorage } from './src/index.ts';

const [baseDir, sizeArg] = process.argv.slice(1);
const size = Number(sizeArg);
const CHUNK = 1 << 20;
const EVERY = 16 * CHUNK;
const files = createFileStorage({ store: createLocalStore({ baseDir }) }, { maxFileSize: size });
globalThis.gc();
const rssBefore = process.memoryUsage.rss();
let held = rssBefore;
const sample = () => {
  globalThis.gc();
  held = Math.max(held, process.memoryUsage.rss());
};
const written = createHash('sha256');
let sent = 0;
const source = new Readable({
  read() {
    if (sent >= size) return void this.push(null);
    if (sent % EVERY === 0) sample();
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, size - sent));
    for (let i = 0; i < chunk.length; i++) chunk[i] = (sent + i) % 251;
    sent += chunk.length;
    written.update(chunk);
    this.push(chunk);
  },
});
const result = await files.write('big', source, 'blob.bin');
const opened = await files.readStream('big', 'blob.bin');
const read = createHash('sha256');
let received = 0;
for await (const chunk of opened.stream) {
  read.update(chunk);
  const before = received;
  received += chunk.byteLength;
  if (Math.floor(received / EVERY) !== Math.floor(before / EVERY)) sample();
}
sample();
console.log(JSON.stringify({ success: result.success, intact: read.digest('hex') === written.digest('hex'), size: received, rssBefore, held }));
`;

describe('a 256 MiB file on the local store', () => {
  it('round-trips through write and readStream holding memory far below its size', { timeout: 120_000 }, async () => {
    // A child process, so the figures are this round trip's alone, not the test runner's.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--conditions=@agentmap/source', '--import', 'tsx', '--input-type=module', '--eval', child, dir.path, String(SIZE)],
      { cwd: join(import.meta.dirname, '..'), maxBuffer: 1 << 20 },
    );
    const figures = JSON.parse(stdout.trim().split('\n').pop()!) as { success: boolean; intact: boolean; size: number; rssBefore: number; held: number };
    expect(figures.success).toBe(true);
    expect(figures).toMatchObject({ intact: true, size: SIZE });
    // About 18 MiB on Node 20 and 24 (the service and store modules loaded on first use included).
    expect(figures.held - figures.rssBefore).toBeLessThan(48 * MiB);
    expect(figures.held).toBeLessThan(SIZE * 0.75);
  });
});
