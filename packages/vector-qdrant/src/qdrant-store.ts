import { StorageError } from '@agentmap/storage-core';
import { abortError, raceAbort, validateOptions } from '@agentmap/storage-core/kit';
import {
  ALL_METRICS,
  STRING_RANGES_MARKER,
  assertStringRangesKept,
  assertSupported,
  checkCollection,
  checkIds,
  checkQueryObject,
  checkQueryOptions,
  checkRecords,
  checkVector,
  checkVectorValues,
  chunk,
  jsonBytesBound,
  parseFilter,
  requestDeadline,
  stringRangeOf,
  scoreFrom,
  uuidForId,
  withRetries,
  writeInBatches,
  type VectorCapabilities,
  type StringRange,
  type VectorFilter,
  type VectorMatch,
  type VectorMetric,
  type VectorStore,
} from '@agentmap/storage-vector';
import { QdrantClient } from '@qdrant/js-client-rest';
import { PROVIDER, mapQdrantError } from './errors';
import { QDRANT_OPERATORS, compileQdrantFilter, type QdrantFilter } from './filter-qdrant';
import { payloadOf, recordOf } from './payload';

export interface QdrantVectorStoreOptions {
  /** The server, such as `http://localhost:6333` or a Qdrant Cloud cluster URL. */
  url: string;
  /** Sent as the `api-key` header. Never shown in errors. */
  apiKey?: string;
  /** The named vector records are stored under (default `dense`). */
  vectorName?: string;
  /** Distance of the collections this store creates (default `cosine`); existing collections keep theirs. */
  metric?: VectorMetric;
  /** Per request, in ms (default 30,000): then `TIMEOUT`. */
  timeoutMs?: number;
  /** Further attempts after a 429, 5xx, timeout or refused connection (default 3). */
  retries?: number;
  /**
   * Search every point exactly instead of through Qdrant's HNSW index (default false): results
   * then equal a full scan, at the cost of speed on large collections.
   */
  exactSearch?: boolean;
  /** Points per upsert request (default 256) and requests in flight (default 2). */
  maxBatch?: number;
  concurrency?: number;
  /**
   * Collections this store creates also keep up to eleven order numbers beside each string
   * field, so `$gt`, `$gte`, `$lt` and `$lte` compare strings (such as ISO dates) exactly
   * (default false: they compare numbers only, and a string bound is `UNSUPPORTED`). Decided
   * when a collection is created and recorded in its metadata (`agentmap:string-ranges`; the
   * server must keep collection metadata, as the 1.18 API does), so every store writing to it
   * keeps them.
   */
  stringRanges?: boolean;
}

type Distance = 'Cosine' | 'Dot' | 'Euclid';
const DISTANCE: Record<VectorMetric, Distance> = { cosine: 'Cosine', dot: 'Dot', euclidean: 'Euclid' };

interface CollectionState {
  dimensions: number;
  distance: Distance;
  /** Made with `stringRanges`: its strings carry order chunks. */
  stringRanges: boolean;
}

/** A filter compiled when called; a string bound in it needs a collection made with `stringRanges`. */
interface PreparedFilter {
  filter: QdrantFilter;
  stringRange: StringRange | undefined;
}

/** Bytes per upsert request at most, well under Qdrant's default 32 MB body limit. */
const REQUEST_BYTES = 16 * 1024 * 1024;

/** Points read or deleted per request when listing ids. */
const PAGE = 1000;

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
}

/**
 * A VectorStore on Qdrant through `@qdrant/js-client-rest`. Each collection is a Qdrant
 * collection with one named vector, created on first upsert. Point ids are UUIDs made from
 * our ids (`uuidForId`; the id itself is kept in the payload). Filters compile to Qdrant's
 * `must` / `should` / `must_not` with `match` and `range`, pushed down to the server, so
 * `limit` counts matching records only. Upserts wait for the write (`wait: true`).
 */
export function createQdrantVectorStore(options: QdrantVectorStoreOptions): VectorStore {
  const given: unknown = options;
  validateOptions(given, ['url', 'apiKey', 'vectorName', 'metric', 'timeoutMs', 'retries', 'exactSearch', 'maxBatch', 'concurrency', 'stringRanges'], 'createQdrantVectorStore', { provider: PROVIDER });
  if (typeof options.url !== 'string' || !URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
    throw invalid('createQdrantVectorStore needs { url }: the server, such as "http://localhost:6333".');
  }
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey.length === 0)) {
    throw invalid('createQdrantVectorStore: apiKey must be a non-empty string (or left out for a server without keys).');
  }
  const vectorName = options.vectorName ?? 'dense';
  if (typeof vectorName !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(vectorName)) {
    throw invalid('createQdrantVectorStore: vectorName must be 1 to 64 letters, digits, "_" or "-".');
  }
  const metric = options.metric ?? 'cosine';
  if (!ALL_METRICS.includes(metric)) throw invalid(`createQdrantVectorStore: metric must be one of ${ALL_METRICS.join(', ')}.`);
  const whole = (name: string, value: number | undefined, fallback: number, min: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) throw invalid(`createQdrantVectorStore: ${name} must be a whole number of at least ${min}.`);
    return v;
  };
  const timeoutMs = whole('timeoutMs', options.timeoutMs, 30_000, 1);
  const retries = whole('retries', options.retries, 3, 0);
  const maxBatch = whole('maxBatch', options.maxBatch, 256, 1);
  const concurrency = whole('concurrency', options.concurrency, 2, 1);
  if (options.exactSearch !== undefined && typeof options.exactSearch !== 'boolean') throw invalid('createQdrantVectorStore: exactSearch must be true or false.');
  const exactSearch = options.exactSearch === true;
  if (options.stringRanges !== undefined && typeof options.stringRanges !== 'boolean') throw invalid('createQdrantVectorStore: stringRanges must be true or false.');
  const stringRanges = options.stringRanges === true;
  const secrets = [options.apiKey];

  // The client's own timeout would replace the caller's AbortSignal: each call sets both itself.
  const client = new QdrantClient({ url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}), timeout: Infinity, checkCompatibility: false });
  const api = client.api();
  const states = new Map<string, Promise<CollectionState | undefined>>();

  /** One request with the store's timeout and the caller's signal, retried when that is safe and useful. */
  function call<T>(what: string, signal: AbortSignal | undefined, run: (init: RequestInit) => Promise<{ data: { result?: T } }>): Promise<T> {
    return withRetries(
      async () => {
        if (signal?.aborted) throw abortError(signal, PROVIDER);
        const deadline = requestDeadline(timeoutMs, signal);
        try {
          const response = await run({ signal: deadline.signal });
          return response.data.result as T;
        } catch (error) {
          if (signal?.aborted) throw abortError(signal, PROVIDER);
          if (deadline.timedOut) {
            throw new StorageError('TIMEOUT', `qdrant could not ${what}: no answer within ${timeoutMs} ms; retry later or raise timeoutMs.`, { provider: PROVIDER, retryable: true });
          }
          throw mapQdrantError(error, what, secrets);
        } finally {
          deadline.done();
        }
      },
      { retries, provider: PROVIDER, ...(signal ? { signal } : {}) },
    );
  }

  /** A write sent with `wait: true`: anything but `completed` means Qdrant did not confirm it in time. */
  async function write(what: string, signal: AbortSignal | undefined, run: (init: RequestInit) => Promise<{ data: { result?: { status: string } } }>): Promise<void> {
    const result = await call(what, signal, run);
    if (result?.status !== 'completed') {
      throw new StorageError('TIMEOUT', `qdrant could not ${what}: the server answered "${String(result?.status)}" instead of "completed"; retry (upserts and deletes by id are safe to repeat).`, {
        provider: PROVIDER,
        retryable: true,
      });
    }
  }

  /** A request whose 404 means "no such collection": `undefined` then. */
  async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
    try {
      return await request;
    } catch (error) {
      if ((error as StorageError).code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  function stateFrom(collection: string, info: { config: { params: { vectors?: unknown }; metadata?: unknown } }): CollectionState {
    const vectors = info.config.params.vectors as Record<string, { size?: number; distance?: string }> | undefined;
    const params = vectors?.[vectorName];
    if (!params || typeof params.size !== 'number') {
      throw invalid(`Qdrant collection "${collection}" has no vector named "${vectorName}"; it was made elsewhere. Set vectorName to one of its vectors, or use another collection.`);
    }
    if (params.distance !== 'Cosine' && params.distance !== 'Dot' && params.distance !== 'Euclid') {
      throw new StorageError('UNSUPPORTED', `Qdrant collection "${collection}" measures ${String(params.distance)} distance; this store reads Cosine, Dot and Euclid collections.`, { provider: PROVIDER });
    }
    const metadata = info.config.metadata as Record<string, unknown> | null | undefined;
    return { dimensions: params.size, distance: params.distance, stringRanges: metadata?.[STRING_RANGES_MARKER] === true };
  }

  /** The collection's vector size and distance, read once per store; `undefined` when it does not exist. */
  function state(collection: string): Promise<CollectionState | undefined> {
    const cached = states.get(collection);
    if (cached) return cached;
    // Shared by concurrent callers, so no one caller's AbortSignal ends it.
    const pending = orMissing(call(`read collection "${collection}"`, undefined, (init) => api.getCollection({ collection_name: collection }, init))).then((info) =>
      info ? stateFrom(collection, info) : undefined,
    );
    states.set(collection, pending);
    // Missing collections and failures are not remembered: the next call asks again.
    pending.then((s) => s ?? states.delete(collection), () => states.delete(collection));
    return pending;
  }

  async function create(collection: string, dimensions: number): Promise<CollectionState> {
    try {
      await call(`create collection "${collection}"`, undefined, (init) =>
        api.createCollection(
          { collection_name: collection, vectors: { [vectorName]: { size: dimensions, distance: DISTANCE[metric] } }, ...(stringRanges ? { metadata: { [STRING_RANGES_MARKER]: true } } : {}) },
          init,
        ),
      );
    } catch (error) {
      // Another writer may have created it first (409, or 400 on some versions): use theirs if it is there.
      states.delete(collection);
      if (!(await state(collection))) throw error;
    }
    states.delete(collection);
    const created = await state(collection);
    if (!created) throw new StorageError('UNAVAILABLE', `Qdrant did not keep the new collection "${collection}"; retry.`, { provider: PROVIDER, retryable: true });
    return created;
  }

  /** The filter compiled now: `true` matches everything, `false` nothing (no request needed). */
  function prepare(filter: VectorFilter | undefined): PreparedFilter | boolean {
    const node = parseFilter(filter, PROVIDER);
    assertSupported(node, QDRANT_OPERATORS, PROVIDER);
    if (!node) return true;
    const compiled = compileQdrantFilter(node);
    return typeof compiled === 'boolean' ? compiled : { filter: compiled, stringRange: stringRangeOf(node) };
  }

  /**
   * The filter for a count or a delete, which need not read the collection otherwise: it is
   * read only when the filter has a string bound, which its collection must support.
   */
  async function settle(prepared: PreparedFilter | boolean, collection: string, signal: AbortSignal | undefined): Promise<QdrantFilter | boolean> {
    if (typeof prepared === 'boolean') return prepared;
    if (prepared.stringRange) {
      const s = await raceAbort(state(collection), signal, PROVIDER);
      // A missing collection matches nothing; the request then says so.
      if (s) assertStringRangesKept(prepared.stringRange, s.stringRanges, collection, PROVIDER);
    }
    return prepared.filter;
  }

  function scoreOf(distance: Distance, raw: number): number {
    return distance === 'Cosine' ? scoreFrom.cosineSimilarity(raw) : distance === 'Dot' ? scoreFrom.dot(raw) : scoreFrom.euclidean(raw);
  }

  /** Every point id the filter matches, a page at a time. */
  async function matchingIds(collection: string, filter: QdrantFilter | undefined, signal: AbortSignal | undefined, offset?: string | number): Promise<{ ids: Array<string | number>; next: string | number | undefined }> {
    const page = await call(`list points of "${collection}"`, signal, (init) =>
      api.scrollPoints({ collection_name: collection, limit: PAGE, with_payload: false, with_vector: false, ...(filter ? { filter } : {}), ...(offset === undefined ? {} : { offset }) }, init),
    );
    const next = page.next_page_offset;
    return { ids: page.points.map((p) => p.id), next: next === null || next === undefined ? undefined : (next as string | number) };
  }

  const capabilities: VectorCapabilities = { filterOperators: QDRANT_OPERATORS, maxBatch, metrics: ALL_METRICS, exact: exactSearch };

  return {
    provider: PROVIDER,
    capabilities,

    async upsert(collection, records, call_ = {}) {
      checkCollection(collection, PROVIDER);
      // The caller's numbers travel as given: float32-rounded ones print to JSON about twice as slowly, and Qdrant rounds them itself.
      const checked = checkRecords(records, PROVIDER, undefined, { values: true });
      if (checked.length === 0) return { upserted: 0 };
      const dimensions = checked[0]!.vector.length;
      const signal = call_.signal;
      // Qdrant refuses request bodies over 32 MB (its default): batches shrink for long texts and wide vectors.
      const fits = Math.floor(REQUEST_BYTES / maxBatch);
      const send = async (again: boolean): Promise<void> => {
        const known = () => raceAbort(state(collection), signal, PROVIDER);
        let existing = (await known()) ?? (await raceAbort(create(collection, dimensions), signal, PROVIDER));
        if (existing.dimensions !== dimensions) {
          // What this store read may be out of date (the collection made again elsewhere): look once more before refusing.
          states.delete(collection);
          existing = (await known()) ?? (await raceAbort(create(collection, dimensions), signal, PROVIDER));
        }
        if (existing.dimensions !== dimensions) {
          throw invalid(`Collection "${collection}" holds ${existing.dimensions}-dimensional vectors; these have ${dimensions}. Embed with the same model, or use another collection.`);
        }
        let largest = 0;
        const points = checked.map((record) => {
          let norm: number | undefined;
          if (existing.distance === 'Cosine') {
            let sum = 0;
            const values = record.values;
            for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
            norm = Math.sqrt(sum);
          }
          const payload = payloadOf(record, norm, existing.stringRanges);
          // 24 bytes a number; a cheap bound on the payload first, its exact size (3 bytes a character at worst) only when that could matter.
          let bytes = record.values.length * 24 + jsonBytesBound(payload) + 100;
          if (bytes > fits) bytes = record.values.length * 24 + 3 * JSON.stringify(payload).length + 100;
          largest = Math.max(largest, bytes);
          return { id: record.id, point: { id: uuidForId(record.id), vector: { [vectorName]: record.values }, payload } };
        });
        const perRequest = Math.max(1, Math.min(maxBatch, Math.floor(REQUEST_BYTES / largest)));
        try {
          await writeInBatches(points, { maxBatch: perRequest, concurrency, provider: PROVIDER, ...(signal ? { signal } : {}) }, (batch) =>
            write(`upsert into "${collection}"`, signal, (init) => api.upsertPoints({ collection_name: collection, wait: true, points: batch.map((b) => b.point) }, init)),
          );
        } catch (error) {
          // The collection was dropped since this store last read it: make it again and write once more (upserts are safe to repeat).
          if (again || (error as StorageError).code !== 'NOT_FOUND') throw error;
          states.delete(collection);
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
      const prepared = prepare(q.filter);
      let s = await raceAbort(state(collection), q.signal, PROVIDER);
      if (s && s.dimensions !== vector.length) {
        // Perhaps made again elsewhere since this store read it: look once more before refusing.
        states.delete(collection);
        s = await raceAbort(state(collection), q.signal, PROVIDER);
      }
      if (!s || prepared === false) return [];
      if (prepared !== true) assertStringRangesKept(prepared.stringRange, s.stringRanges, collection, PROVIDER);
      const filter = prepared === true ? true : prepared.filter;
      // Checked already: only the collection's dimension is new (checkVector then says what is wrong).
      if (vector.length !== s.dimensions) checkVector(vector, PROVIDER, 'query.vector', s.dimensions);
      const result = await orMissing(
        call(`search "${collection}"`, q.signal, (init) =>
          api.queryPoints(
            {
              collection_name: collection,
              query: values,
              using: vectorName,
              limit,
              with_payload: true,
              with_vector: q.includeVectors ? [vectorName] : false,
              ...(filter === true ? {} : { filter }),
              ...(exactSearch ? { params: { exact: true } } : {}),
            },
            init,
          ),
        ),
      );
      // Dropped since this store read it: the next upsert makes it again.
      if (!result) states.delete(collection);
      const out: VectorMatch[] = [];
      for (const point of result?.points ?? []) {
        const score = scoreOf(s.distance, point.score);
        if (threshold !== undefined && score < threshold) continue;
        const record = recordOf(point, vectorName, q.includeVectors === true);
        const match: VectorMatch = { id: record.id, score, metadata: record.metadata };
        if (record.text !== undefined) match.text = record.text;
        if (q.includeVectors) match.vector = record.vector;
        out.push(match);
      }
      return out.sort((a, b) => b.score - a.score);
    },

    async delete(collection, selector, call_ = {}) {
      checkCollection(collection, PROVIDER);
      if (typeof selector !== 'object' || selector === null || (selector.ids === undefined) === (selector.filter === undefined)) {
        throw invalid('delete takes { ids } or { filter }, exactly one of them.');
      }
      const signal = call_.signal;
      if (selector.ids !== undefined) {
        const ids = [...new Set(checkIds(selector.ids, PROVIDER).map(uuidForId))];
        let removed = 0;
        for (const part of chunk(ids, PAGE)) {
          // Qdrant does not say how many points a delete removed: look first, then delete what is there.
          const found = await orMissing(call(`read "${collection}"`, signal, (init) => api.getPoints({ collection_name: collection, ids: part, with_payload: false, with_vector: false }, init)));
          if (!found) return removed;
          if (found.length === 0) continue;
          await write(`delete from "${collection}"`, signal, (init) => api.deletePoints({ collection_name: collection, wait: true, points: found.map((p) => p.id) }, init));
          removed += found.length;
        }
        return removed;
      }
      const filter = await settle(prepare(selector.filter), collection, signal);
      if (filter === true) throw invalid('delete with an empty filter would remove everything; use dropCollection for that.');
      if (filter === false) return 0;
      let removed = 0;
      for (;;) {
        // Each page is deleted before the next is read, so the scan always restarts at the front.
        const page = await orMissing(matchingIds(collection, filter, signal));
        if (!page || page.ids.length === 0) return removed;
        await write(`delete from "${collection}"`, signal, (init) => api.deletePoints({ collection_name: collection, wait: true, points: page.ids }, init));
        removed += page.ids.length;
      }
    },

    async count(collection, call_ = {}) {
      checkCollection(collection, PROVIDER);
      const filter = await settle(prepare(call_.filter), collection, call_.signal);
      if (filter === false) return 0;
      const result = await orMissing(
        call(`count "${collection}"`, call_.signal, (init) => api.countPoints({ collection_name: collection, exact: true, ...(filter === true ? {} : { filter }) }, init)),
      );
      return result?.count ?? 0;
    },

    async get(collection, ids, call_ = {}) {
      checkCollection(collection, PROVIDER);
      const wanted = checkIds(ids, PROVIDER);
      if (wanted.length === 0) return [];
      const found = new Map<string, ReturnType<typeof recordOf>>();
      for (const part of chunk([...new Set(wanted)], PAGE)) {
        const points = await orMissing(
          call(`read "${collection}"`, call_.signal, (init) => api.getPoints({ collection_name: collection, ids: part.map(uuidForId), with_payload: true, with_vector: [vectorName] }, init)),
        );
        if (!points) return [];
        for (const point of points) {
          const record = recordOf(point, vectorName, true);
          found.set(record.id, record);
        }
      }
      return wanted.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    },

    async listCollections(call_ = {}) {
      const result = await call('list collections', call_.signal, (init) => api.getCollections({}, init));
      return result.collections.map((c) => c.name).sort();
    },

    async dropCollection(collection, call_ = {}) {
      checkCollection(collection, PROVIDER);
      states.delete(collection);
      const dropped = await orMissing(call(`drop collection "${collection}"`, call_.signal, (init) => api.deleteCollection({ collection_name: collection }, init)));
      states.delete(collection);
      return dropped === true;
    },

    close() {
      states.clear();
      return Promise.resolve();
    },
  };
}
