import type { StorageRouter } from '@agentmap/storage-core';
import type { AgentServices } from './services';

/** The values a run carries from node to node, by field name. */
export type GraphState = Record<string, unknown>;

/** One row of a graph CSV, columns read and context parsed. */
export interface GraphNode {
  graph: string;
  name: string;
  /** Unconditional next node (`next_node`), used when no success/failure edge applies. */
  next: string | undefined;
  onSuccess: string | undefined;
  onFailure: string | undefined;
  /** The context column, parsed: JSON or a Python dict literal, or `{ description }` for plain text. */
  context: Record<string, unknown>;
  agentType: string;
  inputFields: string[];
  outputField: string | undefined;
  prompt: string | undefined;
  /** 1-based line of the row in its CSV, for messages. */
  line: number;
}

/** What an agent is told about the step it runs. */
export interface AgentContext {
  graph: string;
  node: GraphNode;
  /** The whole run's state before this step (read-only: agents return values, the runner stores them). */
  state: Readonly<GraphState>;
  /** Every node of the graph, by name. */
  nodes: ReadonlyMap<string, GraphNode>;
  services: AgentServices;
  signal: AbortSignal | undefined;
}

/** A user agent as a function: its return value goes to the node's output field. */
export type AgentFunction = (inputs: Record<string, unknown>, context: AgentContext) => unknown;

/** A user agent as an object, as in the Python original. */
export interface AgentObject {
  process(inputs: Record<string, unknown>, context: AgentContext): unknown;
}

/** Either form of agent. */
export type Agent = AgentFunction | AgentObject;

/** The error a failed step leaves in `state.error`, plain data so state stays serialisable. */
export interface StepError {
  node: string;
  agentType: string;
  /** A StorageError code (`NOT_FOUND`, `INVALID_ARGUMENT`…; `INTERNAL` for a plain Error). */
  code: string;
  message: string;
}

/** One event per step of a run. */
export interface StepEvent {
  step: number;
  graph: string;
  node: string;
  agentType: string;
  inputs: Record<string, unknown>;
  outcome: 'success' | 'failure';
  /** What the agent returned (success only). */
  output?: unknown;
  outputField?: string;
  error?: StepError;
  /** The node run next, or undefined when the run ends here. */
  next: string | undefined;
  durationMs: number;
}

/** Options of {@link runGraph}. */
export interface RunGraphOptions {
  /** The graph CSV text (the guide's columns; comment lines starting with `#` and blank lines are skipped). */
  csv: string;
  /** The graph to run; default the only graph in the CSV. */
  graph?: string;
  /** The initial state. */
  state?: GraphState;
  /** User agents by agent type (LLM steps, validators…): functions or objects with `process(inputs)`. */
  agents?: Record<string, Agent>;
  /** Resolves collections and URIs for the storage agents. */
  router?: StorageRouter;
  /** The `storage:` config, to build a router when none is given. */
  config?: Record<string, unknown>;
  /** Services the storage agents use; default made from `router`/`config` by `createAgentServices`. */
  services?: AgentServices;
  /** Node to start at; default the graph's first row. */
  start?: string;
  /** Steps before the run is stopped as a cycle; default 100. */
  maxSteps?: number;
  /** Called after every step. */
  onStep?: (event: StepEvent) => void;
  signal?: AbortSignal;
}

/** What {@link runGraph} returns. */
export interface RunGraphResult {
  state: GraphState;
  /** The nodes run, in order. */
  path: string[];
  steps: StepEvent[];
  /** `failure` when the last step failed with no failure edge to take. */
  outcome: 'success' | 'failure';
  /** Context keys no agent reads (the guide's `backup`, `encrypt`…), one line each: they change nothing. */
  warnings: string[];
}
