export { storageAgents, storageAgentCatalog, findStorageAgents } from './agents';
export type { StorageAgent, StorageAgentInfo, AgentField } from './agents/define';
export type { EmbeddedQuery } from './agents/vector';
export type { TextChunk } from './agents/text-splitter';
export { runGraph } from './graph/run-graph';
export { parseGraphCsv, type Graph } from './graph/parse-graph';
export { formatPrompt } from './graph/prompt';
export { parseContext } from './context/parse-context';
export { parsePythonLiteral, LiteralSyntaxError } from './context/python-literal';
export { createAgentServices, type AgentServices, type AgentServicesOptions } from './services';
export type {
  Agent,
  AgentContext,
  AgentFunction,
  AgentObject,
  GraphNode,
  GraphState,
  RunGraphOptions,
  RunGraphResult,
  StepError,
  StepEvent,
} from './types';
