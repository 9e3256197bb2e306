import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isStorageError, withRetry } from '@agentmap/storage-core';
import { startFaultProxy } from '@agentmap/fault-proxy';
import { collect, describeFaultTolerance } from '@agentmap/storage-testkit';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzureBlobStoreOptions, azureBlobBackend, azureConfigSchema } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
let starting: Promise<RunningAzurite> | undefined;
const server = () => (starting ??= azuriteForTests().then((started) => (azurite = started)));
beforeAll(async () => {
  await server();
});
afterAll(() => azurite?.stop());

/** Runs `call` and returns its StorageError and how long it took to fail. */
async function timedFailure(call: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected the call to fail');
}

// The shared suite: every write once and intact through refused and reset requests, racing
// conditional writers, answers lost after the server acted. The SDK retries each request.
describeFaultTolerance('azure on Azurite', {
  startProxy: async (options) => startFaultProxy({ target: `http://127.0.0.1:${(await server()).port}`, ...options }),
  store: async (endpoint) => azuriteStore(await server(), { container: containerName('faults'), endpoint: `${endpoint}/${(await server()).accountName}`, retries: 12, retryDelayMs: 10, maxRetryDelayMs: 100 }),
});

describe('injected faults', () => {
  it('gives up after exactly `retries` retries of a 503 with UNAVAILABLE, marked retryable; retryCount is the same count', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, failureRate: 0, faults: ['unavailable'] });
    const cases: Array<[Partial<AzureBlobStoreOptions>, number]> = [
      [{ retries: 2 }, 3],
      [{ retryCount: 1 }, 2],
      [{ retries: 0 }, 1],
    ];
    for (const [options, requests] of cases) {
      const store = azuriteStore(azurite, { container: containerName('busy'), endpoint: `${proxy.url}/${azurite.accountName}`, retryDelayMs: 10, ...options });
      proxy.setFailureRate(0);
      await store.put('doc', 'x');
      proxy.setFailureRate(1);
      const before = proxy.stats.requests;
      const { error } = await timedFailure(() => store.get('doc'));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(proxy.stats.requests - before, JSON.stringify(options)).toBe(requests);
      await store.close();
    }
    await proxy.stop();
  });

  it('lets withRetry replay whole calls over a store with retries: 0', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, failureRate: 0.3, faults: ['unavailable', 'reset-before'], seed: 3 });
    const store = withRetry(azuriteStore(azurite, { container: containerName('layered'), endpoint: `${proxy.url}/${azurite.accountName}`, retries: 0 }), {
      retries: 10,
      minDelayMs: 5,
      maxDelayMs: 50,
    });
    for (let i = 0; i < 20; i++) await store.put(`doc-${i}`, `value ${i}`);
    proxy.setFailureRate(0);
    expect(proxy.stats.faults.unavailable + proxy.stats.faults['reset-before']).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) expect(Buffer.from((await store.get(`doc-${i}`)).body).toString()).toBe(`value ${i}`);
    await store.close?.();
    await proxy.stop();
  });

  it('aborts a slow call when the caller’s signal fires', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, failureRate: 0, faults: ['latency'], latencyMs: 2000 });
    const store = azuriteStore(azurite, { container: containerName('slow'), endpoint: `${proxy.url}/${azurite.accountName}` });
    await store.put('doc', 'x');
    proxy.setFailureRate(1);
    const { error, ms } = await timedFailure(() => store.get('doc', { signal: AbortSignal.timeout(100) }));
    expect(error.code).toBe('ABORTED');
    expect(ms).toBeLessThan(1500);
    await store.close();
    await proxy.stop();
  });
});

describe('throttling and gateway answers', () => {
  it('retries 408, 429, 502 and 504 like 503, `retries` times, then fails with the real status', async () => {
    let attempts = 0;
    let status = 429;
    const busy = createServer((req, res) => {
      attempts++;
      req.resume();
      res.writeHead(status, { 'x-ms-error-code': status === 429 ? 'TooManyRequests' : 'GatewayFailure', 'content-length': '0' });
      res.end();
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(busy.address() as AddressInfo).port}/${azurite.accountName}`;
    const store = azuriteStore(azurite, { container: containerName('busy'), endpoint, createContainer: false, retries: 2, retryDelayMs: 10 });
    for (const answered of [408, 429, 502, 504]) {
      status = answered;
      attempts = 0;
      const { error } = await timedFailure(() => store.get('doc'));
      expect(error.code).toBe(answered === 408 ? 'TIMEOUT' : 'UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(String(answered));
      expect(error.details?.status).toBe(answered);
      expect(attempts).toBe(3);
    }
    await store.close();
    busy.closeAllConnections();
    await new Promise((resolve) => busy.close(resolve));
  });
});

describe('a server that is gone or stalled', () => {
  it('fails fast with UNAVAILABLE once the emulator is stopped, within the configured timeout', async () => {
    const own = await azuriteForTests();
    const section = azureConfigSchema.parse({ connection_string: own.connectionString, timeout: 5, retry_count: 2, retry_delay: 0.1 });
    const store = azureBlobBackend.create(containerName('dead'), section);
    await store.put('doc', 'x');
    await own.stop();
    for (const call of [() => store.get('doc'), () => store.put('doc', 'y'), () => collect(store.list(''))]) {
      const { error, ms } = await timedFailure(call);
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(ms).toBeLessThan(5000);
    }
    await store.close?.();
  });

  it('retries an attempt that gets no answer, then fails with TIMEOUT instead of hanging', async () => {
    let attempts = 0;
    const silent = createServer(() => void attempts++);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/${azurite.accountName}`;
    const store = azuriteStore(azurite, { container: containerName('stalled'), endpoint, createContainer: false, timeoutMs: 300, retries: 2, retryDelayMs: 10 });
    const { error, ms } = await timedFailure(() => store.get('doc'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(attempts).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3000);
    await store.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});
