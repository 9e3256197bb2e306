import { createMemoryStore } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createLocalVectorStore } from '../src/index';
import { TopK } from '../src/local/top-k';
import { codeOf } from './helpers';

describe('exact local index', () => {
  it('keeps the k best of a stream in the top-k heap, ties by arrival', () => {
    const scores = [0.3, 0.9, 0.1, 0.9, 0.5, 0.7, 0.2];
    const top = new TopK(3);
    scores.forEach((s, i) => top.push(s, i));
    expect(top.drain()).toEqual([
      { row: 1, score: 0.9 },
      { row: 3, score: 0.9 },
      { row: 5, score: 0.7 },
    ]);
  });

  it('compacts segments into one without losing records, and other instances follow', async () => {
    const store = createMemoryStore();
    const index = createLocalVectorStore({ store, compactAfter: 3 });
    const reader = createLocalVectorStore({ store, compactAfter: 3 });
    for (let i = 0; i < 7; i++) {
      await index.upsert('c', [{ id: `r${i}`, vector: [1, i, 0] }]);
      expect(await reader.count('c')).toBe(i + 1);
    }
    await index.delete('c', { ids: ['r0'] });
    const keys: string[] = [];
    for await (const entry of store.list('vectors/c/segments/')) if (entry.kind === 'object') keys.push(entry.key);
    expect(keys.length).toBeLessThan(3);
    expect(await reader.count('c')).toBe(6);
    expect((await reader.get('c', ['r0', 'r6'])).map((r) => r.id)).toEqual(['r6']);
  });

  it('scores dot products as they are and euclidean as 1 / (1 + distance)', async () => {
    const dot = createLocalVectorStore({ store: createMemoryStore(), metric: 'dot' });
    await dot.upsert('c', [{ id: 'a', vector: [2, 0] }]);
    expect((await dot.query('c', { vector: [3, 0] }))[0]!.score).toBe(6);
    const l2 = createLocalVectorStore({ store: createMemoryStore(), metric: 'euclidean' });
    await l2.upsert('c', [{ id: 'a', vector: [0, 0] }]);
    expect((await l2.query('c', { vector: [3, 4] }))[0]!.score).toBeCloseTo(1 / 6, 6);
  });

  it('refuses zero vectors under cosine, unknown options and damaged data', async () => {
    const store = createMemoryStore();
    const index = createLocalVectorStore({ store });
    expect(await codeOf(index.upsert('c', [{ id: 'z', vector: [0, 0, 0] }]))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => createLocalVectorStore({ store, prefx: 'x' } as never))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => createLocalVectorStore({ store, prefix: '../up' }))).toBe('INVALID_ARGUMENT');
    await index.upsert('c', [{ id: 'a', vector: [1, 0, 0] }]);
    for await (const entry of store.list('vectors/c/segments/')) if (entry.kind === 'object') await store.put(entry.key, 'garbage');
    expect(await codeOf(createLocalVectorStore({ store }).count('c'))).toBe('CORRUPT_DATA');
  });
});
