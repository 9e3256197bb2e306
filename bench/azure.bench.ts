// Azure backend against the raw @azure/storage-blob calls on the same Azurite, in one run:
// put and get of 1 KiB and 8 MiB (ratio = ours / raw), then a 256 MiB upload from a stream
// through our block upload and through the SDK's own uploadStream: time and peak RSS.
import { randomBytes } from 'node:crypto';
import { createAzureBlobStore } from '@agentmap/storage-azure';
import { patternStream } from '@agentmap/storage-testkit';
import { startAzurite } from '@agentmap/test-servers';
import { BlobServiceClient } from '@azure/storage-blob';
import { measure, peakRss, printTable, type Row } from './lib/measure';

const MiB = 1024 * 1024;
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

  /** Medians of ours and raw, measured in alternating rounds so warm-up and drift of the emulator hit both alike. */
  const alternate = async (ours: () => Promise<unknown>, baseline: () => Promise<unknown>, opts: { iterations: number; rounds: number; warmup: number }) => {
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const first = round % 2 === 0;
      const one = { iterations: opts.iterations, rounds: 1, warmup: round === 0 ? opts.warmup : 1 };
      (first ? a : b).push(await measure(first ? ours : baseline, one));
      (first ? b : a).push(await measure(first ? baseline : ours, one));
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    return [median(a), median(b)] as const;
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

  const size = 256 * MiB;
  const settle = async () => {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    globalThis.gc?.();
    return process.memoryUsage.rss() / MiB;
  };
  const timed = async (upload: () => Promise<unknown>) => {
    const before = await settle();
    const started = performance.now();
    const { peakMiB } = await peakRss(upload);
    return { seconds: (performance.now() - started) / 1000, before, peakMiB };
  };
  // Same block size and parallelism on both sides: 8 MiB blocks, 3 at a time.
  const ours = await timed(() => store.put('large-256', patternStream(size)));
  const sdk = await timed(() => raw.getBlockBlobClient('large-256').uploadStream(patternStream(size), 8 * MiB, 3));
  const check = await store.head('large-256');
  if (check?.size !== size) throw new Error(`256 MiB upload stored ${check?.size} bytes`);
  printTable('256 MiB streamed upload (ours: put of a stream; raw: BlockBlobClient.uploadStream, 8 MiB blocks × 3)', [
    { case: 'time', ours: ours.seconds, baseline: sdk.seconds, unit: 's' },
    { case: 'peak RSS', ours: ours.peakMiB, baseline: sdk.peakMiB, unit: 'MiB', note: `RSS before: ours ${ours.before.toFixed(0)} MiB, raw ${sdk.before.toFixed(0)} MiB` },
    { case: 'RSS growth', ours: ours.peakMiB - ours.before, baseline: sdk.peakMiB - sdk.before, unit: 'MiB' },
    { case: 'throughput', ours: size / MiB / ours.seconds, baseline: size / MiB / sdk.seconds, unit: 'MiB/s', higherIsBetter: true },
  ]);
  await store.close();
} finally {
  await azurite.stop();
}
