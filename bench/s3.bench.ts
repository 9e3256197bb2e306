// S3 backend against the raw AWS SDK calls on the same s3rver, in one run: put and get of
// 1 KiB and 8 MiB (ratio = ours / raw), then a 256 MiB upload from a stream through our put
// and through lib-storage's Upload with the same part size and parallelism: time and peak RSS.
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createS3Store } from '@agentmap/storage-s3';
import { patternStream } from '@agentmap/storage-testkit';
import { startS3rver } from '@agentmap/test-servers';
import { type Row, alternate, peakRss, printTable } from './lib/measure';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MiB = 1024 * 1024;
const PART = 8 * MiB;
const QUEUE = 4;

// Straight to s3rver, no proxy: both sides talk to the same server the same way.
/** Time, RSS before and peak RSS of one upload; the heap is collected first so growth is the upload's own. */
async function footprint(run: () => Promise<unknown>): Promise<{ seconds: number; before: number; peakMiB: number }> {
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await delay(100);
  }
  const before = process.memoryUsage.rss() / MiB;
  const started = performance.now();
  const { peakMiB } = await peakRss(run);
  return { seconds: (performance.now() - started) / 1000, before, peakMiB };
}

const server = await startS3rver({ conditional: false });
try {
  const bucket = 'bench-s3';
  const store = createS3Store({ bucket, endpoint: server.url, region: server.region, credentials: { ...server.credentials }, createBucket: true, partSize: PART, queueSize: QUEUE });
  await store.put('warm-up', 'x');
  // The raw client is configured as a careful user would for s3rver: keep-alive, path style, checksums only when required.
  const raw = new S3Client({
    region: server.region,
    endpoint: server.url,
    forcePathStyle: true,
    credentials: { ...server.credentials },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }), requestTimeout: 30_000, throwOnRequestTimeout: true }),
  });
  const rawPut = (key: string, body: Uint8Array) => raw.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/octet-stream' }));
  const rawGet = async (key: string) => (await raw.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();

  const rows: Row[] = [];
  for (const [label, size, calls] of [
    ['1 KiB', 1024, 400],
    ['8 MiB', 8 * MiB, 40],
  ] as const) {
    const data = randomBytes(size);
    const [putOurs, putRaw] = await alternate(() => store.put(`ours-${size}`, data), () => rawPut(`raw-${size}`, data), { iterations: Math.max(1, calls / 20) });
    rows.push({ case: `put ${label}`, ours: putOurs, baseline: putRaw, unit: 'ms' });
    const [getOurs, getRaw] = await alternate(() => store.get(`ours-${size}`), () => rawGet(`raw-${size}`), { iterations: Math.max(1, calls / 20) });
    rows.push({ case: `get ${label}`, ours: getOurs, baseline: getRaw, unit: 'ms' });
  }
  printTable('S3 backend vs raw @aws-sdk/client-s3 on s3rver (median ms per call; ratio = ours / raw)', rows);

  const size = 256 * MiB;
  // Ours first, so it cannot profit from memory the raw run already grew.
  const ours = await footprint(() => store.put('large-ours', patternStream(size)));
  const sdk = await footprint(() =>
    new Upload({ client: raw, params: { Bucket: bucket, Key: 'large-raw', Body: patternStream(size), ContentType: 'application/octet-stream' }, partSize: PART, queueSize: QUEUE }).done(),
  );
  const stored = await store.head('large-ours');
  if (stored?.size !== size) throw new Error(`the 256 MiB upload stored ${stored?.size} bytes`);
  printTable(`256 MiB streamed upload (ours: put of a stream; raw: lib-storage Upload; ${PART / MiB} MiB parts × ${QUEUE})`, [
    { case: 'time', ours: ours.seconds, baseline: sdk.seconds, unit: 's' },
    { case: 'peak RSS', ours: ours.peakMiB, baseline: sdk.peakMiB, unit: 'MiB', note: `RSS before: ours ${ours.before.toFixed(0)} MiB, raw ${sdk.before.toFixed(0)} MiB` },
    { case: 'RSS growth', ours: ours.peakMiB - ours.before, baseline: sdk.peakMiB - sdk.before, unit: 'MiB' },
    { case: 'throughput', ours: size / MiB / ours.seconds, baseline: size / MiB / sdk.seconds, unit: 'MiB/s', higherIsBetter: true },
  ]);
  await store.close?.();
  raw.destroy();
} finally {
  await server.stop();
}
