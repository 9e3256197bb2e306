import { startFaultProxy } from '@agentmap/fault-proxy';
import { isStorageError, withRetry } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { type GcsStoreOptions, createGcsStore } from '../src/index';
import { GCS_503 } from './fixtures';
import { useGcsServer } from './server';

function refused(options: unknown): Error {
  try {
    createGcsStore(options as GcsStoreOptions);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected createGcsStore to refuse the options');
}

describe('createGcsStore options', () => {
  const server = useGcsServer({ buckets: ['opts'] });

  it('refuses an unknown option, naming it and the nearest real one', () => {
    const error = refused({ bucket: 'b', retrys: 2 });
    expect(isStorageError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(error.message).toContain('"retrys"');
    expect(error.message).toContain('did you mean "retries"');
    expect(refused({ bucket: 'b', api_endpoint: 'http://x' }).message).toContain('did you mean "apiEndpoint"');
  });

  it('refuses a misplaced option, saying where it belongs', () => {
    expect(refused({ bucket: 'b', retry_count: 3 }).message).toMatch(/"retry_count" does not belong here: .*providers\.gcp\.retry_count.*retries/);
    expect(refused({ bucket: 'b', maxAttempts: 4 }).message).toMatch(/maxAttempts: 4 is retries: 3/);
    expect(refused({ bucket: 'b', credentials_file: '/k.json' }).message).toMatch(/keyFilename/);
    expect(refused({ bucket: 'b', storageOptions: { retryOptions: { autoRetry: true } } }).message).toMatch(/storageOptions may not set retryOptions/);
    expect(isStorageError(refused(null), 'INVALID_ARGUMENT')).toBe(true);
  });

  it('names a refused option without echoing its value', () => {
    const error = refused({ bucket: 'b', private_key: '-----BEGIN PRIVATE KEY----- secret' });
    expect(error.message).toContain('"private_key"');
    expect(error.message).not.toContain('secret');
    expect(JSON.stringify((error as { details?: unknown }).details ?? {})).not.toContain('secret');
  });

  it('refuses bad values of retries, retryMinDelayMs and timeoutMs', () => {
    expect(refused({ bucket: 'b', retries: 1.5 }).message).toMatch(/retries must be a whole number/);
    expect(refused({ bucket: 'b', retries: Number.NaN }).message).toMatch(/retries/);
    expect(refused({ bucket: 'b', retryMinDelayMs: -1 }).message).toMatch(/retryMinDelayMs/);
    expect(refused({ bucket: 'b', timeoutMs: 0 }).message).toMatch(/timeoutMs must be a positive number/);
    expect(refused({ bucket: 'b', timeoutMs: Number.POSITIVE_INFINITY }).message).toMatch(/timeoutMs/);
    expect(refused({ bucket: 'b', timeout: 'slow' }).message).toMatch(/timeout must be a positive number/);
    expect(refused({ bucket: 'b', timeout: 100, timeoutMs: 200 }).message).toMatch(/old name of timeoutMs/);
  });

  it('retries each failed request `retries` times, then reports it retryable', async () => {
    const proxy = await startFaultProxy({ target: server().url, failureRate: 1, faults: ['unavailable'], unavailableBody: GCS_503 });
    try {
      for (const retries of [0, 2]) {
        const before = proxy.stats.requests;
        const store = createGcsStore({ bucket: 'opts', apiEndpoint: proxy.url, retries, retryMinDelayMs: 1 });
        const error = await store.head('x').catch((e: unknown) => e as Error & { retryable?: boolean });
        expect(isStorageError(error, 'UNAVAILABLE')).toBe(true);
        expect((error as { retryable?: boolean }).retryable).toBe(true);
        expect(proxy.stats.requests - before).toBe(retries + 1);
      }
      // retries: 0 under core's withRetry: the whole call is repeated by the layer instead.
      const before = proxy.stats.requests;
      const layered = withRetry(createGcsStore({ bucket: 'opts', apiEndpoint: proxy.url, retries: 0 }), { retries: 2, minDelayMs: 1 });
      await expectStorageError(layered.head('x'), 'UNAVAILABLE');
      expect(proxy.stats.requests - before).toBe(3);
    } finally {
      await proxy.stop();
    }
  });

  it('limits each request attempt to timeoutMs (and takes the deprecated timeout too)', async () => {
    const proxy = await startFaultProxy({ target: server().url, failureRate: 1, faults: ['latency'], latencyMs: 1500 });
    try {
      await expectStorageError(createGcsStore({ bucket: 'opts', apiEndpoint: proxy.url, timeoutMs: 200, retries: 0 }).head('x'), 'TIMEOUT');
      await expectStorageError(createGcsStore({ bucket: 'opts', apiEndpoint: proxy.url, timeout: 200, retries: 0 }).head('x'), 'TIMEOUT');
    } finally {
      await proxy.stop();
    }
  });

  it('refuses calls once closed, saying to create a new store', async () => {
    const store = createGcsStore({ bucket: 'opts', apiEndpoint: server().url });
    await store.put('k', 'v');
    await store.close?.();
    await expectStorageError(store.get('k'), 'INVALID_ARGUMENT');
  });
});
