import { type FaultProxy, startFaultProxy } from '@agentmap/fault-proxy';
import { type ObjectStore, isStorageError, updateObject, withRetry } from '@agentmap/storage-core';
import { collect } from '@agentmap/storage-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3BackendFactory } from '../src/index';
import { type RunningS3rver, bucketName, emulatorStore, startEmulator } from './support/emulator';

const SLOW_DOWN = {
  contentType: 'application/xml',
  body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>FAULT</RequestId></Error>',
};

/** Runs `task` for 0..count-1, at most `parallel` at a time. */
async function bounded(count: number, parallel: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) await task(next++);
  }));
}

describe('writes through injected faults, retried by withRetry', () => {
  let server: RunningS3rver;
  let faults: FaultProxy;
  let raw: ObjectStore;
  let store: ObjectStore;
  const bucket = bucketName('faults');

  beforeAll(async () => {
    server = await startEmulator();
    faults = await startFaultProxy({ target: server.url, failureRate: 0, faults: ['unavailable', 'reset-before', 'latency'], latencyMs: 20, unavailableBody: SLOW_DOWN, seed: 7 });
    // The SDK's own retries are off, so every injected fault reaches our error mapping and withRetry.
    raw = emulatorStore(server, { bucket, endpoint: faults.url, maxAttempts: 1, timeoutMs: 5000 });
    await raw.put('warm-up', 'x');
    store = withRetry(raw, { retries: 12, minDelayMs: 5, maxDelayMs: 100 });
  });
  afterAll(async () => {
    await raw?.close?.();
    await faults?.stop();
    await server?.stop();
  });

  it('lands all of 200 writes with 20 % of requests failing, each once and intact', async () => {
    faults.setFailureRate(0.2);
    const before = faults.stats.faults.unavailable + faults.stats.faults['reset-before'];
    await bounded(200, 8, (i) => store.put(`writes/${String(i).padStart(3, '0')}.txt`, `value ${i}`));
    faults.setFailureRate(0);
    expect(faults.stats.faults.unavailable + faults.stats.faults['reset-before'] - before).toBeGreaterThan(20);
    const keys = (await collect(raw.list('writes/'))).map((e) => (e.kind === 'object' ? e.key : e.prefix));
    expect(keys).toHaveLength(200);
    expect(new Set(keys).size).toBe(200);
    await bounded(200, 8, async (i) => {
      expect(Buffer.from((await raw.get(`writes/${String(i).padStart(3, '0')}.txt`)).body).toString()).toBe(`value ${i}`);
    });
  });

  it('loses no increment when 20 writers race through the faults', async () => {
    faults.setFailureRate(0.2);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        updateObject(store, 'counter', (current) => {
          const n = current ? Number(Buffer.from(current.body).toString()) : 0;
          return { body: String(n + 1), result: n + 1 };
        }, { maxAttempts: 500 }),
      ),
    );
    faults.setFailureRate(0);
    expect(Buffer.from((await raw.get('counter')).body).toString()).toBe('20');
  });

  it('keeps unconditional writes whole when the answer is lost after the write', async () => {
    const lossy = await startFaultProxy({ target: server.url, failureRate: 0.3, faults: ['reset-after'], seed: 11 });
    const direct = emulatorStore(server, { bucket, endpoint: lossy.url, maxAttempts: 1, timeoutMs: 5000 });
    try {
      await bounded(30, 4, (i) => withRetry(direct, { retries: 12, minDelayMs: 5, maxDelayMs: 50 }).put(`lossy/${i}.txt`, `lossy ${i}`));
      expect(lossy.stats.faults['reset-after']).toBeGreaterThan(0);
      expect(await collect(raw.list('lossy/'))).toHaveLength(30);
      for (let i = 0; i < 30; i++) expect(Buffer.from((await raw.get(`lossy/${i}.txt`)).body).toString()).toBe(`lossy ${i}`);
    } finally {
      await direct.close?.();
      await lossy.stop();
    }
  });
});

describe('a stopped emulator', () => {
  it('fails fast with UNAVAILABLE after the configured retries, within the configured timeout', async () => {
    const server = await startEmulator({ conditional: false });
    // Configured as a router would: providers.aws with timeout (s) and retry_count.
    const store = s3BackendFactory({
      container: bucketName('stopped'),
      providerConfig: { endpoint: server.url, region: 'us-east-1', access_key: 'S3RVER', secret_key: 'S3RVER', create_bucket: true, timeout: 2, retry_count: 2 },
    });
    await store.put('alive.txt', 'yes');
    await server.stop();
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
    expect(((caught as Error).cause as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(3);
    expect(elapsed).toBeLessThan(2000);
    await store.close?.();
  });
});
