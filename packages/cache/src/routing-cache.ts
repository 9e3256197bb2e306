import { randomUUID } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import { createCache } from './cache/create-cache';
import { checkTtl } from './checks';
import { sha256Hex, stableStringify } from './hash';
import type { Cache } from './types';
import { checkOptions } from './options';

/** How a request becomes a key. */
export type RoutingKeyStrategy = 'content_hash' | 'input_hash';

/** Options of {@link createRoutingDecisionCache}. */
export interface RoutingDecisionCacheOptions {
  /** Where decisions live; default a memory cache of 5000 entries. Share a Redis-backed one across processes. */
  cache?: Cache;
  /** Milliseconds a decision lives after its last use (sliding) or its write. Default 1 800 000 (30 min). */
  ttl?: number;
  /**
   * `content_hash` (default): the whole request (workflow, agent, versions, inputs) is hashed.
   * `input_hash`: only the inputs are hashed, so agents of one workflow share decisions.
   */
  keyStrategy?: RoutingKeyStrategy;
  /** A hit renews the TTL (default true), never past `maxAge`. */
  slidingTtl?: boolean;
  /** Milliseconds after its first write a decision is dropped however often it is used. Default 86 400 000. */
  maxAge?: number;
  /** Price of one LLM routing call, for `estimatedSavings`. Default 0. */
  costPerCall?: number;
}

/** A routing request. Field order inside `inputs` never changes the key. */
export interface RoutingRequest {
  workflowId: string;
  agentId?: string;
  inputs: unknown;
  /** A workflow's version or content hash: a changed workflow misses (on_workflow_change). */
  workflowVersion?: string;
  /** An agent's version: an updated agent misses (on_agent_update). */
  agentVersion?: string;
}

export interface RoutingAnalytics {
  hits: number;
  misses: number;
  hitRate: number;
  /** Hits: each is an LLM call not made. */
  llmCallsAvoided: number;
  /** `llmCallsAvoided × costPerCall`. */
  estimatedSavings: number;
  invalidations: number;
}

export interface RoutingDecisionCache {
  get<T = unknown>(request: RoutingRequest): Promise<T | undefined>;
  set(request: RoutingRequest, decision: unknown, options?: { ttl?: number }): Promise<void>;
  /** Drops the decisions of a workflow, of an agent, or (with neither) all of them. */
  invalidate(scope?: { workflowId?: string; agentId?: string }): Promise<void>;
  analytics(): RoutingAnalytics;
}

interface Entry {
  decision: unknown;
  createdAt: number;
}

const OPTION_KEYS = ['cache', 'ttl', 'keyStrategy', 'slidingTtl', 'maxAge', 'costPerCall'];

/**
 * LLM routing decisions, keyed by a hash of the request. Invalidation bumps a generation
 * token kept in the cache itself, so every process sharing the cache sees it.
 */
export function createRoutingDecisionCache(options: RoutingDecisionCacheOptions = {}): RoutingDecisionCache {
  checkOptions(options, OPTION_KEYS, 'createRoutingDecisionCache', { provider: 'cache' });
  const ttl = checkTtl(options.ttl, 'createRoutingDecisionCache') || 30 * 60 * 1000;
  const maxAge = checkTtl(options.maxAge, 'createRoutingDecisionCache maxAge') || 24 * 60 * 60 * 1000;
  const strategy = options.keyStrategy ?? 'content_hash';
  if (strategy !== 'content_hash' && strategy !== 'input_hash') {
    throw new StorageError('INVALID_ARGUMENT', `createRoutingDecisionCache: keyStrategy is content_hash or input_hash; got ${JSON.stringify(strategy)}.`, {
      provider: 'cache',
    });
  }
  const cost = options.costPerCall ?? 0;
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) {
    throw new StorageError('INVALID_ARGUMENT', `createRoutingDecisionCache: costPerCall must be a number ≥ 0; got ${String(cost)}.`, { provider: 'cache' });
  }
  const sliding = options.slidingTtl ?? true;
  const cache = options.cache ?? createCache({ levels: [{ name: 'memory', maxSize: 5000 }] });
  const counters = { hits: 0, misses: 0, invalidations: 0 };

  const generation = async (scope: string) => (await cache.get<string>(`routing:gen:${scope}`)) ?? '0';

  function checkRequest(request: RoutingRequest, where: string): void {
    if (typeof request !== 'object' || request === null || typeof request.workflowId !== 'string' || request.workflowId === '') {
      throw new StorageError('INVALID_ARGUMENT', `${where}: the request needs { workflowId, inputs } (agentId optional).`, { provider: 'cache' });
    }
    checkOptions(request, ['workflowId', 'agentId', 'inputs', 'workflowVersion', 'agentVersion'], where, { provider: 'cache' });
  }

  async function keyOf(request: RoutingRequest): Promise<string> {
    const agent = request.agentId ?? '';
    const [all, workflow, agentGen] = await Promise.all([generation('*'), generation(`w:${request.workflowId}`), generation(`a:${agent}`)]);
    const hashed =
      strategy === 'content_hash'
        ? { workflowId: request.workflowId, agentId: agent, workflowVersion: request.workflowVersion, agentVersion: request.agentVersion, inputs: request.inputs }
        : { workflowId: request.workflowId, workflowVersion: request.workflowVersion, inputs: request.inputs };
    return `routing:${sha256Hex(stableStringify([all, workflow, strategy === 'content_hash' ? agentGen : '', hashed]))}`;
  }

  return {
    async get<T>(request: RoutingRequest) {
      checkRequest(request, 'routing.get');
      const key = await keyOf(request);
      const entry = await cache.get<Entry>(key);
      if (entry === undefined || Date.now() - entry.createdAt > maxAge) {
        if (entry !== undefined) await cache.delete(key);
        counters.misses++;
        return undefined;
      }
      counters.hits++;
      if (sliding) await cache.set(key, entry, { ttl: Math.max(1, Math.min(ttl, entry.createdAt + maxAge - Date.now())) });
      return entry.decision as T;
    },
    async set(request, decision, setOptions = {}) {
      checkRequest(request, 'routing.set');
      const entryTtl = checkTtl(setOptions.ttl, 'routing.set') || ttl;
      await cache.set(await keyOf(request), { decision, createdAt: Date.now() } satisfies Entry, { ttl: Math.min(entryTtl, maxAge) });
    },
    async invalidate(scope = {}) {
      checkOptions(scope, ['workflowId', 'agentId'], 'routing.invalidate', { provider: 'cache' });
      const scopes: string[] = [];
      if (scope.workflowId !== undefined) scopes.push(`w:${scope.workflowId}`);
      if (scope.agentId !== undefined) scopes.push(`a:${scope.agentId}`);
      if (scopes.length === 0) scopes.push('*');
      // A new token makes every key built with the old one unreachable; they expire on their own.
      await Promise.all(scopes.map((s) => cache.set(`routing:gen:${s}`, randomUUID(), { ttl: 0 })));
      counters.invalidations++;
    },
    analytics() {
      const total = counters.hits + counters.misses;
      return {
        hits: counters.hits,
        misses: counters.misses,
        hitRate: total === 0 ? 0 : counters.hits / total,
        llmCallsAvoided: counters.hits,
        estimatedSavings: counters.hits * cost,
        invalidations: counters.invalidations,
      };
    },
  };
}
