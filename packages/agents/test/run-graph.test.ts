import { isStorageError } from '@agentmap/storage-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGraphCsv, runGraph, type StepEvent } from '../src';
import { graphCsv, workspace } from './fixtures';

const ws = workspace();
afterAll(() => ws.close());

async function refusal(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    expect(isStorageError(error) && error.code).toBe('INVALID_ARGUMENT');
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('graph CSVs', () => {
  it('reads the guide format: comments, blank lines, quoted contexts, field lists, header aliases', () => {
    const graphs = parseGraphCsv(
      [
        '# Storage-integrated workflow examples',
        'Graph_Name,Node_Name,Edge,Context,AgentType,Success_Next,Failure_Next,Input_Fields,Output_Field,Prompt',
        '',
        '# Multi-provider data pipeline',
        `P,Read,,"{'collection': 'azure://raw/input.json'}",cloud_json_reader,Mix,,collection,raw,`,
        'P,Mix,,Mix them,Joiner,,,"a;b|c, d",mixed,Use #1 and {a}',
      ].join('\n'),
    );
    const graph = graphs.get('P')!;
    expect([...graph.keys()]).toEqual(['Read', 'Mix']);
    expect(graph.get('Read')).toMatchObject({ context: { collection: 'azure://raw/input.json' }, agentType: 'cloud_json_reader', onSuccess: 'Mix', inputFields: ['collection'] });
    expect(graph.get('Mix')).toMatchObject({ context: { description: 'Mix them' }, inputFields: ['a', 'b', 'c', 'd'], prompt: 'Use #1 and {a}' });
  });

  it('refuses edges to missing nodes, duplicate nodes and CSVs without the columns', async () => {
    expect((await refusal(async () => parseGraphCsv(graphCsv(['G,A,,,Echo,Nowhere,,,,'])))).message).toContain('next_on_success is "Nowhere"');
    expect((await refusal(async () => parseGraphCsv(graphCsv(['G,A,,,Echo,,,,,', 'G,A,,,Echo,,,,,'])))).message).toContain('names node "A" twice');
    expect((await refusal(async () => parseGraphCsv('name,kind\nA,B'))).message).toContain('no graph_name column');
    expect((await refusal(async () => parseGraphCsv(graphCsv(['G,A,,"unclosed,Echo'])))).message).toContain('cannot be read');
  });
});

describe('runGraph', () => {
  const flow = graphCsv([
    'F,Start,,,Upper,Check,,name,upper,',
    'F,Check,,,Checker,Done,Oops,upper,checked,',
    'F,Done,,,Echo,,,checked,final,Hello {checked}',
    'F,Oops,,,Echo,,,error,final,Failed: {error}',
  ]);
  const agents = {
    Upper: (inputs: Record<string, unknown>) => String(inputs.name).toUpperCase(),
    Checker: {
      process(inputs: Record<string, unknown>) {
        if (inputs.upper === 'BAD') throw new Error('bad name');
        return inputs.upper;
      },
    },
  };

  it('runs function and object agents, Echo with prompts, and reports every step', async () => {
    const events: StepEvent[] = [];
    const result = await runGraph({ csv: flow, agents, state: { name: 'ada' }, services: ws.services, onStep: (e) => events.push(e) });
    expect(result.path).toEqual(['Start', 'Check', 'Done']);
    expect(result.state).toEqual({ name: 'ada', upper: 'ADA', checked: 'ADA', final: 'Hello ADA' });
    expect(result.outcome).toBe('success');
    expect(events.map((e) => [e.step, e.node, e.outcome, e.next])).toEqual([
      [1, 'Start', 'success', 'Check'],
      [2, 'Check', 'success', 'Done'],
      [3, 'Done', 'success', undefined],
    ]);
    expect(events[0]).toMatchObject({ inputs: { name: 'ada' }, output: 'ADA', outputField: 'upper' });
    expect(result.steps).toEqual(events);
  });

  it('puts a thrown error in state.error and takes the failure edge', async () => {
    const result = await runGraph({ csv: flow, agents, state: { name: 'bad' }, services: ws.services });
    expect(result.path).toEqual(['Start', 'Check', 'Oops']);
    expect(result.state.error).toEqual({ node: 'Check', agentType: 'Checker', code: 'INTERNAL', message: 'bad name' });
    expect(result.state.final).toBe('Failed: bad name [INTERNAL at Check]');
  });

  it('ends with outcome failure when a failing step has no failure edge', async () => {
    const csv = graphCsv(['G,A,,,Fail,B,,,,', 'G,B,,,Echo,,,,,']);
    const result = await runGraph({ csv, agents: { Fail: () => Promise.reject(new Error('no')) }, services: ws.services });
    expect(result.path).toEqual(['A']);
    expect(result.outcome).toBe('failure');
  });

  it('is deterministic: the same inputs give the same state and path', async () => {
    const a = await runGraph({ csv: flow, agents, state: { name: 'x' }, services: ws.services });
    const b = await runGraph({ csv: flow, agents, state: { name: 'x' }, services: ws.services });
    expect(b.state).toEqual(a.state);
    expect(b.path).toEqual(a.path);
  });

  it('stops a cycle at maxSteps', async () => {
    const csv = graphCsv(['G,A,B,,Echo,,,,,', 'G,B,A,,Echo,,,,,']);
    expect((await refusal(() => runGraph({ csv, maxSteps: 7, services: ws.services }))).message).toMatch(/ran 7 steps without ending.*a cycle\?/);
    await refusal(() => runGraph({ csv, maxSteps: 0, services: ws.services }));
  });

  it('checks agents and contexts before the first step', async () => {
    let ran = false;
    const csv = graphCsv(['G,A,,,Mark,B,,,,', 'G,B,,,LLMRouter,,,,,']);
    const error = await refusal(() => runGraph({ csv, agents: { Mark: () => (ran = true) }, services: ws.services }));
    expect(error.message).toContain('no agent for agent_type "LLMRouter"');
    expect(ran).toBe(false);
    const badContext = graphCsv([`G,A,,"{'collection': 'kb', 'limit': 'five'}",vector_searcher,,,query,docs,`]);
    expect((await refusal(() => runGraph({ csv: badContext, services: ws.services }))).message).toMatch(/node "A" \(vector_searcher\): context limit:/);
  });

  it('picks the graph by name, starts where asked, and refuses unknown graphs', async () => {
    const two = graphCsv(['G1,A,,,Echo,,,,out,one', 'G2,A,,,Echo,,,,out,two', 'G2,B,,,Echo,,,,out,three']);
    expect((await runGraph({ csv: two, graph: 'G2', start: 'B', services: ws.services })).state.out).toBe('three');
    expect((await refusal(() => runGraph({ csv: two, services: ws.services }))).message).toContain('several graphs (G1, G2)');
    expect((await refusal(() => runGraph({ csv: two, graph: 'G3', services: ws.services }))).message).toContain('no graph "G3"');
  });

  it('user agents take precedence over storage agents of the same name, and names match in any case', async () => {
    const csv = graphCsv(['G,A,,,JSON_READER,B,,,got,', 'G,B,,,echo,,,got,out,']);
    const result = await runGraph({ csv, agents: { json_reader: () => 'mine' }, services: ws.services });
    expect(result.state.out).toBe('mine');
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const csv = graphCsv(['G,A,,,Stop,B,,,,', 'G,B,,,Echo,,,,,']);
    await expect(runGraph({ csv, agents: { Stop: () => controller.abort() }, signal: controller.signal, services: ws.services })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('what state and events carry', () => {
  it('keeps only code and message of an error: no cause, no stack, nothing a cause held', async () => {
    const secret = 'AccountKey=c2VjcmV0LWtleS1kby1ub3QtbGVhaw==';
    const csv = graphCsv(['G,A,,,Leaky,,B,,,', 'G,B,,,Echo,,,error,out,{error}']);
    const events: StepEvent[] = [];
    const result = await runGraph({
      csv,
      agents: { Leaky: () => Promise.reject(new Error('upstream refused the call', { cause: new Error(secret) })) },
      services: ws.services,
      onStep: (e) => events.push(e),
    });
    const { inspect } = await import('node:util');
    for (const shown of [JSON.stringify(result), inspect(result, { depth: Infinity, showHidden: true }), inspect(events, { depth: Infinity, showHidden: true })]) {
      expect(shown).not.toContain('c2VjcmV0');
      expect(shown).not.toMatch(/\.ts:\d+|node:internal/);
    }
    expect(result.state.error).toEqual({ node: 'A', agentType: 'Leaky', code: 'INTERNAL', message: 'upstream refused the call' });
  });

  it('a value that cannot be JSON is refused with a clear error, on the failure edge', async () => {
    const csv = graphCsv([`G,A,,"{'collection': 'memory://b/x.json'}",blob_writer,,B,v,,`, 'G,B,,,Echo,,,error,out,']);
    const result = await runGraph({ csv, state: { v: { n: 10n } }, services: ws.services });
    expect(result.path).toEqual(['A', 'B']);
    expect(result.state.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('cannot write its data as JSON') });
  });
});

it('lists context keys a storage agent does not read, and still runs', async () => {
  const csv = graphCsv([`G,A,,"{'collection': 'memory://w/r.json', 'backup': True, 'encrypt': True}",json_writer,,,v,,`]);
  const result = await runGraph({ csv, state: { v: { a: 1 } }, services: ws.services });
  expect(result.outcome).toBe('success');
  expect(result.warnings).toEqual([
    'Graph "G", node "A": json_writer does not use context key "backup"; it is ignored.',
    'Graph "G", node "A": json_writer does not use context key "encrypt"; it is ignored.',
  ]);
  const splitter = await runGraph({ csv: graphCsv([`G,A,,"{'chunk_size': 50, 'chunk_overlap': 5}",text_splitter,,,t,,`]), state: { t: 'x' }, services: ws.services });
  expect(splitter.warnings).toEqual([]);
});

it('treats names such as constructor and __proto__ as plain names', async () => {
  await expect(runGraph({ csv: graphCsv(['G,A,,,constructor,,,,,']), services: ws.services })).rejects.toThrow(/no agent for agent_type "constructor"/);
  const result = await runGraph({ csv: graphCsv(['G,A,,,Echo,,,__proto__,__proto__,']), state: JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>, services: ws.services });
  expect(Object.getPrototypeOf(result.state)).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
