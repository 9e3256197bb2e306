// Local backend put/get against raw node:fs in the same run: once against plain
// writeFile/readFile, once against a raw atomic write (temp file, fsync, rename).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@agentmap/storage-core';
import { measure, printTable, type Row } from './lib/measure';

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'agentmap-bench-local-'));
const store = createLocalStore({ baseDir: join(dir, 'store') });
const rawDir = join(dir, 'raw');
await import('node:fs/promises').then((fs) => fs.mkdir(rawDir, { recursive: true }));

async function rawAtomicWrite(path: string, data: Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

const sizes: Array<[string, number, number]> = [
  ['1 KiB', 1024, 300],
  ['1 MiB', 1024 * 1024, 40],
  ['64 MiB', 64 * 1024 * 1024, 2],
];
const rows: Row[] = [];
for (const [label, size, iterations] of sizes) {
  const data = randomBytes(size);
  const opts = { iterations, rounds: size > 1e7 ? 3 : 5, warmup: Math.min(5, iterations) };
  const ours = await measure(() => store.put(`obj-${size}`, data), opts);
  const plain = await measure(() => writeFile(join(rawDir, `plain-${size}`), data), opts);
  const atomic = await measure(() => rawAtomicWrite(join(rawDir, `atomic-${size}`), data), opts);
  rows.push({ case: `put ${label} vs writeFile`, ours, baseline: plain, unit: 'ms' });
  rows.push({ case: `put ${label} vs atomic write`, ours, baseline: atomic, unit: 'ms' });
  const get = await measure(() => store.get(`obj-${size}`), opts);
  const raw = await measure(() => readFile(join(rawDir, `plain-${size}`)), opts);
  rows.push({ case: `get ${label} vs readFile`, ours: get, baseline: raw, unit: 'ms' });
}
printTable('Local backend vs node:fs (ms per operation; ratio = ours / baseline)', rows);
rmSync(dir, { recursive: true, force: true });
