import { collect } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { useGcsServer } from './server';

describe('listing through short pages', () => {
  const server = useGcsServer({ buckets: ['short'], maxPageSize: 3 });

  it('follows nextPageToken when GCS returns fewer entries than asked for', async () => {
    const store = createGcsStore({ bucket: 'short', apiEndpoint: server().url, retries: 0 });
    const keys = Array.from({ length: 10 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
    for (const key of keys) await store.put(key, key);
    const listed = await collect(store.list('k/', { pageSize: 7 }));
    expect(listed.map((e) => (e.kind === 'object' ? e.key : e.prefix))).toEqual(keys);
    const grouped = await collect(store.list('', { delimiter: '/', pageSize: 100 }));
    expect(grouped.map((e) => (e.kind === 'object' ? e.key : e.prefix))).toEqual(['k/']);
  });
});
