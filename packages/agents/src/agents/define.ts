import { StorageError, type StorageResult } from '@agentmap/storage-core';
import { z } from 'zod';
import { PROVIDER, invalid } from '../errors';
import type { AgentContext, GraphNode } from '../types';

/** One input an agent reads from the state (through the node's input fields). */
export interface AgentField {
  name: string;
  description: string;
  required: boolean;
}

/** A catalog entry: what a host application lists and validates. */
export interface StorageAgentInfo {
  /** The agent type written in a graph's agent_type column. */
  readonly type: string;
  readonly description: string;
  /** Tags to find agents by (`storage`, `json`, `data_reading`…). */
  readonly capabilities: readonly string[];
  readonly inputs: readonly AgentField[];
  /** What the agent writes to the node's output field. */
  readonly output: string;
  /** The node context's schema (snake_case keys, as graphs write them); unknown keys are allowed. */
  readonly configSchema: z.ZodType<Record<string, unknown>>;
  /** `configSchema` as JSON Schema (draft 2020-12), for hosts that do not use zod. */
  readonly jsonSchema: Record<string, unknown>;
}

/** A storage agent: its catalog entry, plus the step it runs. */
export interface StorageAgent extends StorageAgentInfo {
  /** Checks a node's context against `configSchema`; a bad value is `INVALID_ARGUMENT` naming the node and the key. */
  configure(node: GraphNode): Record<string, unknown>;
  /** Context keys of `node` this agent does not read (`backup`, `encrypt`… in the guide's graphs): kept, but they change nothing. */
  unusedKeys(node: GraphNode): string[];
  /** Runs the step: reads `inputs`, calls a service, returns the value for the output field; a storage failure throws. */
  process(inputs: Record<string, unknown>, context: AgentContext): Promise<unknown>;
}

interface Definition<S extends z.ZodType<Record<string, unknown>>> {
  type: string;
  description: string;
  capabilities: string[];
  inputs: AgentField[];
  output: string;
  config: S;
  run(inputs: Record<string, unknown>, config: z.output<S>, context: AgentContext): Promise<unknown>;
}

/** Keys every storage agent's context may carry. */
export const baseConfig = {
  collection: z.string().min(1).optional().describe('Collection name or URI; else the `collection` input, else the prompt.'),
  description: z.string().optional().describe('Free text (a context column that is not a literal lands here).'),
};

/** Builds a storage agent from its definition; configs are checked once per node and kept. */
export function defineStorageAgent<S extends z.ZodType<Record<string, unknown>>>(definition: Definition<S>): StorageAgent {
  const checked = new WeakMap<GraphNode, z.output<S>>();
  let jsonSchema: Record<string, unknown> | undefined;
  const configure = (node: GraphNode): z.output<S> => {
    const known = checked.get(node);
    if (known) return known;
    const parsed = definition.config.safeParse(node.context);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.path.length > 0 ? issue.path.join('.') : '(the context)';
      throw invalid(`Graph "${node.graph}", node "${node.name}" (${definition.type}): context ${key}: ${issue.message}. See storageAgentCatalog.${definition.type}.jsonSchema.`);
    }
    checked.set(node, parsed.data);
    return parsed.data;
  };
  return Object.freeze({
    type: definition.type,
    description: definition.description,
    capabilities: Object.freeze([...definition.capabilities]),
    inputs: Object.freeze(definition.inputs.map((f) => Object.freeze({ ...f }))),
    output: definition.output,
    configSchema: definition.config,
    get jsonSchema() {
      return (jsonSchema ??= z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
    },
    configure,
    unusedKeys: (node: GraphNode) => {
      const shape = (definition.config as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      return Object.keys(node.context).filter((key) => !Object.hasOwn(shape, key));
    },
    process: (inputs: Record<string, unknown>, context: AgentContext) => definition.run(inputs, configure(context.node), context),
  });
}

/** Input names that steer an operation rather than carry its data. */
const CONTROL_INPUTS = new Set(['collection', 'document_id', 'query', 'path', 'mode', 'format', 'id_field']);

/** The collection: the `collection` input, else the context's, else the prompt. */
export function collectionOf(inputs: Record<string, unknown>, config: { collection?: string | undefined }, context: AgentContext): string {
  const fromInput = inputs.collection;
  if (fromInput !== undefined && fromInput !== null && fromInput !== '') {
    if (typeof fromInput !== 'string') throw nodeError(context, `the collection input must be a string; got ${typeof fromInput}`);
    return fromInput;
  }
  const found = config.collection ?? context.node.prompt?.trim();
  if (!found) {
    throw nodeError(context, "has no collection: give it a `collection` input field, {'collection': 'users'} in its context, or the collection (or URI) as its prompt");
  }
  return found;
}

/** The document id: the `document_id` input, else the context's. */
export function documentIdOf(inputs: Record<string, unknown>, config: { document_id?: string | number | undefined }): string | number | undefined {
  const value = inputs.document_id ?? config.document_id;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new StorageError('INVALID_ARGUMENT', `document_id must be a string or a number; got ${typeof value}.`, { provider: PROVIDER });
  }
  return value;
}

/** The data a writer stores: the `data` input, else the first input field that is not a control field. */
export function dataOf(inputs: Record<string, unknown>, context: AgentContext): unknown {
  if ('data' in inputs) return inputs.data;
  const field = context.node.inputFields.find((name) => !CONTROL_INPUTS.has(name));
  if (field === undefined || !(field in inputs)) {
    const named = field === undefined ? 'it lists no data field in input_fields' : `the state has no "${field}"`;
    throw nodeError(context, `has nothing to write: ${named}`);
  }
  return inputs[field];
}

/** The first input that is not a control field (a searcher's query, a splitter's text). */
export function primaryInput(inputs: Record<string, unknown>, context: AgentContext, what: string): unknown {
  const field = context.node.inputFields.find((name) => !CONTROL_INPUTS.has(name)) ?? context.node.inputFields[0];
  const value = field === undefined ? undefined : inputs[field];
  if (value === undefined || value === null) {
    throw nodeError(context, `needs ${what} in its first input field${field ? ` ("${field}" is not in the state)` : ' (input_fields is empty)'}`);
  }
  return value;
}

/** A failed write or delete result becomes the error that takes the failure edge. */
export function settled(result: StorageResult): StorageResult {
  if (result.success) return result;
  throw new StorageError(result.error?.code ?? 'INTERNAL', result.error?.message ?? `${result.operation} on "${result.collection}" failed.`, { provider: PROVIDER });
}

/** Nothing found where something was required: `NOT_FOUND` naming the node and what it looked for. */
export function notFound(context: AgentContext, what: string): StorageError {
  return new StorageError('NOT_FOUND', `Node "${context.node.name}" (${context.node.agentType}) found nothing at ${what}. Write it first, or set {'required': False} to continue with no value.`, {
    provider: PROVIDER,
  });
}

/** `INVALID_ARGUMENT` naming the node. */
export function nodeError(context: AgentContext, problem: string): StorageError {
  return invalid(`Graph "${context.graph}", node "${context.node.name}" (${context.node.agentType}) ${problem}.`);
}

/** A timeout in seconds (as graphs write it) joined with the run's signal. */
export function signalFor(context: AgentContext, timeoutSeconds: number | undefined): AbortSignal | undefined {
  if (timeoutSeconds === undefined) return context.signal;
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  return context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
}

/** Schemas shared by several agents. */
export const fields = {
  documentId: z.union([z.string().min(1), z.number()]).optional().describe('The document (or row, or file) to address; else the `document_id` input.'),
  required: z.boolean().default(true).describe('When true (default) finding nothing takes the failure edge with NOT_FOUND; false continues with no value.'),
  mode: z.enum(['write', 'update', 'append']).default('write').describe('write replaces, update merges, append adds.'),
  query: z.record(z.string(), z.unknown()).optional().describe('Filter, sort, offset and limit, as the services take them.'),
  path: z.string().min(1).optional().describe('Dot path inside a document (`preferences.theme`).'),
  idField: z.string().min(1).optional().describe('The id column or field, when it is not detected.'),
  timeout: z.number().positive().optional().describe('Seconds before the operation is abandoned with TIMEOUT.'),
};
