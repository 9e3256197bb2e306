import { StorageError } from '@agentmap/storage-core';
import { abortError } from '@agentmap/storage-core/kit';
import { storageAgents } from '../agents';
import { echo } from '../agents/echo';
import { PROVIDER, asStorageError, invalid } from '../errors';
import { createAgentServices } from '../services';
import type { Agent, AgentContext, AgentFunction, GraphNode, GraphState, RunGraphOptions, RunGraphResult, StepError, StepEvent } from '../types';
import { type Graph, parseGraphCsv } from './parse-graph';

const DEFAULT_MAX_STEPS = 100;
const MAX_STEPS_CAP = 100_000;

/**
 * Runs one graph of a graph CSV (the guide's columns) from its first row (or `start`).
 *
 * Each step reads the node's input fields from the state, runs its agent (a storage agent, `Echo`,
 * or one of `agents`), and stores the return value in the output field. A step that throws, or a
 * storage operation that fails, leaves `{ node, agentType, code, message }` in `state.error` and
 * takes `next_on_failure`; success takes `next_on_success`, else `next_node`. With no edge to take
 * the run ends. Runs are deterministic: no concurrency, no clocks in the state.
 *
 * Everything is checked before the first step: unknown graph, agent types without an agent, bad
 * contexts (`INVALID_ARGUMENT` naming the node). A run longer than `maxSteps` (a cycle) is
 * `INVALID_ARGUMENT`. Context keys a storage agent does not read are listed in `warnings`.
 */
export async function runGraph(options: RunGraphOptions): Promise<RunGraphResult> {
  if (typeof options !== 'object' || options === null) throw invalid('runGraph needs { csv, graph?, state?, agents?, router? }.');
  const graphs = parseGraphCsv(options.csv);
  const graph = pickGraph(graphs, options.graph);
  const maxSteps = checkMaxSteps(options.maxSteps);
  const warnings: string[] = [];
  const resolveAgent = agentResolver(options.agents ?? {}, warnings);
  const runners = new Map<string, AgentFunction>();
  for (const node of graph.values()) {
    runners.set(node.name, resolveAgent(node));
  }
  const first = options.start ?? graph.keys().next().value!;
  if (!graph.has(first)) throw invalid(`runGraph: start node "${first}" is not in graph "${graph.values().next().value!.graph}".`);

  const services = options.services ?? createAgentServices({ ...(options.router ? { router: options.router } : {}), ...(options.config ? { config: options.config } : {}) });
  let state: GraphState = { ...(options.state ?? {}) };
  const path: string[] = [];
  const steps: StepEvent[] = [];
  let current: string | undefined = first;
  let outcome: RunGraphResult['outcome'] = 'success';

  while (current !== undefined) {
    if (options.signal?.aborted) throw abortError(options.signal, PROVIDER);
    if (steps.length >= maxSteps) {
      throw invalid(`Graph "${graph.get(first)!.graph}" ran ${maxSteps} steps without ending (path ends ${path.slice(-5).join(' -> ')}); a cycle? Give its loop an exit, or raise maxSteps.`);
    }
    const node: GraphNode = graph.get(current)!;
    const inputs = Object.fromEntries(node.inputFields.filter((f) => Object.hasOwn(state, f)).map((f) => [f, state[f]]));
    const context: AgentContext = { graph: node.graph, node, state, nodes: graph, services, signal: options.signal };
    const started = performance.now();
    let event: StepEvent;
    try {
      const output = await runners.get(node.name)!(inputs, context);
      state = node.outputField ? { ...state, [node.outputField]: output } : state;
      const next = node.onSuccess ?? node.next;
      event = { step: steps.length + 1, graph: node.graph, node: node.name, agentType: node.agentType, inputs, outcome: 'success', output, ...(node.outputField ? { outputField: node.outputField } : {}), next, durationMs: performance.now() - started };
      outcome = 'success';
    } catch (thrown) {
      if (options.signal?.aborted) throw abortError(options.signal, PROVIDER);
      const failure = asStorageError(thrown);
      const error: StepError = { node: node.name, agentType: node.agentType, code: failure.code, message: failure.message };
      state = { ...state, error };
      const next = node.onFailure ?? (node.onSuccess === undefined ? node.next : undefined);
      event = { step: steps.length + 1, graph: node.graph, node: node.name, agentType: node.agentType, inputs, outcome: 'failure', error, next, durationMs: performance.now() - started };
      outcome = next === undefined ? 'failure' : 'success';
    }
    path.push(node.name);
    steps.push(event);
    options.onStep?.(event);
    current = event.next;
  }
  return { state, path, steps, outcome, warnings };
}

function storageAgentFor(node: GraphNode) {
  const type = [node.agentType, node.agentType.toLowerCase()].find((name) => Object.hasOwn(storageAgents, name));
  return type === undefined ? undefined : storageAgents[type];
}

/** User agents first (exact, then any case), then storage agents, then Echo. */
function agentResolver(agents: Record<string, Agent>, warnings: string[]) {
  if (typeof agents !== 'object' || agents === null) throw invalid('runGraph: agents must be an object of agent type -> function or { process(inputs) }.');
  const byLowerName = new Map(Object.entries(agents).map(([name, agent]) => [name.toLowerCase(), agent]));
  return (node: GraphNode): AgentFunction => {
    const agent = Object.hasOwn(agents, node.agentType) ? agents[node.agentType] : byLowerName.get(node.agentType.toLowerCase());
    if (agent !== undefined) return userAgent(agent, node);
    const storage = storageAgentFor(node);
    if (storage) {
      storage.configure(node); // a bad context fails the run before its first step
      for (const key of storage.unusedKeys(node)) {
        warnings.push(`Graph "${node.graph}", node "${node.name}": ${storage.type} does not use context key "${key}"; it is ignored.`);
      }
      return (inputs, context) => storage.process(inputs, context);
    }
    if (node.agentType.toLowerCase() === 'echo') return echo;
    throw invalid(
      `Graph "${node.graph}", node "${node.name}": no agent for agent_type "${node.agentType}". Pass it in runGraph({ agents: { ${JSON.stringify(node.agentType)}: (inputs) => … } }), ` +
        `or use a storage agent (${Object.keys(storageAgents).join(', ')}) or Echo.`,
    );
  };
}

function userAgent(agent: Agent, node: GraphNode): AgentFunction {
  if (typeof agent === 'function') return agent;
  if (typeof agent === 'object' && agent !== null && typeof agent.process === 'function') return (inputs, context) => agent.process(inputs, context);
  throw invalid(`runGraph: the agent for "${node.agentType}" must be a function or an object with process(inputs, context).`);
}

function pickGraph(graphs: Map<string, Graph>, name: string | undefined): Graph {
  if (name === undefined) {
    if (graphs.size === 1) return graphs.values().next().value!;
    throw invalid(`runGraph: the CSV holds ${graphs.size === 0 ? 'no graphs' : `several graphs (${[...graphs.keys()].join(', ')}); name one with { graph }`}.`);
  }
  const graph = graphs.get(name);
  if (!graph) throw invalid(`runGraph: no graph "${name}" in the CSV; it holds ${[...graphs.keys()].join(', ') || 'none'}.`);
  return graph;
}

function checkMaxSteps(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_STEPS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_STEPS_CAP) {
    throw new StorageError('INVALID_ARGUMENT', `runGraph: maxSteps must be a whole number from 1 to ${MAX_STEPS_CAP}; got ${JSON.stringify(value)}.`, { provider: PROVIDER });
  }
  return value;
}
