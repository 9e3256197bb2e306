import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isStorageError, withRetry } from '@agentmap/storage-core';
import { startFaultProxy } from '@agentmap/fault-proxy';
import { collect } from '@agentmap/storage-testkit';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureBackendFactory } from '../src/index';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
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

describe('injected faults', () => {
  it('lands 200 writes through withRetry with 20% of requests failing: none lost, none duplicated, all intact', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, failureRate: 0.2, faults: ['unavailable', 'reset-before', 'reset-after', 'latency'], latencyMs: 20, seed: 7 });
    const store = withRetry(azuriteStore(azurite, { container: containerName('faults'), endpoint: `${proxy.url}/${azurite.accountName}`, retryCount: 1, retryDelayMs: 10 }), {
      retries: 8,
      minDelayMs: 5,
      maxDelayMs: 50,
    });
    const keys = Array.from({ length: 200 }, (_, i) => `writes/${String(i).padStart(3, '0')}.json`);
    for (let at = 0; at < keys.length; at += 10) {
      await Promise.all(keys.slice(at, at + 10).map((key) => store.put(key, JSON.stringify({ key, body: 'x'.repeat(100) }), { contentType: 'application/json' })));
    }
    const faults = proxy.stats.faults;
    expect(faults.unavailable + faults['reset-before'] + faults['reset-after']).toBeGreaterThan(20);
    proxy.setFailureRate(0);
    const listed = (await collect(store.list('writes/'))).map((e) => (e.kind === 'object' ? e.key : e.prefix));
    expect(listed).toEqual(keys);
    for (const key of keys) expect(JSON.parse(Buffer.from((await store.get(key)).body).toString())).toEqual({ key, body: 'x'.repeat(100) });
    await store.close?.();
    await proxy.stop();
  });

  it('gives up after exactly retryCount retries of a 503 with UNAVAILABLE, marked retryable', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${azurite.port}`, failureRate: 0 });
    const store = azuriteStore(azurite, { container: containerName('busy'), endpoint: `${proxy.url}/${azurite.accountName}`, retryCount: 2, retryDelayMs: 10 });
    await store.put('doc', 'x');
    proxy.setFailureRate(1);
    const before = proxy.stats.requests;
    const { error } = await timedFailure(() => store.get('doc'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(proxy.stats.requests - before).toBe(3);
    await store.close();
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

describe('a server that is gone or stalled', () => {
  it('fails fast with UNAVAILABLE once the emulator is stopped, within the configured timeout', async () => {
    const own = await azuriteForTests();
    const providerConfig = { connection_string: own.connectionString, timeout: 5, retry_count: 2, retry_delay: 0.1 };
    const store = azureBackendFactory({ container: containerName('dead'), providerConfig });
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
    const store = azuriteStore(azurite, { container: containerName('stalled'), endpoint, createContainer: false, timeoutMs: 300, retryCount: 2, retryDelayMs: 10 });
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
