import { StorageError } from '@agentmap/storage-core';
import { raceAbort, validateOptions } from '@agentmap/storage-core/kit';
import {
  ALL_METRICS,
  assertSupported,
  checkCollection,
  checkIds,
  checkQueryObject,
  checkQueryOptions,
  checkRecords,
  checkVector,
  checkVectorValues,
  chunk,
  parseFilter,
  scoreFrom,
  withRetries,
  writeInBatches,
  type StoredVectorRecord,
  type VectorCapabilities,
  type VectorMatch,
  type VectorMetric,
  type VectorStore,
} from '@agentmap/storage-vector';
import { type Index, Pinecone } from '@pinecone-database/pinecone';
import { PROVIDER, createFetch, mapPineconeError } from './errors';
import { PINECONE_OPERATORS, compilePinecone, type Compiled } from './filter-pinecone';
import { PINECONE_LIMITS, decodeMetadata, decodeRecord, encodeRecord, pineconeId, type EncodedRecord } from './records';

export interface PineconeVectorStoreOptions {
  /** The project's API key. Never shown in errors, logs or results. */
  apiKey: string;
  /** The index holding every collection (as namespaces), or with `indexPerCollection` the prefix of each collection's index. */
  indexName: string;
  /**
   * Groups this store's collections inside the index: collection `kb` lives in namespace
   * `<namespace>:kb` (without it, in namespace `kb`). With `indexPerCollection`, the namespace
   * records live in inside each index (default `""`, Pinecone's default namespace).
   */
  namespace?: string;
  /** Explicit namespaces for some collections (the guide's `namespaces` map), e.g. `{ docs: 'documentation' }`. */
  namespaces?: Record<string, string>;
  /** One index per collection, named `<indexName>-<collection>` (1–45 lower-case letters, digits or `-`), instead of one namespace per collection. */
  indexPerCollection?: boolean;
  /** The control plane (default `https://api.pinecone.io`); a test server's URL in tests. */
  controllerHostUrl?: string;
  /** The index's host, when known: saves the describe call (namespace mode only; give `metric` as the index's then). */
  indexHost?: string;
  /** Metric of indexes this store creates (default `cosine`); an existing index keeps its own. */
  metric?: VectorMetric;
  /** Create a missing index on the first upsert, with that batch's dimension (default true). */
  createIndex?: boolean;
  /** Where created serverless indexes live (default `aws` / `us-east-1`). */
  cloud?: 'aws' | 'gcp' | 'azure';
  region?: string;
  /** Per request (default 30,000 ms). `TIMEOUT` when it passes. */
  timeoutMs?: number;
  /** Further attempts after a 429, 5xx, timeout or refused connection (default 3), honouring `Retry-After`. */
  retries?: number;
  /** Records per upsert request (default and most 1,000; requests also stay under Pinecone's 2 MB). */
  maxBatch?: number;
  /** Requests in flight per upsert or read (default 4). */
  concurrency?: number;
  /** How long to wait for a created index to become ready (default 300,000 ms). */
  readyTimeoutMs?: number;
}

type PineconeMetric = 'cosine' | 'dotproduct' | 'euclidean';

interface Target {
  index: Index;
  namespace: string;
  dimension: number;
  metric: PineconeMetric;
}

const INDEX_NAME_RULE = /^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/;
const OPTION_KEYS = [
  'apiKey',
  'indexName',
  'namespace',
  'namespaces',
  'indexPerCollection',
  'controllerHostUrl',
  'indexHost',
  'metric',
  'createIndex',
  'cloud',
  'region',
  'timeoutMs',
  'retries',
  'maxBatch',
  'concurrency',
  'readyTimeoutMs',
];

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A VectorStore on Pinecone through the official client. Collections are namespaces of one
 * index (or, with `indexPerCollection`, indexes of their own); the index is created on the
 * first upsert when missing. Metadata is stored under typed keys so filters keep the meaning
 * of our filter language (see `compilePinecone`); text and ids Pinecone cannot hold travel in
 * reserved metadata keys. Every request has a timeout, and 429, 5xx and timeouts are retried
 * with backoff that honours `Retry-After`.
 */
export function createPineconeVectorStore(options: PineconeVectorStoreOptions): VectorStore {
  const given: unknown = options;
  validateOptions(given, OPTION_KEYS, 'createPineconeVectorStore', { provider: PROVIDER });
  if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) {
    throw invalid('createPineconeVectorStore needs { apiKey }: the API key of your Pinecone project (for example from process.env.PINECONE_API_KEY).');
  }
  if (typeof options.indexName !== 'string' || !INDEX_NAME_RULE.test(options.indexName)) {
    throw invalid('createPineconeVectorStore: indexName must be 1 to 45 lower-case letters, digits or "-", starting and ending with a letter or digit (Pinecone\'s rule for index names).');
  }
  const metric = options.metric ?? 'cosine';
  if (!ALL_METRICS.includes(metric)) throw invalid(`createPineconeVectorStore: metric must be one of ${ALL_METRICS.join(', ')}.`);
  const whole = (name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min || v > max) throw invalid(`createPineconeVectorStore: ${name} must be a whole number from ${min} to ${max}.`);
    return v;
  };
  const timeoutMs = whole('timeoutMs', options.timeoutMs, 30_000, 1);
  const retries = whole('retries', options.retries, 3, 0, 20);
  const maxBatch = whole('maxBatch', options.maxBatch, PINECONE_LIMITS.maxUpsertRecords, 1, PINECONE_LIMITS.maxUpsertRecords);
  const concurrency = whole('concurrency', options.concurrency, 4, 1, 64);
  const readyTimeoutMs = whole('readyTimeoutMs', options.readyTimeoutMs, 300_000, 0);
  const perCollection = options.indexPerCollection === true;
  const prefix = options.namespace;
  if (prefix !== undefined && typeof prefix !== 'string') throw invalid('createPineconeVectorStore: namespace must be a string.');
  const mapped = new Map(Object.entries(options.namespaces ?? {}));
  for (const [collection, ns] of mapped) {
    if (typeof ns !== 'string' || ns.length === 0) throw invalid(`createPineconeVectorStore: namespaces.${collection} must be a non-empty namespace name.`);
  }
  const secrets = [options.apiKey];
  const client = new Pinecone({
    apiKey: options.apiKey,
    ...(options.controllerHostUrl === undefined ? {} : { controllerHostUrl: options.controllerHostUrl }),
    fetchApi: createFetch(timeoutMs),
    // Retries are ours (withRetries), so Retry-After is honoured and each attempt has its own timeout.
    maxRetries: 0,
  });

  /** One client call, mapped onto StorageError and retried when that is safe. */
  function call<T>(what: string, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    const once = async () => {
      try {
        return await raceAbort(run(), signal, PROVIDER);
      } catch (error) {
        throw mapPineconeError(error, what, secrets);
      }
    };
    return withRetries(once, { retries, provider: PROVIDER, ...(signal ? { signal } : {}) });
  }

  function namespaceFor(collection: string): string {
    if (perCollection) return prefix ?? '';
    return mapped.get(collection) ?? (prefix === undefined ? collection : `${prefix}:${collection}`);
  }

  function indexNameFor(collection: string): string {
    if (!perCollection) return options.indexName;
    const name = `${options.indexName}-${collection}`;
    if (!INDEX_NAME_RULE.test(name)) {
      throw invalid(
        `Collection "${collection}" cannot name a Pinecone index: "${name}" must be 1 to 45 lower-case letters, digits or "-", starting and ending with a letter or digit. Use such a collection name, or one index with namespaces (indexPerCollection: false).`,
      );
    }
    return name;
  }

  function fromPineconeMetric(m: string | undefined): PineconeMetric {
    return m === 'dotproduct' || m === 'euclidean' ? m : 'cosine';
  }

  /** The index of a collection, or undefined when it does not exist. */
  async function describe(name: string, signal: AbortSignal | undefined): Promise<Omit<Target, 'namespace'> | undefined> {
    if (options.indexHost !== undefined && !perCollection) {
      const index = client.index({ host: options.indexHost });
      const stats = await call(`describe index "${name}"`, signal, () => index.describeIndexStats());
      // The stats carry no metric (the client drops it): with a known host the store's `metric` names the index's.
      return { index, dimension: stats.dimension ?? 0, metric: metric === 'dot' ? 'dotproduct' : metric };
    }
    try {
      const model = await call(`describe index "${name}"`, signal, () => client.describeIndex(name));
      if (!model.status?.ready) return { index: client.index({ name, host: model.host }), dimension: -1, metric: fromPineconeMetric(model.metric) };
      return { index: client.index({ name, host: model.host }), dimension: model.dimension ?? 0, metric: fromPineconeMetric(model.metric) };
    } catch (error) {
      if ((error as StorageError).code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  const targets = new Map<string, Promise<Omit<Target, 'namespace'> | undefined>>();

  async function openIndex(name: string, signal: AbortSignal | undefined): Promise<Omit<Target, 'namespace'> | undefined> {
    let pending = targets.get(name);
    if (!pending) {
      pending = describe(name, signal);
      targets.set(name, pending);
      pending.then(
        (found) => {
          // Missing or not ready yet: ask again next time.
          if (!found || found.dimension < 0) targets.delete(name);
        },
        () => targets.delete(name),
      );
    }
    return pending;
  }

  async function target(collection: string, signal: AbortSignal | undefined): Promise<Target | undefined> {
    const name = indexNameFor(collection);
    let found = await openIndex(name, signal);
    if (found && found.dimension < 0) found = await waitReady(name, signal);
    return found ? { ...found, namespace: namespaceFor(collection) } : undefined;
  }

  async function waitReady(name: string, signal: AbortSignal | undefined): Promise<Omit<Target, 'namespace'>> {
    const deadline = Date.now() + readyTimeoutMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      targets.delete(name);
      const found = await openIndex(name, signal);
      if (found && found.dimension >= 0) return found;
      if (Date.now() > deadline) throw new StorageError('UNAVAILABLE', `Pinecone index "${name}" was not ready within ${readyTimeoutMs} ms; retry later.`, { provider: PROVIDER, retryable: true });
      await pause(delay);
    }
  }

  async function createTarget(collection: string, dimension: number, signal: AbortSignal | undefined): Promise<Target> {
    const name = indexNameFor(collection);
    if (options.createIndex === false) {
      throw new StorageError('NOT_FOUND', `Pinecone index "${name}" does not exist; create it (dimension ${dimension}), or let this store create it (createIndex: true).`, { provider: PROVIDER });
    }
    try {
      await call(`create index "${name}"`, signal, () =>
        client.createIndex({
          name,
          dimension,
          metric: metric === 'dot' ? 'dotproduct' : metric,
          spec: { serverless: { cloud: options.cloud ?? 'aws', region: options.region ?? 'us-east-1' } },
        }),
      );
    } catch (error) {
      // Another writer created it first: use theirs.
      if ((error as StorageError).code !== 'ALREADY_EXISTS') throw error;
    }
    const found = await waitReady(name, signal);
    return { ...found, namespace: namespaceFor(collection) };
  }

  function compileFilter(filter: unknown): Compiled | undefined {
    const node = parseFilter(filter, PROVIDER);
    assertSupported(node, PINECONE_OPERATORS, PROVIDER);
    return node ? compilePinecone(node) : undefined;
  }

  function scoreOf(m: PineconeMetric, raw: number): number {
    return m === 'cosine' ? scoreFrom.cosineSimilarity(raw) : m === 'dotproduct' ? scoreFrom.dot(raw) : scoreFrom.euclidean(raw, true);
  }

  /** Pinecone ids of the records a filter matches, page by page. */
  async function matchingIds(t: Target, filter: Record<string, unknown>, what: string, signal: AbortSignal | undefined): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await call(what, signal, () => t.index.fetchByMetadata({ filter, namespace: t.namespace, limit: 1000, ...(token ? { paginationToken: token } : {}) }));
      ids.push(...Object.keys(page.records));
      token = page.pagination?.next;
    } while (token);
    return ids;
  }

  async function fetchRecords(t: Target, pids: string[], what: string, signal: AbortSignal | undefined): Promise<Map<string, { values?: number[]; metadata?: Record<string, unknown> }>> {
    const found = new Map<string, { values?: number[]; metadata?: Record<string, unknown> }>();
    const parts = chunk(pids, PINECONE_LIMITS.maxFetchIds);
    for (let i = 0; i < parts.length; i += concurrency) {
      const pages = await Promise.all(parts.slice(i, i + concurrency).map((part) => call(what, signal, () => t.index.fetch({ ids: part, namespace: t.namespace }))));
      for (const page of pages) for (const [pid, r] of Object.entries(page.records)) found.set(pid, r);
    }
    return found;
  }

  async function namespaceCount(t: Target, what: string, signal: AbortSignal | undefined): Promise<number> {
    const stats = await call(what, signal, () => t.index.describeIndexStats());
    return stats.namespaces?.[t.namespace]?.recordCount ?? 0;
  }

  const capabilities: VectorCapabilities = { filterOperators: PINECONE_OPERATORS, maxBatch, metrics: ALL_METRICS, exact: false };

  return {
    provider: PROVIDER,
    capabilities,

    async upsert(collection, records, upsertOptions = {}) {
      checkCollection(collection, PROVIDER);
      const signal = upsertOptions.signal;
      let t = await target(collection, signal);
      const checked = checkRecords(records, PROVIDER, t?.dimension, { values: true });
      if (checked.length === 0) return { upserted: 0 };
      // Encoded (and the 40 KB metadata limit checked) for the whole batch before anything is written.
      let largest = 0;
      const encoded = checked.map((r, i) => {
        const record = encodeRecord(r, `records[${i}]`);
        largest = Math.max(largest, record.bytes);
        return { id: r.id, record };
      });
      const perRequest = Math.max(1, Math.min(maxBatch, Math.floor((PINECONE_LIMITS.maxRequestBytes - 4096) / largest)));
      const send = async (again: boolean): Promise<void> => {
        t ??= await createTarget(collection, checked[0]!.vector.length, signal);
        checkVector(checked[0]!.vector, PROVIDER, 'records[0].vector', t.dimension);
        const into = t;
        try {
          await writeInBatches(encoded, { maxBatch: perRequest, concurrency, provider: PROVIDER, ...(signal ? { signal } : {}) }, async (batch) => {
            const payload = batch.map(({ record }: { record: EncodedRecord }) => ({ id: record.id, values: record.values, metadata: record.metadata }));
            await call(`upsert into "${collection}"`, signal, () => into.index.upsert({ records: payload, namespace: into.namespace }));
          });
        } catch (error) {
          // The index was deleted since this store last read it: find or make it again and write once more (upserts are safe to repeat).
          if (again || (error as StorageError).code !== 'NOT_FOUND') throw error;
          targets.delete(indexNameFor(collection));
          t = await target(collection, signal);
          await send(true);
        }
      };
      await send(false);
      return { upserted: checked.length };
    },

    async query(collection, query) {
      checkCollection(collection, PROVIDER);
      const q = checkQueryObject(query, PROVIDER);
      const { limit, threshold } = checkQueryOptions(q, PROVIDER);
      const { vector, values } = checkVectorValues(q.vector, PROVIDER, 'query.vector');
      const filter = compileFilter(q.filter);
      const signal = q.signal;
      const t = await target(collection, signal);
      if (!t || filter === false) return [];
      checkVector(vector, PROVIDER, 'query.vector', t.dimension);
      // Pinecone returns metadata with at most 1,000 matches; beyond that the ids come first and the records are fetched.
      const withData = limit <= PINECONE_LIMITS.maxTopKWithData;
      const what = `search "${collection}"`;
      const response = await call(what, signal, () =>
        t.index.query({
          vector: values,
          topK: limit,
          includeMetadata: withData,
          includeValues: withData && q.includeVectors === true,
          namespace: t.namespace,
          ...(filter === undefined || filter === true ? {} : { filter }),
        }),
      );
      const matches = response.matches ?? [];
      const records = withData ? undefined : await fetchRecords(t, matches.map((m) => m.id), what, signal);
      const out: VectorMatch[] = [];
      for (const m of matches) {
        const score = scoreOf(t.metric, m.score ?? 0);
        if (threshold !== undefined && score < threshold) continue;
        const full = records?.get(m.id);
        const decoded = decodeMetadata(m.id, full?.metadata ?? m.metadata);
        const values = full?.values ?? m.values;
        out.push({ ...decoded, score, ...(q.includeVectors ? { vector: values ? [...values] : [] } : {}) });
      }
      return out.sort((a, b) => b.score - a.score);
    },

    async delete(collection, selector, deleteOptions = {}) {
      checkCollection(collection, PROVIDER);
      if (typeof selector !== 'object' || selector === null || (selector.ids === undefined) === (selector.filter === undefined)) {
        throw invalid('delete takes { ids } or { filter }, exactly one of them.');
      }
      const signal = deleteOptions.signal;
      const ids = selector.ids === undefined ? undefined : [...new Set(checkIds(selector.ids, PROVIDER))];
      const filter = ids ? undefined : compileFilter(selector.filter);
      if (!ids && filter === undefined) throw invalid('delete with an empty filter would remove everything; use dropCollection for that.');
      const t = await target(collection, signal);
      if (!t || filter === false || ids?.length === 0) return 0;
      const what = `delete from "${collection}"`;
      let doomed: string[];
      if (ids) {
        doomed = [...(await fetchRecords(t, ids.map(pineconeId), what, signal)).keys()];
      } else if (filter === true) {
        const n = await namespaceCount(t, what, signal);
        await call(what, signal, () => t.index.deleteAll({ namespace: t.namespace }));
        return n;
      } else {
        doomed = await matchingIds(t, filter!, what, signal);
      }
      // By the ids found, so the count returned is exactly what was removed.
      for (const part of chunk(doomed, PINECONE_LIMITS.maxDeleteIds)) await call(what, signal, () => t.index.deleteMany({ ids: part, namespace: t.namespace }));
      return doomed.length;
    },

    async count(collection, countOptions = {}) {
      checkCollection(collection, PROVIDER);
      const filter = compileFilter(countOptions.filter);
      const signal = countOptions.signal;
      const t = await target(collection, signal);
      if (!t || filter === false) return 0;
      const what = `count "${collection}"`;
      if (filter === undefined || filter === true) return namespaceCount(t, what, signal);
      // describe_index_stats takes no filter on serverless indexes: count the matching ids.
      return (await matchingIds(t, filter, what, signal)).length;
    },

    async get(collection, ids, getOptions = {}) {
      checkCollection(collection, PROVIDER);
      const wanted = checkIds(ids, PROVIDER);
      const signal = getOptions.signal;
      const t = await target(collection, signal);
      if (!t || wanted.length === 0) return [];
      const found = await fetchRecords(t, [...new Set(wanted.map(pineconeId))], `read "${collection}"`, signal);
      const out: StoredVectorRecord[] = [];
      for (const id of wanted) {
        const r = found.get(pineconeId(id));
        if (r) out.push(decodeRecord(pineconeId(id), r.values, r.metadata));
      }
      return out;
    },

    async listCollections(listOptions = {}) {
      const signal = listOptions.signal;
      const names = new Set<string>();
      if (perCollection) {
        const list = await call('list indexes', signal, () => client.listIndexes());
        const start = `${options.indexName}-`;
        for (const model of list.indexes ?? []) if (model.name.startsWith(start)) names.add(model.name.slice(start.length));
        return [...names].sort();
      }
      const t = await openIndex(options.indexName, signal);
      if (!t) return [];
      const reverse = new Map([...mapped].map(([collection, ns]) => [ns, collection]));
      const start = prefix === undefined ? '' : `${prefix}:`;
      let token: string | undefined;
      do {
        const page = await call('list namespaces', signal, () => t.index.listNamespaces({ limit: 100, ...(start ? { prefix: start } : {}), ...(token ? { paginationToken: token } : {}) }));
        for (const ns of page.namespaces ?? []) {
          const name = ns.name ?? '';
          const collection = reverse.get(name) ?? (name.startsWith(start) ? name.slice(start.length) : undefined);
          if (collection && /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/.test(collection)) names.add(collection);
        }
        token = page.pagination?.next;
      } while (token);
      const outside = [...reverse].filter(([ns]) => !start || !ns.startsWith(start));
      if (outside.length > 0) {
        const stats = await call('list namespaces', signal, () => t.index.describeIndexStats());
        for (const [ns, collection] of outside) if ((stats.namespaces?.[ns]?.recordCount ?? 0) > 0) names.add(collection);
      }
      return [...names].sort();
    },

    async dropCollection(collection, dropOptions = {}) {
      checkCollection(collection, PROVIDER);
      const signal = dropOptions.signal;
      if (perCollection) {
        const name = indexNameFor(collection);
        targets.delete(name);
        try {
          await call(`delete index "${name}"`, signal, () => client.deleteIndex(name));
          return true;
        } catch (error) {
          if ((error as StorageError).code === 'NOT_FOUND') return false;
          throw error;
        }
      }
      const t = await target(collection, signal);
      if (!t) return false;
      try {
        await call(`drop "${collection}"`, signal, () => t.index.deleteNamespace(t.namespace));
        return true;
      } catch (error) {
        if ((error as StorageError).code === 'NOT_FOUND') return false;
        throw error;
      }
    },

    async close() {
      targets.clear();
    },
  };

}
