// File service benchmark, ratios against raw baselines measured in the same run:
// (a) 64 MiB and 256 MiB streamed write + read through createFileStorage over the local store,
//     against raw node:fs streams (plain, and with the fsync + rename the store does for
//     atomicity), each run in its own child process so its peak RSS is its own (the runtime,
//     about the same for every child, is included);
// (b) chunking 10 MB of text through read({ shouldSplit }) against calling LangChain's
//     RecursiveCharacterTextSplitter directly.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createLocalStore, createMemoryStore } from '@agentmap/storage-core';
import { createFileStorage } from '@agentmap/storage-file';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { printTable, type Row } from './lib/measure';

const MiB = 1024 * 1024;
type Impl = 'ours' | 'raw' | 'raw-atomic';
interface CaseFigures {
  writeMs: number;
  readMs: number;
  /** Peak RSS of the whole child process (runtime included), MiB. */
  peakMiB: number;
  /** RSS of the child before it did any work, MiB. */
  idleMiB: number;
}

/** `size` bytes as 1 MiB chunks of one random buffer: generating data costs nothing. */
function source(size: number): Readable {
  const chunk = randomBytes(MiB);
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < size; sent += MiB) yield sent + MiB <= size ? chunk : chunk.subarray(0, size - sent);
    })(),
  );
}

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).byteLength;
  return n;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Child process: one implementation, one size: a warm-up write, then one timed write and read. */
async function runCase(impl: Impl, size: number, dir: string): Promise<CaseFigures> {
  const idleMiB = process.memoryUsage.rss() / MiB;
  const files = createFileStorage({ store: createLocalStore({ baseDir: join(dir, 'store') }) });
  const path = join(dir, 'raw.bin');
  const write = async () => {
    if (impl === 'ours') return files.write('bench', source(size), 'blob.bin');
    if (impl === 'raw') return pipeline(source(size), createWriteStream(path));
    const temp = `${path}.tmp`;
    await pipeline(source(size), createWriteStream(temp));
    const handle = await open(temp, 'r+');
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  };
  const read = async () => drain(impl === 'ours' ? (await files.readStream('bench', 'blob.bin'))!.stream : createReadStream(path));
  await write();
  const writeMs = await timed(write);
  const readMs = await timed(read);
  return { writeMs, readMs, peakMiB: (process.resourceUsage().maxRSS * 1024) / MiB, idleMiB };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function inChild(impl: Impl, size: number): CaseFigures {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), `agentmap-bench-file-${impl}-`));
  try {
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'child', impl, String(size), dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.trim().split('\n').pop()!) as CaseFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function streamingRows(rounds: number): Promise<{ rows: Row[]; idleMiB: number }> {
  const rows: Row[] = [];
  let idleMiB = Number.POSITIVE_INFINITY;
  for (const [label, size] of [['64 MiB', 64 * MiB], ['256 MiB', 256 * MiB]] as const) {
    // Rounds alternate between implementations, so disk and machine noise hit all alike.
    const runs: Record<Impl, CaseFigures[]> = { ours: [], raw: [], 'raw-atomic': [] };
    for (let r = 0; r < rounds; r++) for (const impl of ['ours', 'raw', 'raw-atomic'] as const) runs[impl].push(inChild(impl, size));
    idleMiB = Math.min(idleMiB, ...Object.values(runs).flatMap((list) => list.map((x) => x.idleMiB)));
    const pick = (impl: Impl, field: 'writeMs' | 'readMs' | 'peakMiB') => {
      const values = runs[impl].map((x) => x[field]);
      return field === 'peakMiB' ? Math.max(...values) : median(values);
    };
    const rss = (a: Impl, b: Impl) => `peak RSS ${Math.round(pick(a, 'peakMiB'))} vs ${Math.round(pick(b, 'peakMiB'))} MiB`;
    rows.push({ case: `write ${label} vs raw fs stream`, ours: pick('ours', 'writeMs'), baseline: pick('raw', 'writeMs'), unit: 'ms', note: rss('ours', 'raw') });
    rows.push({ case: `write ${label} vs fs stream+fsync+rename`, ours: pick('ours', 'writeMs'), baseline: pick('raw-atomic', 'writeMs'), unit: 'ms', note: rss('ours', 'raw-atomic') });
    rows.push({ case: `read ${label} vs raw fs stream`, ours: pick('ours', 'readMs'), baseline: pick('raw', 'readMs'), unit: 'ms' });
  }
  return { rows, idleMiB };
}

/** About 10 MB of prose-like text: sentences, paragraphs and headings. */
function sampleText(bytes: number): string {
  const words = ['storage', 'agent', 'document', 'chunk', 'overlap', 'vector', 'index', 'query', 'stream', 'backend', 'token', 'memory', 'file', 'router'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const sentence = Array.from({ length: 8 + (i % 9) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ');
    const piece = i % 40 === 0 ? `\n\n## Section ${i / 40}\n\n${sentence}.` : i % 6 === 0 ? `\n\n${sentence}.` : ` ${sentence}.`;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('');
}

async function chunkingRows(): Promise<Row[]> {
  const text = sampleText(10 * 1000 * 1000);
  const chunkSize = 1000;
  const chunkOverlap = 200;
  const files = createFileStorage({ store: createMemoryStore() }, { chunkSize, chunkOverlap });
  await files.write('docs', text, 'big.txt');
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap });
  const read = () => files.read('docs', 'big.txt', { shouldSplit: true });
  const createDocuments = () => splitter.createDocuments([text], [{ source: 'docs/big.txt' }]);
  const splitText = () => splitter.splitText(text);
  const times = { ours: [] as number[], documents: [] as number[], plain: [] as number[] };
  await read();
  await createDocuments();
  for (let r = 0; r < 7; r++) {
    times.ours.push(await timed(read));
    times.documents.push(await timed(createDocuments));
    times.plain.push(await timed(splitText));
  }
  const [ours, documents, plain] = [median(times.ours), median(times.documents), median(times.plain)];
  return [
    { case: 'chunk 10 MB vs splitter.createDocuments', ours, baseline: documents, unit: 'ms', note: 'ours: read + decode + split + offsets' },
    { case: 'chunk 10 MB vs splitter.splitText', ours, baseline: plain, unit: 'ms' },
  ];
}

if (process.argv[2] === 'child') {
  const [, , , impl, size, dir] = process.argv;
  console.log(JSON.stringify(await runCase(impl as Impl, Number(size), dir!)));
} else {
  const streaming = await streamingRows(3);
  printTable('File service streaming over the local store vs raw node:fs streams (ms; ratio = ours / baseline)', streaming.rows);
  console.log(`(each child process sits at about ${Math.round(streaming.idleMiB)} MiB RSS before it starts working)`);
  printTable('Chunking 10 MB of text, chunkSize 1000, overlap 200 (ms; ratio = ours / baseline)', await chunkingRows());
}
