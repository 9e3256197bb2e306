// JSON service on the local store against raw node:fs + JSON.parse on the same files.
// A 10,000-document collection (~6 MB in one file), and the same documents one file each.
// (a) repeated read(id); (b) one update, single-file vs per-document layout;
// (c) concurrent updates of distinct documents from 8 worker processes: throughput, and how
//     many updates survive (ours: all; an unguarded raw read-modify-write loses most).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalStore } from '@agentmap/storage-core';
import { type JsonLayout, createJsonStorage } from '@agentmap/storage-json';
import { measure, printTable } from './lib/measure';

const DOCUMENTS = 10_000;
const WORKERS = 8;
/** Every single-file update rewrites ~6 MB, so that layout gets fewer updates to keep the run short. */
const UPDATES = { 'per-document': 1_000, 'single-file': 200 } as const;
const self = fileURLToPath(import.meta.url);

type Mode = JsonLayout | 'raw-file' | 'raw-documents';
type Documents = Record<string, Record<string, unknown>>;

function person(i: number): Record<string, unknown> {
  return {
    name: `Person ${i}`,
    email: `person${i}@example.com`,
    age: 18 + (i % 60),
    city: ['Oslo', 'Rome', 'Lima', 'Pune'][i % 4],
    tags: ['alpha', 'beta', 'gamma', 'delta'].slice(0, 1 + (i % 4)),
    address: { street: `${i} Long Street`, zip: String(10_000 + i), country: 'NO' },
    bio: `Person number ${i} `.repeat(18),
    active: i % 3 === 0,
  };
}
const idOf = (i: number) => `p${i}`;

/** The same collection as any tool (or Python) would write it, in one layout. */
function seed(baseDir: string, layout: JsonLayout): number {
  if (layout === 'per-document') {
    mkdirSync(join(baseDir, 'people'), { recursive: true });
    for (let i = 0; i < DOCUMENTS; i++) writeFileSync(join(baseDir, 'people', `${idOf(i)}.json`), JSON.stringify(person(i), null, 2));
    return 0;
  }
  const all: Documents = {};
  for (let i = 0; i < DOCUMENTS; i++) all[idOf(i)] = person(i);
  writeFileSync(join(baseDir, 'people.json'), JSON.stringify(all, null, 2));
  return statSync(join(baseDir, 'people.json')).size;
}

/** Worker process: updates its own `count` documents, through the service or raw node:fs. */
async function worker(baseDir: string, mode: Mode, index: number, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => idOf(index * count + i));
  if (mode === 'raw-file') {
    // Unguarded read-modify-write; written atomically (temp + rename) so readers never see a torn file.
    const file = join(baseDir, 'people.json');
    for (const id of ids) {
      const data = JSON.parse(await readFile(file, 'utf8')) as Documents;
      data[id] = { ...data[id], updatedBy: index };
      await writeFile(`${file}.${process.pid}`, JSON.stringify(data, null, 2));
      renameSync(`${file}.${process.pid}`, file);
    }
    return;
  }
  if (mode === 'raw-documents') {
    for (const id of ids) {
      const file = join(baseDir, 'people', `${id}.json`);
      const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      await writeFile(file, JSON.stringify({ ...data, updatedBy: index }, null, 2));
    }
    return;
  }
  const json = createJsonStorage({ store: createLocalStore({ baseDir }) }, { layout: mode, maxAttempts: 10_000 });
  for (const id of ids) {
    const result = await json.write('people', { updatedBy: index }, id, { mode: 'update' });
    if (!result.success) throw new Error(result.message);
  }
}

/** Runs the worker in 8 processes at once; returns updates per second. */
async function concurrentUpdates(baseDir: string, mode: Mode, updates: number): Promise<number> {
  const perWorker = updates / WORKERS;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WORKERS }, (_, index) =>
      new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [...process.execArgv, self, 'worker', baseDir, mode, String(index), String(perWorker)], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`worker ${index} exited with ${code}`))));
      }),
    ),
  );
  return updates / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** One concurrent run in a fresh directory: throughput, and how many documents carry their update. */
async function concurrentRun(layout: JsonLayout, mode: Mode): Promise<{ perSecond: number; kept: number; updates: number }> {
  const baseDir = mkdtempSync(join(tmpdir(), 'json-bench-run-'));
  try {
    seed(baseDir, layout);
    const updates = UPDATES[layout];
    const perSecond = await concurrentUpdates(baseDir, mode, updates);
    const json = createJsonStorage({ store: createLocalStore({ baseDir }) }, { layout });
    return { perSecond, kept: await json.count('people', { updatedBy: { $gte: 0 } }), updates };
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'json-bench-'));
  try {
    const size = seed(dir, 'single-file');
    seed(dir, 'per-document');
    const megabytes = `${(size / 1e6).toFixed(1)} MB`;
    console.log(`generated ${DOCUMENTS} documents: people.json (${megabytes}) and people/<id>.json`);
    const store = createLocalStore({ baseDir: dir });
    const single = createJsonStorage({ store });
    const perDocument = createJsonStorage({ store }, { layout: 'per-document' });
    const file = join(dir, 'people.json');
    let n = 0;
    const nextId = () => idOf((n++ * 7_919) % DOCUMENTS);

    // (a) read(id): revalidated with one head per read, against readFile + JSON.parse per read.
    await single.read('people', nextId());
    const readOurs = await measure(() => single.read('people', nextId()), { iterations: 300, rounds: 5 });
    const readRaw = await measure(async () => (JSON.parse(await readFile(file, 'utf8')) as Documents)[nextId()], { iterations: 5, warmup: 2, rounds: 3 });
    const readPerDocument = await measure(() => perDocument.read('people', nextId()), { iterations: 300, rounds: 5 });
    const readRawDocument = await measure(async () => JSON.parse(await readFile(join(dir, 'people', `${nextId()}.json`), 'utf8')), { iterations: 300, rounds: 5 });

    // (b) One update (deep merge) as a conditional write, against an unguarded raw read-modify-write.
    let v = 0;
    const updateSingle = await measure(() => single.write('people', { visits: v++ }, nextId(), { mode: 'update' }), { iterations: 5, warmup: 2, rounds: 3 });
    const updateRaw = await measure(
      async () => {
        const data = JSON.parse(await readFile(file, 'utf8')) as Documents;
        const id = nextId();
        data[id] = { ...data[id], visits: v++ };
        await writeFile(file, JSON.stringify(data, null, 2));
      },
      { iterations: 5, warmup: 2, rounds: 3 },
    );
    const updatePerDocument = await measure(() => perDocument.write('people', { visits: v++ }, nextId(), { mode: 'update' }), { iterations: 50, rounds: 5 });
    const updateRawDocument = await measure(
      async () => {
        const path = join(dir, 'people', `${nextId()}.json`);
        const document = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
        await writeFile(path, JSON.stringify({ ...document, visits: v++ }, null, 2));
      },
      { iterations: 50, rounds: 5 },
    );

    printTable(`JSON service, ${DOCUMENTS} documents (ms per call; ratio = ours / raw, lower is better)`, [
      { case: 'read(id), single-file', ours: readOurs, baseline: readRaw, unit: 'ms', note: `raw: readFile + JSON.parse of ${megabytes}; ours ${(readRaw / readOurs).toFixed(0)}x faster` },
      { case: 'read(id), per-document', ours: readPerDocument, baseline: readRawDocument, unit: 'ms', note: 'raw: readFile + JSON.parse of one document' },
      { case: 'update(id), single-file', ours: updateSingle, baseline: updateRaw, unit: 'ms', note: `raw: unguarded read-modify-write of ${megabytes}` },
      { case: 'update(id), per-document', ours: updatePerDocument, baseline: updateRawDocument, unit: 'ms', note: 'raw: unguarded read-modify-write of one document' },
      { case: 'update(id), per-document vs single-file', ours: updatePerDocument, baseline: updateSingle, unit: 'ms', note: 'both ours' },
    ]);

    // (c) Concurrent updates of distinct documents from 8 processes.
    const rows = [];
    for (const layout of ['per-document', 'single-file'] as const) {
      const ours = await concurrentRun(layout, layout);
      const raw = await concurrentRun(layout, layout === 'single-file' ? 'raw-file' : 'raw-documents');
      rows.push({
        case: `${layout}: ${ours.kept}/${ours.updates} kept`,
        ours: ours.perSecond,
        baseline: raw.perSecond,
        unit: '/s',
        higherIsBetter: true,
        note: `raw unguarded read-modify-write kept ${raw.kept}/${raw.updates}`,
      });
    }
    printTable(`Concurrent updates of distinct documents from ${WORKERS} processes (updates/s; ratio = raw / ours)`, rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') {
  const [, , , baseDir, mode, index, count] = process.argv;
  await worker(baseDir!, mode as Mode, Number(index), Number(count));
} else {
  await main();
}
