import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFaultProxy } from '@agentmap/fault-proxy';
import { isStorageError } from '@agentmap/storage-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type S3StoreOptions, createS3Store } from '../src/index';
import { bucketName, emulatorStore, failure, useEmulator } from './support/emulator';

const SLOW_DOWN = {
  contentType: 'application/xml',
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
};

/** The StorageError a call rejects with, and how long it took. */
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

describe('createS3Store options', () => {
  it('refuses an unknown or misplaced option with INVALID_ARGUMENT naming where it belongs, before any request', () => {
    const base = { bucket: 'docs', endpoint: 'http://127.0.0.1:9' };
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ retry_count: 3 }, ['"retry_count" does not belong here', 'retries']],
      [{ timeout: 30 }, ['"timeout" does not belong here', 'timeoutMs']],
      [{ access_key: 'AKID' }, ['"access_key" does not belong here', 'credentials']],
      [{ default_bucket: 'x' }, ['"default_bucket" does not belong here', 'bucket']],
      [{ kmsKeyId: 'k' }, ['"kmsKeyId" does not belong here', 'encryption']],
      [{ container: 'x' }, ['"container" does not belong here', 'bucket']],
      [{ partsize: 5 }, ['"partsize" is not an option', 'did you mean "partSize"']],
      [{ retires: 2 }, ['"retires" is not an option', 'did you mean "retries"']],
    ];
    for (const [extra, expected] of cases) {
      const error = failure(() => createS3Store({ ...base, ...extra }), 'INVALID_ARGUMENT');
      for (const part of expected) expect(error.message, JSON.stringify(extra)).toContain(part);
      expect(error.message).toContain('createS3Store');
    }
    failure(() => createS3Store(null as never), 'INVALID_ARGUMENT');
    failure(() => createS3Store('docs' as never), 'INVALID_ARGUMENT');
  });

  it('checks retries, the deprecated maxAttempts and timeoutMs', () => {
    const base = { bucket: 'docs', endpoint: 'http://127.0.0.1:9' };
    for (const bad of [{ retries: -1 }, { retries: 1.5 }, { retries: Number.NaN }, { retries: 21 }, { maxAttempts: 0 }, { timeoutMs: 0 }, { timeoutMs: '30' }]) {
      expect(failure(() => createS3Store({ ...base, ...bad } as never), 'INVALID_ARGUMENT').message, JSON.stringify(bad)).toContain(Object.keys(bad)[0]!);
    }
    expect(failure(() => createS3Store({ ...base, retries: 2, maxAttempts: 5 }), 'INVALID_ARGUMENT').message).toContain('set retries only');
    // Agreeing values are accepted.
    expect(createS3Store({ ...base, retries: 2, maxAttempts: 3 }).provider).toBe('s3');
  });
});

describe('retries and timeoutMs per request', () => {
  const emulator = useEmulator();
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('gives up after exactly `retries` retries of a 503 with UNAVAILABLE; maxAttempts (deprecated) counts the first attempt', async () => {
    proxy = await startFaultProxy({ target: emulator().url, failureRate: 0, faults: ['unavailable'], unavailableBody: SLOW_DOWN });
    const cases: Array<[Partial<S3StoreOptions>, number]> = [
      [{ retries: 2 }, 3],
      [{ maxAttempts: 2 }, 2],
      [{ retries: 0 }, 1],
      [{}, 4],
    ];
    for (const [options, requests] of cases) {
      const store = emulatorStore(emulator(), { bucket: bucketName('busy'), endpoint: proxy.url, ...options });
      proxy.setFailureRate(0);
      await store.put('doc', 'x');
      proxy.setFailureRate(1);
      const before = proxy.stats.requests;
      const { error } = await timedFailure(() => store.get('doc'));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(proxy.stats.requests - before, JSON.stringify(options)).toBe(requests);
      await store.close?.();
    }
  });

  it('retries an attempt that gets no answer within timeoutMs, then fails with TIMEOUT instead of hanging', async () => {
    let attempts = 0;
    const silent = createServer(() => void attempts++);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const store = emulatorStore(emulator(), { endpoint, createBucket: false, timeoutMs: 300, retries: 2 });
    try {
      const { error, ms } = await timedFailure(() => store.get('doc'));
      expect(error.code).toBe('TIMEOUT');
      expect(error.retryable).toBe(true);
      expect(attempts).toBe(3);
      expect(ms).toBeGreaterThanOrEqual(900);
    } finally {
      await store.close?.();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
