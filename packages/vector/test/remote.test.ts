import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { codeForStatus, httpError, requestDeadline, retryAfterMs, scrubText, transportError, uuidForId, withRetries } from '../src/index';

describe('remote vector providers: shared parts', () => {
  it('maps statuses onto codes, retryable only where a retry can help', () => {
    const table: Array<[number, string, boolean]> = [
      [400, 'INVALID_ARGUMENT', false],
      [401, 'UNAUTHENTICATED', false],
      [403, 'PERMISSION_DENIED', false],
      [404, 'NOT_FOUND', false],
      [409, 'ALREADY_EXISTS', false],
      [408, 'TIMEOUT', true],
      [429, 'UNAVAILABLE', true],
      [500, 'UNAVAILABLE', true],
      [503, 'UNAVAILABLE', true],
    ];
    for (const [status, code, retryable] of table) {
      expect(codeForStatus(status)).toBe(code);
      const error = httpError({ provider: 'p', what: 'query "kb"', status });
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(retryable);
      expect(error.details?.['status']).toBe(status);
    }
  });

  it('never lets a secret through, however the error is printed', () => {
    const key = 'pcsk_live_0123456789abcdef';
    const error = httpError({ provider: 'p', what: 'upsert', status: 401, serverMessage: `bad key ${key}; Authorization: Bearer ${key}`, secrets: [key] });
    const printed = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), error.stack ?? '', error.message].join('\n');
    expect(printed).not.toContain(key);
    expect(error.cause).toBeUndefined();
    expect(scrubText('api-key: abcdef123456 and x-api-key=zzzz9999')).not.toMatch(/abcdef123456|zzzz9999/);
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ECONNREFUSED (token ${key})`), { code: 'ECONNREFUSED' }) });
    const mapped = transportError(refused, 'p', 'query', [key]);
    expect(mapped.code).toBe('UNAVAILABLE');
    expect(inspect(mapped, { depth: Infinity, showHidden: true })).not.toContain(key);
  });

  it('reads Retry-After in seconds and as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('retries retryable failures, honouring Retry-After, and gives up on the others', async () => {
    let calls = 0;
    const started = Date.now();
    const value = await withRetries(async () => {
      calls++;
      if (calls < 3) throw httpError({ provider: 'p', what: 'query', status: 429, retryAfter: '0.05' });
      return 'ok';
    }, { provider: 'p', baseDelayMs: 1 });
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);

    calls = 0;
    await expect(withRetries(async () => { calls++; throw httpError({ provider: 'p', what: 'query', status: 401 }); }, { provider: 'p', baseDelayMs: 1 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(calls).toBe(1);

    const controller = new AbortController();
    const pending = withRetries(async () => { throw httpError({ provider: 'p', what: 'query', status: 503, retryAfter: '5' }); }, { provider: 'p', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(isStorageError(error, 'ABORTED')).toBe(true);
  });

  it('maps ids onto stable, distinct UUIDs and keeps canonical UUIDs', () => {
    const uuid = '0b5e3c2a-1f4d-4e6a-9b8c-7d6e5f4a3b2c';
    expect(uuidForId(uuid)).toBe(uuid);
    expect(uuidForId(uuid.toUpperCase())).not.toBe(uuid);
    expect(uuidForId('doc1')).toBe(uuidForId('doc1'));
    expect(uuidForId('doc1')).not.toBe(uuidForId('doc2'));
    expect(uuidForId('doc1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const many = new Set(Array.from({ length: 10_000 }, (_, i) => uuidForId(`id-${i}`)));
    expect(many.size).toBe(10_000);
  });

  it('maps ids to the RFC 9562 v5 UUID of our namespace, the same from the cache, for long and non-ASCII ids too', () => {
    const v5 = (id: string) => {
      const hash = createHash('sha1').update(Buffer.from('6f1d3c1e8a2b4f7e9c0d5a4b3e2f1a0c', 'hex')).update(id, 'utf8').digest();
      hash[6] = (hash[6]! & 0x0f) | 0x50;
      hash[8] = (hash[8]! & 0x3f) | 0x80;
      const hex = hash.toString('hex', 0, 16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    const ids = ['doc-1', 'ünïcødé 🚀', '€'.repeat(512), 'x'.repeat(513), 'y'.repeat(5000), ''];
    for (const id of ids) {
      expect(uuidForId(id)).toBe(v5(id));
      expect(uuidForId(id)).toBe(v5(id));
    }
    // Past the cache's bound the oldest ids are hashed again, to the same UUIDs.
    const first = Array.from({ length: 5000 }, (_, i) => uuidForId(`bound-${i}`));
    expect(Array.from({ length: 5000 }, (_, i) => uuidForId(`bound-${i}`))).toEqual(first);
    expect(first[0]).toBe(v5('bound-0'));
  });

  it('ends a request at its deadline or when the caller aborts, and lets go of both when done', async () => {
    const late = requestDeadline(20);
    await new Promise((resolve) => late.signal.addEventListener('abort', resolve));
    expect(late.timedOut).toBe(true);
    expect((late.signal.reason as Error).name).toBe('TimeoutError');
    late.done();

    const caller = new AbortController();
    const stopped = requestDeadline(60_000, caller.signal);
    caller.abort(new Error('stop'));
    expect(stopped.signal.aborted).toBe(true);
    expect(stopped.timedOut).toBe(false);
    expect((stopped.signal.reason as Error).message).toBe('stop');
    stopped.done();

    expect(requestDeadline(60_000, AbortSignal.abort()).signal.aborted).toBe(true);
    const kept = new AbortController();
    const finished = requestDeadline(10, kept.signal);
    finished.done();
    await new Promise((resolve) => setTimeout(resolve, 30));
    kept.abort();
    expect(finished.signal.aborted).toBe(false);
  });
});
