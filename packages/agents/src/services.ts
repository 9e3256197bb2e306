import { type StorageRouter, createMemoryStore, createStorageRouter } from '@agentmap/storage-core';
import { type RoutingDecisionCache, createRoutingDecisionCache } from '@agentmap/storage-cache';
import { type CsvStorage, createCsvStorage } from '@agentmap/storage-csv';
import { type FileStorage, createFileStorage } from '@agentmap/storage-file';
import { type JsonStorage, createJsonStorage } from '@agentmap/storage-json';
import { type Embedder, type VectorStorage, createHashingEmbedder, createLocalVectorStore, createVectorStorage } from '@agentmap/storage-vector';

/** What the storage agents call. Every service is made on first use. */
export interface AgentServices {
  readonly router: StorageRouter;
  json(): JsonStorage;
  csv(): CsvStorage;
  file(): FileStorage;
  vector(): VectorStorage;
  embedder(): Embedder;
  /** The routing-decision cache of a collection (`routing_cache` in the guide's SmartRouting). */
  routingCache(collection: string): RoutingDecisionCache;
}

/** Options of {@link createAgentServices}. */
export interface AgentServicesOptions {
  /** Resolves collections and URIs; default one built from `config`, else URIs and `memory://` only. */
  router?: StorageRouter;
  /** The `storage:` config, to build the router from. */
  config?: Record<string, unknown>;
  /** The vector service; default the exact local index in memory with `embedder`. */
  vectors?: VectorStorage;
  /** Embeds queries and documents; default the offline hashing embedder (256 dimensions). */
  embedder?: Embedder;
  /** Routing-decision caches by collection; a missing one is made in memory on first use. */
  routingCaches?: Record<string, RoutingDecisionCache>;
}

/** Builds the services the storage agents use, from a router or a config. */
export function createAgentServices(options: AgentServicesOptions = {}): AgentServices {
  const router = options.router ?? createStorageRouter(options.config ? { config: options.config } : {});
  const once = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const embedder = once(() => options.embedder ?? options.vectors?.embedder ?? createHashingEmbedder({ dimensions: 256 }));
  const caches = new Map(Object.entries(options.routingCaches ?? {}));
  return {
    router,
    json: once(() => createJsonStorage({ router })),
    csv: once(() => createCsvStorage({ router })),
    file: once(() => createFileStorage({ router })),
    embedder,
    vector: once(() => options.vectors ?? createVectorStorage({ index: createLocalVectorStore({ store: createMemoryStore() }), embedder: embedder() })),
    routingCache(collection) {
      let cache = caches.get(collection);
      if (!cache) caches.set(collection, (cache = createRoutingDecisionCache()));
      return cache;
    },
  };
}
