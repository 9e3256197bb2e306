import { StorageError } from '@agentmap/storage-core';
import { validateOptions } from '@agentmap/storage-core/kit';
import {
  ALL_METRICS,
  STRING_RANGES_MARKER,
  assertStringRangesKept,
  checkCollection,
  checkIds,
  checkQueryObject,
  checkQueryOptions,
  checkRecords,
  checkVectorValues,
  chunk,
  parseFilter,
  scoreFrom,
  stringRangeOf,
  writeInBatches,
  type StoredVectorRecord,
  type StringRange,
  type VectorCapabilities,
  type VectorMatch,
  type VectorMetric,
  type VectorStore,
} from '@agentmap/storage-vector';
import { ChromaClient, type Collection, type EmbeddingFunction } from 'chromadb';
import { CHROMA_OPERATORS, compileFilter, type CompiledFilter } from './filter-chroma';
import { RESERVED_PREFIX, checkChromaName, decodeMetadata, encodeMetadata, replacing, type ChromaMetadata } from './metadata';
import { PROVIDER, attachTransport } from './transport';

export interface ChromaVectorStoreOptions {
  /** The Chroma server: `http://localhost:8000`, `https://api.trychroma.com`. No path, no credentials (use `headers`). */
  url: string;
  /** Default `default_tenant`. */
  tenant?: string;
  /** Default `default_database`. */
  database?: string;
  /**
   * Metadata of collections this store creates. `hnsw:space` (`cosine`, `ip`, `l2`) picks the
   * distance; without it, `metric` does. Existing collections keep their own space.
   */
  collectionMetadata?: Record<string, string | number | boolean>;
  /** Sent with every request, e.g. `{ 'x-chroma-token': token }` or `{ Authorization: 'Bearer …' }`. Never shown in errors. */
  headers?: Record<string, string>;
  /** Default `cosine` (Chroma's `hnsw:space: cosine`); `dot` is `ip`, `euclidean` is `l2`. */
  metric?: VectorMetric;
  /** Per-request timeout (default 30,000 ms), and retries of 429, 5xx, timeouts and refused connections (default 3). */
  timeoutMs?: number;
  retries?: number;
  /** Records per request (default 1,000; Chroma's own limit is lower on some servers and is respected) and requests in flight (default 2). */
  maxBatch?: number;
  concurrency?: number;
  /**
   * Collections this store creates also keep up to four order keys beside each string field,
   * so `$gt`, `$gte`, `$lt` and `$lte` compare strings (such as ISO dates) exactly (default
   * false: they compare numbers only, and a string bound is `UNSUPPORTED`). Decided when a
   * collection is created and recorded in its metadata (`agentmap:string-ranges`), so every
   * store writing to it keeps the keys. Chroma returns every key with every result: the keys
   * make each query's answer larger (about 5 % on a top-10 query with one string field).
   */
  stringRanges?: boolean;
}

type Space = 'cosine' | 'ip' | 'l2';
const SPACE_OF: Record<VectorMetric, Space> = { cosine: 'cosine', dot: 'ip', euclidean: 'l2' };

interface CollectionState {
  handle: Collection;
  space: Space;
  /** Made with `stringRanges`: its strings carry order keys. */
  stringRanges: boolean;
}

/** A filter compiled when called; a string bound in it needs a collection made with `stringRanges`. */
interface PreparedFilter {
  compiled: CompiledFilter;
  stringRange: StringRange | undefined;
}

/**
 * Stands in for an embedding function wherever the client wants one, so it never loads
 * Chroma's default embedder (which downloads a model). This store always sends vectors.
 */
const NO_EMBEDDER: EmbeddingFunction = {
  generate: () => Promise.reject(new StorageError('INVALID_ARGUMENT', 'chroma: this store sends vectors itself and never embeds text; embed with the vector service.', { provider: PROVIDER })),
};

const COLLECTION_ROUTES = {
  list: '/api/v2/tenants/{tenant}/databases/{database}/collections',
  upsert: '/api/v2/tenants/{tenant}/databases/{database}/collections/{collection_id}/upsert',
};

/**
 * A VectorStore on a Chroma server through the `chromadb` client. Collections are created on
 * first upsert with the configured `hnsw:space`; filters compile to Chroma's `where` (see
 * filter-chroma.ts); distances become scores ("higher is closer"). Upserts replace records
 * whole: Chroma's own upsert merges metadata, so the keys a record no longer has are deleted
 * in the same request.
 */
export function createChromaVectorStore(options: ChromaVectorStoreOptions): VectorStore {
  const given: unknown = options;
  validateOptions(given, ['url', 'tenant', 'database', 'collectionMetadata', 'headers', 'metric', 'timeoutMs', 'retries', 'maxBatch', 'concurrency', 'stringRanges'], 'createChromaVectorStore', {
    provider: PROVIDER,
  });
  const endpoint = parseUrl(options.url);
  const headers = checkHeaders(options.headers);
  const secrets = Object.values(headers);
  const metric = options.metric ?? 'cosine';
  if (!ALL_METRICS.includes(metric)) throw invalid(`metric must be one of ${ALL_METRICS.join(', ')}.`);
  const collectionMetadata = { ...(options.collectionMetadata ?? {}) };
  if (Object.keys(collectionMetadata).some((key) => key.startsWith(RESERVED_PREFIX))) {
    throw invalid(`collectionMetadata keys starting with "${RESERVED_PREFIX}" are kept by this package; use the stringRanges option.`);
  }
  if (options.stringRanges !== undefined && typeof options.stringRanges !== 'boolean') throw invalid('stringRanges must be true or false.');
  if (options.stringRanges) collectionMetadata[STRING_RANGES_MARKER] = true;
  const configuredSpace = collectionMetadata['hnsw:space'];
  if (configuredSpace !== undefined && configuredSpace !== 'cosine' && configuredSpace !== 'ip' && configuredSpace !== 'l2') {
    throw invalid(`collectionMetadata["hnsw:space"] must be cosine, ip or l2; got ${JSON.stringify(configuredSpace)}.`);
  }
  if (configuredSpace !== undefined && options.metric !== undefined && configuredSpace !== SPACE_OF[metric]) {
    throw invalid(`metric "${metric}" and collectionMetadata["hnsw:space"] "${String(configuredSpace)}" disagree; give one of them.`);
  }
  collectionMetadata['hnsw:space'] = configuredSpace ?? SPACE_OF[metric];
  const whole = (name: string, value: number | undefined, fallback: number, min = 1) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) throw invalid(`${name} must be a whole number of at least ${min}; got ${String(value)}.`);
    return v;
  };
  const timeoutMs = whole('timeoutMs', options.timeoutMs, 30_000);
  const retries = whole('retries', options.retries, 3, 0);
  const concurrency = whole('concurrency', options.concurrency, 2);
  let maxBatch = whole('maxBatch', options.maxBatch, 1000);
  const tenant = options.tenant ?? 'default_tenant';
  const database = options.database ?? 'default_database';
  if (typeof tenant !== 'string' || tenant === '' || typeof database !== 'string' || database === '') throw invalid('tenant and database must be non-empty names.');

  const client = new ChromaClient({ ...endpoint, tenant, database, headers });
  const transport = attachTransport(client, { timeoutMs, retries, secrets });
  const path = { tenant, database };
  const collections = new Map<string, Promise<CollectionState | undefined>>();
  let batchLimit: Promise<void> | undefined;

  function stateOf(collection: Collection): CollectionState {
    const space = (collection.configuration as { hnsw?: { space?: string } | null } | undefined)?.hnsw?.space ?? collection.metadata?.['hnsw:space'];
    return { handle: client.collection(collection.id), space: space === 'ip' || space === 'l2' ? space : 'cosine', stringRanges: collection.metadata?.[STRING_RANGES_MARKER] === true };
  }

  /** The collection, from the cache or the server; undefined when it does not exist. */
  function open(name: string, signal: AbortSignal | undefined): Promise<CollectionState | undefined> {
    const cached = collections.get(name);
    if (cached) return cached;
    const pending = transport.run(`open collection "${name}"`, signal, () => client.getCollection({ name, embeddingFunction: NO_EMBEDDER })).then(stateOf, (error: unknown) => {
      if (error instanceof StorageError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    collections.set(name, pending);
    // Neither a missing collection nor a failure is remembered: another writer may create it, the server may come back.
    const forget = () => {
      if (collections.get(name) === pending) collections.delete(name);
    };
    pending.then((state) => state ?? forget(), forget);
    return pending;
  }

  async function create(name: string, signal: AbortSignal | undefined): Promise<CollectionState> {
    const existing = await open(name, signal);
    if (existing) return existing;
    const pending = transport
      .run(`create collection "${name}"`, signal, () => client.getOrCreateCollection({ name, embeddingFunction: null, metadata: collectionMetadata }))
      .then(stateOf);
    collections.set(name, pending);
    pending.catch(() => {
      if (collections.get(name) === pending) collections.delete(name);
    });
    return pending;
  }

  /** Runs a call on a collection; when the collection was dropped and made again elsewhere, once more on the new one. */
  async function onCollection<T>(name: string, what: string, signal: AbortSignal | undefined, make: boolean, call: (state: CollectionState) => Promise<T>, missing: T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const state = make ? await create(name, signal) : await open(name, signal);
      if (!state) return missing;
      try {
        return await transport.run(what, signal, () => call(state));
      } catch (error) {
        if (!(error instanceof StorageError) || error.code !== 'NOT_FOUND' || attempt > 0) throw error;
        collections.delete(name);
      }
    }
  }

  /** Chroma refuses requests over its max_batch_size: keep batches under it. */
  function respectServerBatchLimit(signal: AbortSignal | undefined): Promise<void> {
    batchLimit ??= transport
      .run('read the server limits', signal, () => client.getMaxBatchSize())
      .then((limit) => {
        if (limit > 0) maxBatch = Math.min(maxBatch, limit);
      })
      .catch((error: unknown) => {
        batchLimit = undefined;
        throw error;
      });
    return batchLimit;
  }

  /** The filter compiled now; `undefined` without a condition, `false` when nothing can match. */
  function prepare(filter: unknown): PreparedFilter | false | undefined {
    const node = parseFilter(filter, PROVIDER);
    if (!node) return undefined;
    const compiled = compileFilter(node);
    if (compiled.where === false) return false;
    return compiled.where === true && !compiled.whereDocument ? undefined : { compiled, stringRange: stringRangeOf(node) };
  }

  /** The filter for one collection, which must keep order keys of strings for a string bound. */
  function filterFor(prepared: PreparedFilter | undefined, state: CollectionState, name: string): CompiledFilter | undefined {
    if (prepared) assertStringRangesKept(prepared.stringRange, state.stringRanges, name, PROVIDER);
    return prepared?.compiled;
  }

  /** The filter as the client's `where` and `whereDocument` arguments. */
  function clauses(filter: CompiledFilter | undefined): { where?: never; whereDocument?: never } {
    if (!filter) return {};
    return { ...(filter.where === true || filter.where === false ? {} : { where: filter.where as never }), ...(filter.whereDocument ? { whereDocument: filter.whereDocument as never } : {}) };
  }

  function scoreOf(distance: number, space: Space): number {
    return space === 'cosine' ? scoreFrom.cosineDistance(distance) : space === 'ip' ? scoreFrom.dot(1 - distance) : scoreFrom.euclidean(distance, true);
  }

  /** The ids of records matching a filter (every record without one). */
  async function idsWhere(state: CollectionState, filter: CompiledFilter | undefined): Promise<string[]> {
    return (await state.handle.get({ ...clauses(filter), include: [] })).ids;
  }

  const capabilities: VectorCapabilities = { filterOperators: CHROMA_OPERATORS, maxBatch, metrics: ALL_METRICS, exact: false };

  return {
    provider: PROVIDER,
    capabilities,

    async upsert(collection, records, call = {}) {
      const name = checkChromaName(checkCollection(collection, PROVIDER), PROVIDER);
      const checked = checkRecords(records, PROVIDER);
      // Every record is encoded (and refused) before anything is written, as this store would make the collection;
      // again for a collection made the other way (whether it keeps order keys of strings).
      const encodings = new Map<boolean, Map<string, ChromaMetadata>>();
      const encoded = (stringRanges: boolean): Map<string, ChromaMetadata> => {
        let found = encodings.get(stringRanges);
        if (!found) {
          found = new Map(checked.map((r, i) => [r.id, encodeMetadata(r.metadata, `records[${i}].metadata`, PROVIDER, stringRanges)]));
          encodings.set(stringRanges, found);
        }
        return found;
      };
      encoded(options.stringRanges === true);
      if (checked.length === 0) return { upserted: 0 };
      await respectServerBatchLimit(call.signal);
      await writeInBatches(checked, { maxBatch, concurrency, provider: PROVIDER, ...(call.signal ? { signal: call.signal } : {}) }, (batch) =>
        onCollection(
          name,
          `upsert into "${name}"`,
          call.signal,
          true,
          async (state) => {
            const ids = batch.map((r) => r.id);
            const before = await state.handle.get({ ids, include: ['metadatas'] });
            const previous = new Map(before.ids.map((id, i) => [id, before.metadatas[i] as Record<string, unknown> | null]));
            // Through the client's HTTP client: its upsert drops the nulls that delete old keys.
            await transport.http.post({
              url: COLLECTION_ROUTES.upsert,
              path: { ...path, collection_id: state.handle.id },
              body: {
                ids,
                embeddings: batch.map((r) => Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength).toString('base64')),
                // Chroma keeps the old document when given none: an empty one replaces it.
                documents: batch.map((r) => r.text ?? ''),
                metadatas: batch.map((r) => replacing(encoded(state.stringRanges).get(r.id)!, previous.get(r.id))),
              },
            });
          },
          undefined,
        ),
      );
      return { upserted: checked.length };
    },

    async query(collection, query) {
      const name = checkChromaName(checkCollection(collection, PROVIDER), PROVIDER);
      const q = checkQueryObject(query, PROVIDER);
      const { limit, threshold } = checkQueryOptions(q, PROVIDER);
      // The caller's numbers as checked: float32-rounded ones print to JSON about twice as slowly.
      const { values } = checkVectorValues(q.vector, PROVIDER, 'query.vector');
      const prepared = prepare(q.filter);
      if (prepared === false) return [];
      const include = ['metadatas', 'documents', 'distances', ...(q.includeVectors ? ['embeddings'] : [])] as never[];
      return onCollection(
        name,
        `search "${name}"`,
        q.signal,
        false,
        async (state) => {
          const filter = filterFor(prepared, state, name);
          const result = await state.handle.query({ queryEmbeddings: [values], nResults: limit, include, ...clauses(filter) });
          const out: VectorMatch[] = [];
          const ids = result.ids[0] ?? [];
          ids.forEach((id, i) => {
            const score = scoreOf(result.distances[0]![i]!, state.space);
            if (threshold !== undefined && score < threshold) return;
            const text = result.documents[0]?.[i];
            const match: VectorMatch = { id, score, metadata: decodeMetadata(result.metadatas[0]?.[i]) };
            if (typeof text === 'string' && text !== '') match.text = text;
            if (q.includeVectors) match.vector = Array.from(result.embeddings[0]?.[i] ?? []);
            out.push(match);
          });
          return out.sort((a, b) => b.score - a.score);
        },
        [],
      );
    },

    async delete(collection, selector, call = {}) {
      const name = checkChromaName(checkCollection(collection, PROVIDER), PROVIDER);
      if (typeof selector !== 'object' || selector === null || (selector.ids === undefined) === (selector.filter === undefined)) {
        throw invalid('delete takes { ids } or { filter }, exactly one of them.');
      }
      const ids = selector.ids === undefined ? undefined : [...new Set(checkIds(selector.ids, PROVIDER))];
      const prepared = ids ? undefined : prepare(selector.filter);
      if (!ids && prepared === undefined) throw invalid('delete with an empty filter would remove everything; use dropCollection for that.');
      if (prepared === false || ids?.length === 0) return 0;
      // Chroma does not say how many records a delete removed: find them, then delete those ids.
      return onCollection(
        name,
        `delete from "${name}"`,
        call.signal,
        false,
        async (state) => {
          let removed = 0;
          let found: string[] = [];
          if (ids) for (const part of chunk(ids, maxBatch)) found = found.concat((await state.handle.get({ ids: part, include: [] })).ids);
          else found = await idsWhere(state, filterFor(prepared, state, name));
          for (const part of chunk(found, maxBatch)) {
            await state.handle.delete({ ids: part });
            removed += part.length;
          }
          return removed;
        },
        0,
      );
    },

    async count(collection, call = {}) {
      const name = checkChromaName(checkCollection(collection, PROVIDER), PROVIDER);
      const prepared = prepare(call.filter);
      if (prepared === false) return 0;
      return onCollection(
        name,
        `count "${name}"`,
        call.signal,
        false,
        async (state) => {
          const filter = filterFor(prepared, state, name);
          return filter === undefined ? state.handle.count() : (await idsWhere(state, filter)).length;
        },
        0,
      );
    },

    async get(collection, ids, call = {}) {
      const name = checkChromaName(checkCollection(collection, PROVIDER), PROVIDER);
      const wanted = checkIds(ids, PROVIDER);
      if (wanted.length === 0) return [];
      const found = await onCollection(
        name,
        `read "${name}"`,
        call.signal,
        false,
        async (state) => {
          const out = new Map<string, StoredVectorRecord>();
          for (const part of chunk([...new Set(wanted)], maxBatch)) {
            const result = await state.handle.get({ ids: part, include: ['metadatas', 'documents', 'embeddings'] as never[] });
            result.ids.forEach((id, i) => {
              const text = result.documents[i];
              out.set(id, { id, vector: Array.from(result.embeddings[i] ?? []), ...(typeof text === 'string' && text !== '' ? { text } : {}), metadata: decodeMetadata(result.metadatas[i]) });
            });
          }
          return out;
        },
        new Map<string, StoredVectorRecord>(),
      );
      return wanted.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    },

    async listCollections(call = {}) {
      const names: string[] = [];
      // Through the client's HTTP client: its listCollections builds every collection's embedding function.
      for (let offset = 0; ; offset += 100) {
        const { data } = await transport.run('list collections', call.signal, () => transport.http.get<Array<{ name: string }>>({ url: COLLECTION_ROUTES.list, path, query: { limit: 100, offset } }));
        names.push(...data.map((c) => c.name));
        if (data.length < 100) break;
      }
      return names.sort();
    },

    async dropCollection(collection, call = {}) {
      const name = checkChromaName(checkCollection(collection, PROVIDER), PROVIDER);
      collections.delete(name);
      try {
        await transport.run(`drop collection "${name}"`, call.signal, () => client.deleteCollection({ name }));
        return true;
      } catch (error) {
        if (error instanceof StorageError && error.code === 'NOT_FOUND') return false;
        throw error;
      } finally {
        collections.delete(name);
      }
    },

    close() {
      collections.clear();
      return Promise.resolve();
    },
  };
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `createChromaVectorStore: ${message}`, { provider: PROVIDER });
}

function parseUrl(url: unknown): { host: string; port: number; ssl: boolean } {
  if (typeof url !== 'string' || url === '') throw invalid('needs { url }, the Chroma server such as "http://localhost:8000".');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url must be an absolute http(s) URL such as "http://localhost:8000".');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid(`url must use http or https; got ${parsed.protocol.replace(':', '')}.`);
  if (parsed.username || parsed.password) throw invalid('url must not hold credentials; send them in headers (x-chroma-token or Authorization).');
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash) throw invalid('url must be the server root (scheme, host and port only): the client adds /api/v2 itself.');
  const ssl = parsed.protocol === 'https:';
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : ssl ? 443 : 80, ssl };
}

function checkHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    throw invalid('headers must be an object of header names to string values.');
  }
  return { ...(headers as Record<string, string>) };
}
