// Azure backend against the raw @azure/storage-blob calls on the same Azurite, in one run:
// put and get of 1 KiB and 8 MiB (ratio = ours / raw), then a 256 MiB upload from a stream
// through our block upload and through the SDK's own uploadStream, each in a fresh process:
// time and peak RSS.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createAzureBlobStore } from '@agentmap/storage-azure';
import { patternStream } from '@agentmap/storage-testkit';
import { startAzurite } from '@agentmap/test-servers';
import { BlobServiceClient } from '@azure/storage-blob';
import { alternate, peakRss, printTable, type Row } from './lib/measure';

const MiB = 1024 * 1024;

interface LargeRun {
  seconds: number;
  beforeMiB: number;
  peakMiB: number;
}

/** Child mode: one 256 MiB upload from a stream, printed as JSON. */
async function largeUpload(side: string, connectionString: string): Promise<LargeRun> {
  const size = 256 * MiB;
  const store = createAzureBlobStore({ container: 'bench-large', connectionString });
  const raw = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('bench-large');
  await store.head('warm-up');
  globalThis.gc?.();
  const beforeMiB = process.memoryUsage.rss() / MiB;
  const started = performance.now();
  const { peakMiB } = await peakRss<unknown>(() =>
    side === 'ours' ? store.put(`large-${side}`, patternStream(size)) : raw.getBlockBlobClient(`large-${side}`).uploadStream(patternStream(size), 8 * MiB, 3),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = await store.head(`large-${side}`);
  if (stored?.size !== size) throw new Error(`the 256 MiB upload stored ${stored?.size} bytes`);
  await store.close();
  return { seconds, beforeMiB, peakMiB };
}

if (process.env.AZURE_BENCH_LARGE) {
  console.log(JSON.stringify(await largeUpload(process.env.AZURE_BENCH_LARGE, process.env.AZURE_BENCH_CONNECTION_STRING!)));
  process.exit(0);
}

const azurite = await startAzurite();
try {
  const store = createAzureBlobStore({ container: 'bench-ours', connectionString: azurite.connectionString });
  const raw = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('bench-raw');
  await raw.createIfNotExists();

  /** What a user of the raw SDK writes to read a blob into memory. */
  const rawGet = async (name: string) => {
    const answer = await raw.getBlobClient(name).download();
    const chunks: Buffer[] = [];
    for await (const chunk of answer.readableStreamBody as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  const rows: Row[] = [];
  for (const [label, size, iterations] of [
    ['1 KiB', 1024, 200],
    ['8 MiB', 8 * MiB, 8],
  ] as const) {
    const data = randomBytes(size);
    const opts = { iterations, rounds: 7, warmup: Math.min(20, iterations) };
    const key = `obj-${size}`;
    const [putOurs, putRaw] = await alternate(() => store.put(key, data), () => raw.getBlockBlobClient(key).upload(data, data.byteLength), opts);
    rows.push({ case: `put ${label}`, ours: putOurs, baseline: putRaw, unit: 'ms' });
    const [getOurs, getRaw] = await alternate(() => store.get(key), () => rawGet(key), opts);
    rows.push({ case: `get ${label}`, ours: getOurs, baseline: getRaw, unit: 'ms' });
  }
  printTable('Azure backend vs raw @azure/storage-blob on Azurite (ms per operation; ratio = ours / raw)', rows);

  // Each 256 MiB upload runs in a fresh process, so one run's heap does not blur the other's peak RSS.
  const large = (side: 'ours' | 'raw') => {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, AZURE_BENCH_LARGE: side, AZURE_BENCH_CONNECTION_STRING: azurite.connectionString },
      encoding: 'utf8',
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`256 MiB ${side} run failed:\n${child.stdout}\n${child.stderr}`);
    return JSON.parse(line) as LargeRun;
  };
  const ours = large('ours');
  const sdk = large('raw');
  printTable('256 MiB streamed upload, each in a fresh process (ours: put of a stream; raw: BlockBlobClient.uploadStream, 8 MiB blocks × 3)', [
    { case: 'time', ours: ours.seconds, baseline: sdk.seconds, unit: 's' },
    { case: 'peak RSS', ours: ours.peakMiB, baseline: sdk.peakMiB, unit: 'MiB' },
    { case: 'RSS growth', ours: ours.peakMiB - ours.beforeMiB, baseline: sdk.peakMiB - sdk.beforeMiB, unit: 'MiB', note: `RSS before: ours ${ours.beforeMiB.toFixed(0)} MiB, raw ${sdk.beforeMiB.toFixed(0)} MiB` },
    { case: 'throughput', ours: 256 / ours.seconds, baseline: 256 / sdk.seconds, unit: 'MiB/s', higherIsBetter: true },
  ]);
  await store.close();
} finally {
  await azurite.stop();
}
