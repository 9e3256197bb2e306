import { blobReader, blobWriter } from './blob';
import { csvReader, csvWriter } from './csv';
import type { StorageAgent, StorageAgentInfo } from './define';
import { fileReader, fileWriter } from './file';
import { cloudJsonReader, cloudJsonWriter, jsonReader, jsonWriter } from './json';
import { routingCacheWriter, routingDecisionCache } from './routing-cache';
import { textSplitter } from './text-splitter';
import { vectorEmbedder, vectorReader, vectorSearcher, vectorWriter } from './vector';

const all = [
  csvReader,
  csvWriter,
  jsonReader,
  jsonWriter,
  fileReader,
  fileWriter,
  blobReader,
  blobWriter,
  cloudJsonReader,
  cloudJsonWriter,
  vectorReader,
  vectorSearcher,
  vectorWriter,
  vectorEmbedder,
  textSplitter,
  routingDecisionCache,
  routingCacheWriter,
];

/**
 * The guide's storage agents by agent type, ready for {@link runGraph} (which uses them for
 * any node whose agent_type names one) or for a host's own runner: `process(inputs, context)`.
 */
export const storageAgents: Readonly<Record<string, StorageAgent>> = Object.freeze(Object.fromEntries(all.map((agent) => [agent.type, agent])));

/**
 * One entry per storage agent: description, capabilities, inputs, output, and the config
 * schema as zod (`configSchema`) and as JSON Schema (`jsonSchema`), so a host application can
 * list agents, find them by capability, and validate a node's context before running it.
 */
export const storageAgentCatalog: Readonly<Record<string, StorageAgentInfo>> = storageAgents;

/** The catalog entries with a capability (`vector`, `data_writing`…). */
export function findStorageAgents(capability: string): StorageAgentInfo[] {
  return Object.values(storageAgentCatalog).filter((entry) => entry.capabilities.includes(capability));
}
