// Migration local -> S3 (s3rver) through @agentmap/storage-ops' migrate against a raw
// @aws-sdk/client-s3 copy loop in the same run: many small objects (PutObject per file, the
// same number in flight), and one large object (lib-storage Upload, same part size and queue).
// Ratio = ours / raw time. MIGRATE_BENCH_OBJECTS and MIGRATE_BENCH_LARGE_MIB scale the cases.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
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
const LARGE = Number(process.env.MIGRATE_BENCH_LARGE_MIB ?? 256) * MiB;
const CONCURRENCY = 16;
const PART = 8 * MiB;
const QUEUE = 4;

async function mapPool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function timed(run: () => Promise<unknown>): Promise<{ seconds: number; peakMiB: number }> {
  globalThis.gc?.();
  const started = performance.now();
  const { peakMiB } = await peakRss(run);
  return { seconds: (performance.now() - started) / 1000, peakMiB };
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
  for (const round of [1, 2]) {
    // Alternate who goes first, so server warm-up and load weigh on both.
    const oursStore = s3(`ours-small-${round}`);
    await oursStore.head('warm-up');
    const rawBucket = `raw-small-${round}`;
    await s3(rawBucket).head('warm-up');
    const runOurs = () => timed(() => migrate({ store: source, prefix: 'small' }, { store: oursStore, prefix: 'small' }, { concurrency: CONCURRENCY }).then((s) => {
      if (!s.success || s.copied !== OBJECTS) throw new Error(`migrate copied ${s.copied} of ${OBJECTS}`);
    }));
    const runRaw = () => timed(() => mapPool(files, CONCURRENCY, async (file) => raw.send(new PutObjectCommand({ Bucket: rawBucket, Key: `small/${relative(small, file)}`, Body: await readFile(file), ContentType: 'application/octet-stream' }))));
    let a: { seconds: number };
    let b: { seconds: number };
    if (round === 1) {
      a = await runOurs();
      b = await runRaw();
    } else {
      b = await runRaw();
      a = await runOurs();
    }
    rows.push({ case: `${OBJECTS} x 1 KiB, round ${round}`, ours: a.seconds, baseline: b.seconds, unit: 's', note: `${(OBJECTS / a.seconds).toFixed(0)} vs ${(OBJECTS / b.seconds).toFixed(0)} objects/s` });
    await oursStore.close?.();
  }

  const oursLarge = s3('ours-large');
  await oursLarge.head('warm-up');
  await s3('raw-large').head('warm-up');
  const ours = await timed(() => migrate({ store: source, prefix: 'large' }, { store: oursLarge, prefix: 'large' }));
  const sdk = await timed(() => new Upload({ client: raw, params: { Bucket: 'raw-large', Key: 'large/big.bin', Body: createReadStream(join(large, 'big.bin')), ContentType: 'application/octet-stream' }, partSize: PART, queueSize: QUEUE }).done());
  const stored = await oursLarge.head('large/big.bin');
  if (stored?.size !== LARGE) throw new Error(`the large copy stored ${stored?.size} bytes`);
  rows.push({ case: `1 x ${LARGE / MiB} MiB`, ours: ours.seconds, baseline: sdk.seconds, unit: 's', note: `peak RSS ${ours.peakMiB.toFixed(0)} vs ${sdk.peakMiB.toFixed(0)} MiB` });
  printTable(`migrate local -> s3rver vs raw @aws-sdk/client-s3 copy loop (${CONCURRENCY} objects in flight; large: ${PART / MiB} MiB parts x ${QUEUE}; ratio = ours / raw)`, rows);
  await oursLarge.close?.();
  raw.destroy();
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
