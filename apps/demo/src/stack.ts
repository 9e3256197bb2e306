import { join } from 'node:path';
import {
  type MeteredStore,
  type ObjectStore,
  type RouterStoreTarget,
  type StorageConfig,
  createLocalStore,
  createMemoryStore,
  createStorageRouter,
  withConcurrencyLimit,
  withMetrics,
  withRetry,
  withTimeout,
} from '@agentmap/storage-core';
import { createAgentServices } from '@agentmap/storage-agents';
import { cacheFromConfig, createRoutingDecisionCache } from '@agentmap/storage-cache';
import { createCsvStorage } from '@agentmap/storage-csv';
import { createFileStorage } from '@agentmap/storage-file';
import { type AuditLog, createAuditLog, withAudit } from '@agentmap/storage-governance';
import { createJsonStorage } from '@agentmap/storage-json';
import { createHashingEmbedder, createLocalVectorStore, createVectorStorage, localVectorProvider, vectorStoreFromConfig } from '@agentmap/storage-vector';
import { cloudBackends } from './cloud-backends';

/** The layers every store of the demo gets, outermost first: metrics see retries as one call, audit records each attempt's outcome. */
export function layered(store: ObjectStore, audit?: AuditLog): MeteredStore {
  const inner: ObjectStore = withRetry(withTimeout(withConcurrencyLimit(store, { maxConcurrent: 16 }), { timeoutMs: 10_000 }), { retries: 3 });
  return withMetrics(audit ? withAudit(inner, { log: audit }) : inner);
}

/** The directory the demo writes to: the JSON section's local base directory. */
export function demoDir(config: StorageConfig): string {
  const local = (config as { json?: { providers?: { local?: { base_dir?: string } } } }).json?.providers?.local?.base_dir;
  return local ?? join(process.cwd(), '.agentmap-demo');
}

/**
 * One router for every service (each places its names by its own section) with the clouds
 * mapped by the config, every store wrapped in the demo's layers; the vector index and the
 * routing cache from their sections; an audit log under `<dir>/audit/`; and the agents' services.
 */
export async function createStack(config: StorageConfig) {
  const dir = demoDir(config);
  const sections = config as Record<string, unknown>;
  const caches = cacheFromConfig(sections.cache ?? {});
  const routing = caches.routing ?? createRoutingDecisionCache();
  const auditStore = createLocalStore({ baseDir: join(dir, 'audit') });
  const audit = createAuditLog({ store: auditStore });
  const metered: Array<{ label: string; store: MeteredStore }> = [];
  const wrap = (store: ObjectStore, target: RouterStoreTarget) => {
    const m = layered(store, audit);
    metered.push({ label: target.scheme === 'local' ? 'local' : `${target.scheme}://${target.container}`, store: m });
    return m;
  };
  const router = createStorageRouter({ config, wrap, backends: await cloudBackends(config, dir) });
  const index = sections.vector ? await vectorStoreFromConfig(sections.vector, { backends: [localVectorProvider] }) : createLocalVectorStore({ store: createMemoryStore() });
  const vectors = createVectorStorage({ index, embedder: createHashingEmbedder({ dimensions: 256 }) });
  return {
    dir,
    metered,
    router,
    routing,
    auditStore,
    json: createJsonStorage({ router }),
    csv: createCsvStorage({ router }),
    files: createFileStorage({ router }),
    vectors,
    agentServices: createAgentServices({ router, vectors, routingCaches: { routing_cache: routing } }),
    /** Flushes the audit log, then closes stores and caches. */
    async close() {
      await audit.close();
      await router.close();
      await caches.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof createStack>>;
