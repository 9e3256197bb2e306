import { createMemoryStore, FAILURE_POLICY } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createHashingEmbedder, createLocalVectorStore, createVectorStorage } from '../src/index';
import { codeOf } from './helpers';

function service() {
  return createVectorStorage({ index: createLocalVectorStore({ store: createMemoryStore() }), embedder: createHashingEmbedder({ dimensions: 256 }) });
}

const docs = [
  { id: 'doc1', text: 'AgentMap is a powerful workflow system', metadata: { category: 'tech' } },
  { id: 'doc2', text: 'Storage integration supports multiple providers', metadata: { category: 'storage' } },
  { id: 'doc3', text: 'Banana bread needs ripe bananas', metadata: { category: 'food' } },
];

describe('createVectorStorage', () => {
  it("writes documents with the guide's call shape, embedding their text, and finds them by meaning", async () => {
    const vectors = service();
    const result = await vectors.write('kb', docs);
    expect(result).toMatchObject({ success: true, operation: 'write', collection: 'kb', rowsWritten: 3, ids: ['doc1', 'doc2', 'doc3'] });
    const found = (await vectors.read('kb', undefined, { query: { similaritySearch: 'workflow automation system', limit: 2 } })) as Array<{ id: string; score: number }>;
    expect(found[0]!.id).toBe('doc1');
    const filtered = await vectors.similaritySearch('kb', 'workflow automation system', { limit: 5, filter: { category: 'food' } });
    expect(filtered.map((m) => m.id)).toEqual(['doc3']);
    const strict = await vectors.similaritySearch('kb', 'workflow automation system', { threshold: 0.3 });
    expect(strict.map((m) => m.id)).toEqual(['doc1']);
    expect(await vectors.read('kb', 'doc2')).toMatchObject({ id: 'doc2', text: docs[1]!.text, metadata: { category: 'storage' } });
    expect(await vectors.read('kb', 'nope')).toBeUndefined();
    expect(await vectors.count('kb')).toBe(3);
    expect(await vectors.count('kb', { category: 'tech' })).toBe(1);
    expect(await vectors.exists('kb', 'doc1')).toBe(true);
    expect(await vectors.exists('kb')).toBe(true);
    expect(await vectors.listCollections()).toEqual(['kb']);
  });

  it('takes chunks from the file service ({ pageContent, metadata }) and gives them stable ids', async () => {
    const vectors = service();
    const chunks = [
      { pageContent: 'First chunk of the manual', metadata: { source: 'manual.pdf', chunk_index: 0 } },
      { pageContent: 'Second chunk of the manual', metadata: { source: 'manual.pdf', chunk_index: 1 } },
    ];
    const first = await vectors.write('manual', chunks);
    const again = await vectors.write('manual', chunks);
    expect(again.ids).toEqual(first.ids);
    expect(await vectors.count('manual')).toBe(2);
  });

  it('stores a given vector as it is and embeds only the documents without one', async () => {
    const vectors = service();
    const own = Array.from({ length: 256 }, (_, i) => (i === 0 ? 1 : 0));
    await vectors.write('mixed', [{ id: 'v', vector: own }, { id: 't', text: 'text to embed' }]);
    const [hit] = (await vectors.read('mixed', undefined, { query: { vector: own, limit: 1 } })) as Array<{ id: string; score: number }>;
    expect(hit).toMatchObject({ id: 'v' });
    expect(hit!.score).toBeCloseTo(1, 6);
  });

  it('follows the one failure policy: data outcomes in the result, everything else thrown', async () => {
    const vectors = service();
    await vectors.write('kb', docs);
    const missing = await vectors.delete('kb', 'ghost');
    expect(missing).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(FAILURE_POLICY[missing.error!.code]).toBe('result');
    const update = await vectors.write('kb', { id: 'ghost', text: 'never written' }, undefined, { mode: 'update' });
    expect(update).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(await vectors.count('kb')).toBe(3);
    expect(await codeOf(vectors.write('kb', [{ id: 'x' }]))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(vectors.write('kb', [{ id: 'x', text: 'ok', metadata: { nested: { no: 1 } } }]))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(vectors.read('kb'))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(vectors.similaritySearch('kb', 'x', { filter: { category: { $bogus: 1 } } }))).toBe('INVALID_ARGUMENT');
    expect(await vectors.count('kb')).toBe(3);
  });

  it('deletes one document, by filter, or the whole collection', async () => {
    const vectors = service();
    await vectors.write('kb', docs);
    expect(await vectors.delete('kb', 'doc1')).toMatchObject({ success: true, rowsDeleted: 1, deletedIds: ['doc1'] });
    expect(await vectors.delete('kb', undefined, { filter: { category: 'food' } })).toMatchObject({ success: true, rowsDeleted: 1 });
    expect(await vectors.count('kb')).toBe(1);
    expect(await vectors.delete('kb')).toMatchObject({ success: true });
    expect(await vectors.listCollections()).toEqual([]);
    expect(await vectors.delete('kb')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('needs an embedder for text and refuses unknown options', async () => {
    const bare = createVectorStorage({ index: createLocalVectorStore({ store: createMemoryStore() }) });
    expect(await codeOf(bare.write('kb', docs))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => createVectorStorage({ index: bare.index, embeder: {} } as never))).toBe('INVALID_ARGUMENT');
  });
});
