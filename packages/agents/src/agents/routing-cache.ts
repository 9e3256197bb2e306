import { StorageError } from '@agentmap/storage-core';
import type { RoutingRequest } from '@agentmap/storage-cache';
import { z } from 'zod';
import { PROVIDER } from '../errors';
import type { AgentContext } from '../types';
import { baseConfig, collectionOf, dataOf, defineStorageAgent, nodeError } from './define';

const LOOKUP = 'routing_decision_cache';

const requestConfig = {
  ...baseConfig,
  workflow_id: z.string().min(1).optional().describe('Scope of the decisions; default the graph name.'),
  agent_id: z.string().min(1).optional().describe('Narrows the scope to one deciding agent.'),
};

function request(config: { workflow_id?: string | undefined; agent_id?: string | undefined }, context: AgentContext, inputs: Record<string, unknown>): RoutingRequest {
  return { workflowId: config.workflow_id ?? context.graph, ...(config.agent_id ? { agentId: config.agent_id } : {}), inputs };
}

/**
 * Looks a routing decision up. A hit goes to the output field and the success edge; a miss
 * takes the failure edge (NOT_FOUND), which is where the guide's SmartRouting asks the LLM.
 */
export const routingDecisionCache = defineStorageAgent({
  type: LOOKUP,
  description: 'Looks up a cached routing decision for the input fields; a miss takes the failure edge (to the deciding agent).',
  capabilities: ['cache', 'routing', 'data_reading'],
  inputs: [{ name: 'inputs', description: 'The input fields the decision depends on (their values form the key; field order never matters).', required: true }],
  output: 'The cached decision.',
  config: z.looseObject(requestConfig),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const decision = await context.services.routingCache(collection).get(request(config, context, inputs));
    if (decision === undefined) {
      throw new StorageError('NOT_FOUND', `No cached routing decision in "${collection}" for these inputs; the failure edge decides and routing_cache_writer stores it.`, { provider: PROVIDER });
    }
    return decision;
  },
});

/** Stores a routing decision under the same key the lookup uses. */
export const routingCacheWriter = defineStorageAgent({
  type: 'routing_cache_writer',
  description: "Caches a routing decision under the key of the graph's routing_decision_cache lookup (same collection), with a TTL in seconds.",
  capabilities: ['cache', 'routing', 'data_writing'],
  inputs: [{ name: 'decision', description: 'The decision to cache (first input field).', required: true }],
  output: '{ success, collection, ttl }.',
  config: z.looseObject({
    ...requestConfig,
    ttl: z.number().positive().optional().describe('Seconds the decision lives (default the cache’s, 30 minutes).'),
    key_fields: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional().describe("State fields forming the key; default the lookup node's input fields."),
  }),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const keyFields = config.key_fields === undefined ? lookupFields(collection, context) : [config.key_fields].flat();
    const keyInputs = Object.fromEntries(keyFields.filter((f) => context.state[f] !== undefined).map((f) => [f, context.state[f]]));
    const ttl = config.ttl === undefined ? undefined : Math.round(config.ttl * 1000);
    await context.services.routingCache(collection).set(request(config, context, keyInputs), dataOf(inputs, context), ttl === undefined ? {} : { ttl });
    return { success: true, collection, ...(config.ttl === undefined ? {} : { ttl: config.ttl }) };
  },
});

function lookupFields(collection: string, context: AgentContext): string[] {
  for (const node of context.nodes.values()) {
    const lookupCollection = (node.context.collection as string | undefined) ?? node.prompt?.trim();
    if (node.agentType === LOOKUP && lookupCollection === collection) return node.inputFields;
  }
  throw nodeError(context, `finds no ${LOOKUP} node for collection "${collection}" to share its key; name the fields with {'key_fields': ['input_data']}`);
}
