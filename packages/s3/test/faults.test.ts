import { startFaultProxy } from '@agentmap/fault-proxy';
import { isStorageError, withRetry } from '@agentmap/storage-core';
import { describeFaultTolerance } from '@agentmap/storage-testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { s3Backend, s3ConfigSchema } from '../src/index';
import { type RunningS3rver, bucketName, emulatorStore, startEmulator } from './support/emulator';

const SLOW_DOWN = {
  contentType: 'application/xml',
  body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>FAULT</RequestId></Error>',
};

// One s3rver (behind the conditional proxy) for the file; each store gets its own bucket.
let starting: Promise<RunningS3rver> | undefined;
const server = () => (starting ??= startEmulator());
afterAll(async () => {
  await (await starting)?.stop();
});

// The shared suite: every write once and intact through refused and reset requests, racing
// conditional writers, answers lost after the server acted. The SDK retries each request.
describeFaultTolerance('s3 on s3rver', {
  startProxy: async (options) => startFaultProxy({ target: (await server()).url, unavailableBody: SLOW_DOWN, ...options }),
  store: async (endpoint) => emulatorStore(await server(), { bucket: bucketName('faults'), endpoint, retries: 12, timeoutMs: 5000 }),
});

describe('fault injection, S3 specifics', () => {
  it('lets withRetry replay whole calls over a store with retries: 0', async () => {
    const proxy = await startFaultProxy({ target: (await server()).url, failureRate: 0, faults: ['unavailable', 'reset-before'], unavailableBody: SLOW_DOWN, seed: 3 });
    const raw = emulatorStore(await server(), { bucket: bucketName('layered'), endpoint: proxy.url, retries: 0, timeoutMs: 5000 });
    try {
      await raw.put('warm-up', 'x');
      proxy.setFailureRate(0.3);
      const store = withRetry(raw, { retries: 10, minDelayMs: 5, maxDelayMs: 50 });
      for (let i = 0; i < 20; i++) await store.put(`doc-${i}`, `value ${i}`);
      proxy.setFailureRate(0);
      expect(proxy.stats.faults.unavailable + proxy.stats.faults['reset-before']).toBeGreaterThan(0);
      for (let i = 0; i < 20; i++) expect(Buffer.from((await raw.get(`doc-${i}`)).body).toString()).toBe(`value ${i}`);
    } finally {
      await raw.close?.();
      await proxy.stop();
    }
  });
});

describe('a stopped emulator', () => {
  it('fails fast with UNAVAILABLE after the configured retries, within the configured timeout', async () => {
    const own = await startEmulator({ conditional: false });
    // Configured as a router would: providers.aws with timeout (s) and retry_count, parsed by the schema.
    const section = s3ConfigSchema.parse({ endpoint: own.url, region: 'us-east-1', access_key: 'S3RVER', secret_key: 'S3RVER', create_bucket: true, timeout: 2, retry_count: 2 });
    const store = s3Backend.create(bucketName('stopped'), section);
    await store.put('alive.txt', 'yes');
    await own.stop();
    const started = Date.now();
    let caught: unknown;
    try {
      await store.get('alive.txt');
    } catch (error) {
      caught = error;
    }
    const elapsed = Date.now() - started;
    expect(isStorageError(caught, 'UNAVAILABLE'), String(caught)).toBe(true);
    expect((caught as { retryable: boolean }).retryable).toBe(true);
    // retry_count: 2 is two retries after the first attempt.
    expect(((caught as Error).cause as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(3);
    expect(elapsed).toBeLessThan(2000);
    await store.close?.();
  });
});
