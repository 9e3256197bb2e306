// Migration local -> S3 (s3rver) through @agentmap/storage-ops' migrate against a raw
// @aws-sdk/client-s3 copy loop in the same run: many small objects (readFile + PutObject per
// file, the same number in flight), and one large object (lib-storage Upload, same part size
// and queue). Ratio = ours / raw time.
//
// The order of the two sides moves the figure more than anything else on a busy machine, so
// each case runs in several rounds, each side into a fresh bucket, the side that goes first
// alternating; the table gives every round, the median ratio of each order and of all rounds.
//
// MIGRATE_BENCH_OBJECTS (default 10,000), MIGRATE_BENCH_ROUNDS (default 4, small objects),
// MIGRATE_BENCH_LARGE_MIB (default 256) and MIGRATE_BENCH_LARGE_ROUNDS (default 2) scale it;
// MIGRATE_BENCH_GIB=1 runs the large case with 1 GiB (slow: see packages/ops/README.md).
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { finished } from 'node:stream/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createLocalStore } from '@agentmap/storage-core';
import { migrate } from '@agentmap/storage-ops';
import { createS3Store } from '@agentmap/storage-s3';
import { startS3rver } from '@agentmap/test-servers';
import { type Row, peakRss, printTable } from './lib/measure';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MiB = 1024 * 1024;
const OBJECTS = Number(process.env.MIGRATE_BENCH_OBJECTS ?? 10_000);
const LARGE = (process.env.MIGRATE_BENCH_GIB === '1' ? 1024 : Number(process.env.MIGRATE_BENCH_LARGE_MIB ?? 256)) * MiB;
const ROUNDS = Number(process.env.MIGRATE_BENCH_ROUNDS ?? 4);
const LARGE_ROUNDS = Number(process.env.MIGRATE_BENCH_LARGE_ROUNDS ?? 2);
const CONCURRENCY = 16;
const PART = 8 * MiB;
const QUEUE = 4;

async function mapPool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Wall time, this process's CPU time (client side only: s3rver runs in its own process) and peak RSS. */
async function timed(run: () => Promise<unknown>): Promise<Timing> {
  globalThis.gc?.();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { peakMiB } = await peakRss(run);
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, peakMiB };
}
interface Timing {
  seconds: number;
  cpuSeconds: number;
  peakMiB: number;
}

const dir = await mkdtemp(join(tmpdir(), 'agentmap-migrate-bench-'));
// Straight to s3rver, no proxy: both sides talk to the same server the same way.
const server = await startS3rver({ conditional: false });
try {
  const small = join(dir, 'small');
  for (let i = 0; i < OBJECTS; i++) {
    const sub = join(small, `d${i % 100}`);
    if (i < 100) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `o${i}.bin`), randomBytes(1024));
  }
  const large = join(dir, 'large');
  await mkdir(large);
  const out = createWriteStream(join(large, 'big.bin'));
  for (let written = 0; written < LARGE; written += MiB) if (!out.write(randomBytes(MiB))) await new Promise<void>((r) => out.once('drain', () => r()));
  out.end();
  await finished(out);

  const raw = new S3Client({
    region: server.region,
    endpoint: server.url,
    forcePathStyle: true,
    credentials: { ...server.credentials },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }), requestTimeout: 60_000, throwOnRequestTimeout: true }),
  });
  const s3 = (bucket: string) => createS3Store({ bucket, endpoint: server.url, region: server.region, credentials: { ...server.credentials }, createBucket: true, partSize: PART, queueSize: QUEUE, maxSockets: 50 });
  const source = createLocalStore({ baseDir: dir });
  const files = (await readdir(small, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

  // Warm both paths (JIT, sockets, s3rver) on the first 500 files before timing.
  const warm = s3('warm-ours');
  await migrate({ store: source, prefix: 'small/d0' }, { store: warm, prefix: 'w' }, { concurrency: CONCURRENCY });
  await s3('warm-raw').head('warm-up');
  await mapPool(files.slice(0, 500), CONCURRENCY, async (file) => raw.send(new PutObjectCommand({ Bucket: 'warm-raw', Key: relative(small, file), Body: await readFile(file) })));
  await warm.close?.();

  const rows: Row[] = [];
  const summaries: string[] = [];
  /** Runs both sides `rounds` times, each into fresh buckets, alternating which goes first. */
  const compare = async (label: string, rounds: number, ours: (bucket: string) => Promise<Timing>, raw: (bucket: string) => Promise<Timing>, note: (a: Timing, b: Timing) => string) => {
    const byOrder = { ours: [] as number[], raw: [] as number[] };
    const cpu: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const tag = `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${round}`;
      const oursBucket = `ours-${tag}`;
      const rawBucket = `raw-${tag}`;
      // Buckets exist before the clock starts on either side.
      await s3(oursBucket).head('warm-up');
      await s3(rawBucket).head('warm-up');
      const oursFirst = round % 2 === 1;
      let a: Timing;
      let b: Timing;
      if (oursFirst) {
        a = await ours(oursBucket);
        b = await raw(rawBucket);
      } else {
        b = await raw(rawBucket);
        a = await ours(oursBucket);
      }
      (oursFirst ? byOrder.ours : byOrder.raw).push(a.seconds / b.seconds);
      cpu.push(a.cpuSeconds / b.cpuSeconds);
      rows.push({ case: `${label}, round ${round} (${oursFirst ? 'ours' : 'raw'} first)`, ours: a.seconds, baseline: b.seconds, unit: 's', note: `${note(a, b)}; client CPU ${a.cpuSeconds.toFixed(1)} vs ${b.cpuSeconds.toFixed(1)} s` });
    }
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    };
    summaries.push(
      `${label}: median ratio ${median([...byOrder.ours, ...byOrder.raw]).toFixed(2)}x over ${rounds} rounds ` +
        `(ours first ${median(byOrder.ours).toFixed(2)}x, raw first ${median(byOrder.raw).toFixed(2)}x); client CPU time median ratio ${median(cpu).toFixed(2)}x`,
    );
  };

  const smallStarted = performance.now();
  await compare(
    `${OBJECTS} x 1 KiB`,
    ROUNDS,
    (bucket) =>
      timed(async () => {
        const store = s3(bucket);
        const summary = await migrate({ store: source, prefix: 'small' }, { store, prefix: 'small' }, { concurrency: CONCURRENCY });
        await store.close?.();
        if (!summary.success || summary.copied !== OBJECTS) throw new Error(`migrate copied ${summary.copied} of ${OBJECTS}`);
      }),
    (bucket) => timed(() => mapPool(files, CONCURRENCY, async (file) => raw.send(new PutObjectCommand({ Bucket: bucket, Key: `small/${relative(small, file)}`, Body: await readFile(file), ContentType: 'application/octet-stream' })))),
    (a, b) => `${(OBJECTS / a.seconds).toFixed(0)} vs ${(OBJECTS / b.seconds).toFixed(0)} objects/s`,
  );
  const smallSeconds = (performance.now() - smallStarted) / 1000;

  const largeStarted = performance.now();
  await compare(
    `1 x ${LARGE / MiB} MiB`,
    LARGE_ROUNDS,
    (bucket) =>
      timed(async () => {
        const store = s3(bucket);
        const summary = await migrate({ store: source, prefix: 'large' }, { store, prefix: 'large' });
        const stored = await store.head('large/big.bin');
        await store.close?.();
        if (!summary.success || stored?.size !== LARGE) throw new Error(`the large copy stored ${stored?.size} bytes`);
      }),
    (bucket) => timed(() => new Upload({ client: raw, params: { Bucket: bucket, Key: 'large/big.bin', Body: createReadStream(join(large, 'big.bin')), ContentType: 'application/octet-stream' }, partSize: PART, queueSize: QUEUE }).done()),
    (a, b) => `peak RSS ${a.peakMiB.toFixed(0)} vs ${b.peakMiB.toFixed(0)} MiB`,
  );
  const largeSeconds = (performance.now() - largeStarted) / 1000;

  printTable(`migrate local -> s3rver vs raw @aws-sdk/client-s3 copy loop (${CONCURRENCY} objects in flight; large: ${PART / MiB} MiB parts x ${QUEUE}; ratio = ours / raw)`, rows);
  console.log(summaries.join('\n'));
  console.log(`wall time: small objects ${smallSeconds.toFixed(0)} s, large object ${largeSeconds.toFixed(0)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  raw.destroy();
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
