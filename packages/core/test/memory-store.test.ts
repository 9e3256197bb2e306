import { describeObjectStore } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/index';

describeObjectStore('memory', () => createMemoryStore({ name: 'conformance' }));

describe('memory store', () => {
  it('answers the current etag at once, as head would', async () => {
    const store = createMemoryStore();
    expect(store.currentEtag?.('a.txt')).toBeUndefined();
    const info = await store.put('a.txt', 'x');
    expect(store.currentEtag?.('a.txt')).toBe(info.etag);
    expect(store.currentEtag?.('a.txt')).toBe((await store.head('a.txt'))?.etag);
    await store.delete('a.txt');
    expect(store.currentEtag?.('a.txt')).toBeUndefined();
  });
});
