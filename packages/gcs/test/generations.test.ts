import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { text, useGcsServer } from './server';

// GCS generations are int64; past 2^53 a Number() of them is another generation.
const BEYOND_2_53 = 2n ** 60n;

describe('generations beyond 2^53', () => {
  const server = useGcsServer({ buckets: ['big'], generationOffset: BEYOND_2_53, maxBytesRewrittenPerCall: 1024 * 1024 });

  it('conditional writes and deletes match the exact generation', async () => {
    const store = createGcsStore({ bucket: 'big', apiEndpoint: server().url, retries: 0 });
    const first = await store.put('doc.txt', 'one');
    expect(BigInt(first.etag.replace(/"/g, ''))).toBeGreaterThan(BEYOND_2_53);
    const second = await store.put('doc.txt', 'two', { ifMatch: first.etag });
    expect(text((await store.get('doc.txt')).body)).toBe('two');
    expect(await store.delete('doc.txt', { ifMatch: second.etag })).toBe(true);
  });

  it('a copy pins the exact source generation', async () => {
    const store = createGcsStore({ bucket: 'big', apiEndpoint: server().url, retries: 0 });
    const source = await store.put('src.txt', 'source');
    const copied = await store.copy('src.txt', 'dst.txt', { ifMatch: source.etag });
    expect(text((await store.get('dst.txt')).body)).toBe('source');
    expect(BigInt(copied.etag)).toBeGreaterThan(BigInt(source.etag));
    // A large object is rewritten in several calls, each pinned to the same generation.
    const large = await store.put('large.bin', new Uint8Array(3 * 1024 * 1024).fill(7));
    const requests = server().stats.requests;
    await store.copy('large.bin', 'large-copy.bin', { ifMatch: large.etag });
    expect(server().stats.requests - requests).toBe(3);
    expect((await store.head('large-copy.bin'))?.size).toBe(3 * 1024 * 1024);
  });

  it('a storage-class change rewrites the exact generation, conditionally on it', async () => {
    const store = createGcsStore({ bucket: 'big', apiEndpoint: server().url, retries: 0 });
    const before = await store.put('cold.txt', 'keep me', { contentType: 'text/plain', metadata: { owner: 'ops' } });
    const after = await store.setStorageClass!('cold.txt', 'COLDLINE', { ifMatch: before.etag });
    expect(after).toMatchObject({ storageClass: 'COLDLINE', contentType: 'text/plain', metadata: { owner: 'ops' } });
    expect(text((await store.get('cold.txt')).body)).toBe('keep me');
  });

  it('a read describes the generation it served when another writer replaced a cached object', async () => {
    const reader = createGcsStore({ bucket: 'big', apiEndpoint: server().url, retries: 0 });
    const writer = createGcsStore({ bucket: 'big', apiEndpoint: server().url, retries: 0 });
    await reader.put('shared.txt', 'old');
    expect(text((await reader.get('shared.txt')).body)).toBe('old');
    const replaced = await writer.put('shared.txt', 'new');
    const read = await reader.get('shared.txt');
    expect(text(read.body)).toBe('new');
    expect(read.info.etag).toBe(replaced.etag);
  });
});
