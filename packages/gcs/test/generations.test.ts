import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { text, useGcsServer } from './server';

// GCS generations are int64; past 2^53 a Number() of them is another generation.
const BEYOND_2_53 = 2n ** 60n;

describe('generations beyond 2^53', () => {
  const server = useGcsServer({ buckets: ['big'], generationOffset: BEYOND_2_53 });

  it('conditional writes and deletes match the exact generation', async () => {
    const store = createGcsStore({ bucket: 'big', apiEndpoint: server().url, retries: 0 });
    const first = await store.put('doc.txt', 'one');
    expect(BigInt(first.etag.replace(/"/g, ''))).toBeGreaterThan(BEYOND_2_53);
    const second = await store.put('doc.txt', 'two', { ifMatch: first.etag });
    expect(text((await store.get('doc.txt')).body)).toBe('two');
    expect(await store.delete('doc.txt', { ifMatch: second.etag })).toBe(true);
  });
});
