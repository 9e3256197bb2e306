import { afterAll, describe, expect, it } from 'vitest';
import { runGraph } from '../src';
import { graphCsv, runStep, workspace } from './fixtures';

const ws = workspace();
afterAll(() => ws.close());

describe('text_splitter', () => {
  it('splits text and documents into overlapping chunks that keep their metadata', async () => {
    const text = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} about storage.`).join(' ');
    const out = await runStep(ws, { agent: 'text_splitter', context: "{'chunk_size': 100, 'chunk_overlap': 20}", inputs: 'docs' }, { docs: [{ pageContent: text, metadata: { source: 'a.md' } }] });
    const chunks = out.output as Array<{ pageContent: string; metadata: Record<string, unknown> }>;
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((c) => c.pageContent.length <= 100)).toBe(true);
    expect(chunks[0]!.metadata).toEqual({ source: 'a.md', chunkIndex: 0, chunkCount: chunks.length });
    expect((await runStep(ws, { agent: 'text_splitter', inputs: 't' }, { t: 'short' })).output).toEqual([{ pageContent: 'short', metadata: { chunkIndex: 0, chunkCount: 1 } }]);
  });

  it('refuses an overlap not smaller than the size, and items without text', async () => {
    await expect(runStep(ws, { agent: 'text_splitter', context: "{'chunk_size': 10, 'chunk_overlap': 10}", inputs: 't' }, { t: 'x' })).rejects.toThrow(/chunk_overlap must be smaller/);
    const bad = await runStep(ws, { agent: 'text_splitter', inputs: 't' }, { t: [{ metadata: {} }] });
    expect(bad.path).toEqual(['Step', 'Failed']);
    expect(bad.error?.message).toContain('item 0 has no text');
  });
});

describe('routing_decision_cache / routing_cache_writer (the guide’s SmartRouting)', () => {
  const csv = graphCsv([
    `S,DetermineRoute,,"{'collection': 'routing_cache'}",routing_decision_cache,RouteData,MakeRoutingDecision,input_data,routing_decision,`,
    'S,MakeRoutingDecision,,Make LLM routing decision,LLMRouter,CacheDecision,ErrorHandler,input_data,routing_decision,',
    `S,CacheDecision,,"{'collection': 'routing_cache', 'ttl': 1800}",routing_cache_writer,RouteData,ErrorHandler,routing_decision,cache_result,`,
    'S,RouteData,,,Echo,,,routing_decision,route,',
    'S,ErrorHandler,,,Echo,,,error,error_message,Routing error: {error}',
  ]);

  it('asks the router once per distinct input, then serves the decision from the cache', async () => {
    let calls = 0;
    const LLMRouter = (inputs: Record<string, unknown>) => {
      calls++;
      return (inputs.input_data as { kind: string }).kind === 'invoice' ? 'finance' : 'general';
    };
    const first = await runGraph({ csv, agents: { LLMRouter }, services: ws.services, state: { input_data: { kind: 'invoice', id: 1 } } });
    expect(first.path).toEqual(['DetermineRoute', 'MakeRoutingDecision', 'CacheDecision', 'RouteData']);
    expect(first.state.cache_result).toEqual({ success: true, collection: 'routing_cache', ttl: 1800 });
    // Same input, fields in another order: a hit.
    const second = await runGraph({ csv, agents: { LLMRouter }, services: ws.services, state: { input_data: { id: 1, kind: 'invoice' } } });
    expect(second.path).toEqual(['DetermineRoute', 'RouteData']);
    expect(second.state.route).toBe('finance');
    expect(calls).toBe(1);
    expect(ws.services.routingCache('routing_cache').analytics()).toMatchObject({ hits: 1, misses: 1, llmCallsAvoided: 1 });
  });

  it('routes a failing decision to the error handler, and refuses a writer with no lookup to share a key with', async () => {
    const failed = await runGraph({ csv, agents: { LLMRouter: () => Promise.reject(new Error('model unavailable')) }, services: ws.services, state: { input_data: { kind: 'x' } } });
    expect(failed.path).toEqual(['DetermineRoute', 'MakeRoutingDecision', 'ErrorHandler']);
    expect(failed.state.error_message).toBe('Routing error: model unavailable [INTERNAL at MakeRoutingDecision]');
    const orphan = await runStep(ws, { agent: 'routing_cache_writer', prompt: 'other', inputs: 'd' }, { d: 'x' });
    expect(orphan.error?.message).toContain("{'key_fields': ['input_data']}");
    const named = await runStep(ws, { agent: 'routing_cache_writer', context: "{'collection': 'other', 'key_fields': 'k'}", inputs: 'd' }, { d: 'route-a', k: 'q' });
    expect(named.output).toEqual({ success: true, collection: 'other' });
    await expect(runStep(ws, { agent: 'routing_cache_writer', context: "{'collection': 'other', 'ttl': -1}", inputs: 'd' }, { d: 'x' })).rejects.toThrow(/context ttl:/);
  });
});
