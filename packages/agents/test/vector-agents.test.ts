import { afterAll, describe, expect, it } from 'vitest';
import { runGraph } from '../src';
import { graphCsv, runStep, workspace } from './fixtures';

const ws = workspace();
afterAll(() => ws.close());

const docs = [
  { id: 'doc1', text: 'AgentMap is a powerful workflow system', metadata: { category: 'tech' } },
  { id: 'doc2', text: 'Storage integration supports multiple providers', metadata: { category: 'storage' } },
  { id: 'doc3', text: 'Bananas are rich in potassium', metadata: { category: 'food' } },
];

describe('vector_writer', () => {
  it('indexes documents, chunks and records keyed by id', async () => {
    const written = await runStep(ws, { agent: 'vector_writer', context: "{'collection': 'kb'}", inputs: 'docs' }, { docs });
    expect(written.output).toMatchObject({ success: true, ids: ['doc1', 'doc2', 'doc3'] });
    const records = { u1: { name: 'Ada', bio: 'Writes workflow engines' }, u2: { name: 'Linus', bio: 'Keeps kernels small' } };
    const keyed = await runStep(ws, { agent: 'vector_writer', context: "{'collection': 'people', 'text_field': 'bio'}", inputs: 'records' }, { records });
    expect(keyed.output).toMatchObject({ ids: ['u1', 'u2'] });
    expect(await ws.services.vector().read('people', 'u1')).toMatchObject({ text: 'Writes workflow engines', metadata: { name: 'Ada' } });
    const chunks = await runStep(ws, { agent: 'vector_writer', prompt: 'chunks', inputs: 'c' }, { c: [{ pageContent: 'one chunk', metadata: { chunkIndex: 0 } }, 'a plain string'] });
    expect((chunks.output as { ids: string[] }).ids).toHaveLength(2);
  });

  it('refuses records with no text and routes an update of unknown ids to the failure edge', async () => {
    const noText = await runStep(ws, { agent: 'vector_writer', prompt: 'kb', inputs: 'r' }, { r: { a: { name: 'x' } } });
    expect(noText.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("{'text_field': 'description'}") });
    expect((await runStep(ws, { agent: 'vector_writer', prompt: 'kb', inputs: 'r' }, { r: 42 })).error?.code).toBe('INVALID_ARGUMENT');
    const update = await runStep(ws, { agent: 'vector_writer', context: "{'collection': 'kb', 'mode': 'update'}", inputs: 'r' }, { r: [{ id: 'ghost', text: 'x' }] });
    expect(update.path).toEqual(['Step', 'Failed']);
    expect(update.error?.code).toBe('NOT_FOUND');
  });
});

describe('vector_embedder + vector_searcher / vector_reader', () => {
  it('embeds a query once and searches by its vector (the guide’s VectorFlow), best first', async () => {
    const csv = graphCsv([
      `V,EmbedQuery,,"{'collection': 'kb'}",vector_embedder,SearchSimilar,Err,query,embedded_query,`,
      `V,SearchSimilar,,"{'collection': 'kb', 'limit': 2}",vector_searcher,End,Err,embedded_query,similar_docs,`,
      'V,End,,,Echo,,,similar_docs,final,',
      'V,Err,,,Echo,,,error,final,{error}',
    ]);
    const { state, path } = await runGraph({ csv, services: ws.services, state: { query: 'workflow system' } });
    expect(path).toEqual(['EmbedQuery', 'SearchSimilar', 'End']);
    expect(state.embedded_query).toMatchObject({ text: 'workflow system', model: expect.any(String) });
    const matches = state.similar_docs as Array<{ id: string; score: number }>;
    expect(matches).toHaveLength(2);
    expect(matches[0]!.id).toBe('doc1');
    expect(matches[0]!.score).toBeGreaterThanOrEqual(matches[1]!.score);
  });

  it('searches by text with k, threshold and a metadata filter', async () => {
    const found = await runStep(ws, { agent: 'vector_reader', context: "{'collection': 'kb', 'k': 3, 'filter': {'category': 'storage'}}", inputs: 'q' }, { q: 'storage providers' });
    expect((found.output as Array<{ id: string }>).map((m) => m.id)).toEqual(['doc2']);
    const strict = await runStep(ws, { agent: 'vector_searcher', context: "{'collection': 'kb', 'threshold': 0.99}", inputs: 'q' }, { q: 'potassium' });
    expect(strict.output).toEqual([]);
  });

  it('embeds a list of texts into documents with vectors', async () => {
    const out = await runStep(ws, { agent: 'vector_embedder', inputs: 't' }, { t: ['alpha', { id: 'b', text: 'beta' }] });
    expect(out.output).toEqual([
      { text: 'alpha', vector: expect.any(Array) },
      { id: 'b', text: 'beta', vector: expect.any(Array) },
    ]);
  });

  it('refuses queries that are neither text nor vectors, empty text, and a vector of the wrong size', async () => {
    expect((await runStep(ws, { agent: 'vector_searcher', prompt: 'kb', inputs: 'q' }, { q: { nope: 1 } })).error?.message).toContain('searches by text, a vector');
    expect((await runStep(ws, { agent: 'vector_searcher', prompt: 'kb', inputs: 'q' })).error?.message).toContain('"q" is not in the state');
    expect((await runStep(ws, { agent: 'vector_embedder', inputs: 'q' }, { q: '   ' })).error?.message).toContain('empty text');
    const wrongSize = await runStep(ws, { agent: 'vector_searcher', prompt: 'kb', inputs: 'q' }, { q: [0.1, 0.2] });
    expect(wrongSize.path).toEqual(['Step', 'Failed']);
    expect(wrongSize.error?.code).toBe('INVALID_ARGUMENT');
  });
});
