import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunGraphResult, type StepEvent, runGraph } from '@agentmap/storage-agents';
import { demoAgents, routerCallCount, routingAgents } from './agents';
import type { Stack } from './stack';

const graphsDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'graphs');
const graph = (file: string) => readFileSync(join(graphsDir, file), 'utf8');

/** A value in one line, cut to fit. */
export function brief(value: unknown, width = 90): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value instanceof Uint8Array) text = `<${value.length} bytes>`;
  else {
    // Vectors are shown by size and scores to three places: the step lines stay readable.
    const shorten = (_key: string, v: unknown) =>
      Array.isArray(v) && v.length > 8 && v.every((n) => typeof n === 'number') ? `<vector of ${v.length}>` : typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(3)) : v;
    text = JSON.stringify(value, shorten) ?? 'undefined';
  }
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function stepLine(e: StepEvent): string {
  const what = e.outcome === 'success' ? (e.outputField ? `${e.outputField} = ${brief(e.output)}` : 'ok') : `FAILED ${e.error!.code}: ${cut(e.error!.message, 90)}`;
  return `  ${String(e.step).padStart(2)}. ${e.node} (${e.agentType}) ${what}${e.next ? `  -> ${e.next}` : ''}`;
}

/** The source data the flows read, written through the same router (so it is audited too). */
export async function seed(stack: Stack): Promise<void> {
  await stack.json.write('azure://prod-data/users.json', {
    u1: { name: 'Ada Lovelace', email: 'Ada@Example.com', plan: 'pro', active: true },
    u2: { name: 'Alan Turing', email: 'alan@example.com', plan: 'free', active: true },
    u3: { name: 'Grace Hopper', email: 'grace@example.com', plan: 'pro', active: false },
  });
  await stack.json.write('azure://raw-data/input.json', [
    { id: 'a1', title: 'Workflows', category: 'tech', body: 'AgentMap runs workflows described as graphs in CSV files. Each node names an agent and the edges it takes on success or failure.' },
    { id: 'a2', title: 'Storage', category: 'storage', body: 'Storage agents read and write JSON, CSV, files and blobs on local disk, Azure, S3 or Google Cloud Storage through one router.' },
    { id: 'a3', title: 'Vectors', category: 'tech', body: 'The vector agents embed text and search a knowledge base by similarity, best match first.' },
    { id: 'a4', title: 'Draft', category: 'tech', body: '   ' },
  ]);
}

export interface FlowOutcome {
  name: string;
  result: RunGraphResult;
  answer: unknown;
}

/** Runs the guide's DataPipeline, VectorFlow and CloudFlow, then a DataPipeline whose source is missing. */
export async function runFlows(stack: Stack, say: (line: string) => void): Promise<FlowOutcome[]> {
  const outcomes: FlowOutcome[] = [];
  const run = async (name: string, title: string, file: string, state: Record<string, unknown>, answerField: string) => {
    say(`\n== ${name}: ${title}`);
    const result = await runGraph({ csv: graph(file), state, agents: { ...demoAgents, ...routingAgents }, services: stack.agentServices, onStep: (e) => say(stepLine(e)) });
    for (const warning of result.warnings) say(`  note: ${warning}`);
    outcomes.push({ name, result, answer: result.state[answerField] });
  };
  await run('DataPipeline', 'Azure -> validate -> transform -> S3 + vector index', 'data-pipeline.csv', {}, 'final_message');
  await run('VectorFlow', 'embed the question, search knowledge_base, answer', 'vector-flow.csv', { query: 'How do storage agents reach Azure or S3?' }, 'final_answer');
  await run('CloudFlow', 'users from Azure, transformed, saved to S3', 'cloud-flow.csv', {}, 'final_message');
  const ticket = { subject: 'Invoice 1042 is overdue', customer: 'u1' };
  await run('SmartRouting', 'the router decides, the decision is cached', 'smart-routing.csv', { input_data: ticket }, 'final_message');
  // The same ticket with its fields in another order: the cache answers, the router is not asked.
  await run('SmartRouting again', `same input: served from the routing cache (router asked ${routerCallCount()}x so far)`, 'smart-routing.csv', { input_data: { customer: 'u1', subject: ticket.subject } }, 'final_message');
  await run('DataPipeline (failing)', 'the source is missing, the failure edge reaches the error handler', 'data-pipeline.csv', { collection: 'azure://raw-data/missing.json' }, 'error_report');
  return outcomes;
}
