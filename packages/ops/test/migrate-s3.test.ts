import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '@agentmap/storage-core';
import { createS3Store } from '@agentmap/storage-s3';
import { type RunningS3rver, startS3rver } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/index';
import { contents, countingWrites } from './support/stores';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// s3rver behind the proxy that enforces If-Match / If-None-Match as Amazon S3 does.
let server: RunningS3rver;
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(async () => {
  await server?.stop();
});

const bucketStore = (bucket: string) => createS3Store({ bucket, endpoint: server.url, region: server.region, credentials: { ...server.credentials }, createBucket: true });

describe('migrate to S3 (s3rver)', () => {
  it('two migrations racing into one bucket write each object once and both finish', async () => {
    const from = createMemoryStore();
    for (let i = 0; i < 40; i++) await from.put(`docs/${i}.bin`, randomBytes(512 + i));
    const bucket = `race-${Date.now()}`;
    const a = countingWrites(bucketStore(bucket));
    const b = countingWrites(bucketStore(bucket));
    const [first, second] = await Promise.all([
      migrate({ store: from, prefix: 'docs' }, { store: a.store, prefix: 'docs' }, { concurrency: 4 }),
      migrate({ store: from, prefix: 'docs' }, { store: b.store, prefix: 'docs' }, { concurrency: 4, checkpoint: { store: createMemoryStore() } }),
    ]);
    expect(first.success && second.success).toBe(true);
    expect(first.copied + second.copied).toBe(40);
    expect(first.unchanged + second.unchanged).toBe(40);
    for (let i = 0; i < 40; i++) {
      const key = `docs/${i}.bin`;
      expect((a.writes.get(key) ?? 0) + (b.writes.get(key) ?? 0), key).toBe(1);
    }
    const reader = bucketStore(bucket);
    expect(await contents(reader, 'docs/')).toEqual(await contents(from, 'docs/'));
    await Promise.all([a.store.close?.(), b.store.close?.(), reader.close?.()]);
  });

  it('verifies a streamed multi-megabyte copy', async () => {
    const from = createMemoryStore();
    await from.put('big.bin', randomBytes(6 * 1024 * 1024 + 17));
    const to = bucketStore(`big-${Date.now()}`);
    const summary = await migrate(from, to, { verify: true });
    expect(summary).toMatchObject({ success: true, copied: 1, bytes: 6 * 1024 * 1024 + 17 });
    await to.close?.();
  });
});
