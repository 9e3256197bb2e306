import { randomUUID } from 'node:crypto';
import { StorageError, isStorageError, type ObjectStore } from '@agentmap/storage-core';
import { mapLimit, throwIfAborted, updateObject, validateOptions } from '@agentmap/storage-core/kit';
import { compileFilter } from '../filter/evaluate';
import { assertSupported, parseFilter } from '../filter/parse';
import type { FilterOperatorName, VectorCapabilities, VectorDeleteSelector, VectorMetric, VectorStore } from '../spec/vector-store';
import { checkCollection, checkIds, checkQueryObject, checkQueryOptions, checkRecords, checkVector } from '../shared/validate';
import { ALL_METRICS } from '../shared/scores';
import { CollectionBlock } from './collection-block';
import { decodeSegment, encodeSegment, type Segment } from './segment';

export interface LocalVectorStoreOptions {
  /** Where collections are persisted: local disk, S3, Azure, GCS or memory. */
  store: ObjectStore;
  /** Key prefix of every collection (default `vectors`). */
  prefix?: string;
  /** How closeness is scored (default `cosine`); fixed per collection when it is created. */
  metric?: VectorMetric;
  /** Merge a collection's segments into one once it has this many (default 16). */
  compactAfter?: number;
}

interface Manifest {
  format: 1;
  dimensions: number;
  metric: VectorMetric;
  segments: string[];
}

interface Loaded {
  etag: string;
  segments: string[];
  block: CollectionBlock;
}

const PROVIDER = 'local-vector';
const OPERATORS: readonly FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all', '$regex', '$contains'];

/**
 * The exact local index: each collection is a manifest plus immutable segments in any
 * ObjectStore. A write adds a segment (a new key, written with `ifNoneMatch: '*'`) and
 * appends it to the manifest with `ifMatch`, so concurrent writers in other processes or
 * machines never lose each other's records. Queries load the collection once into a single
 * Float32Array and answer by brute force with a top-k heap; later queries reload only when
 * the manifest changed, and then only the new segments.
 */
export function createLocalVectorStore(options: LocalVectorStoreOptions): VectorStore {
  const given: unknown = options;
  validateOptions(given, ['store', 'prefix', 'metric', 'compactAfter'], 'createLocalVectorStore', { provider: PROVIDER });
  const { store } = options;
  if (typeof store !== 'object' || store === null || typeof store.get !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', 'createLocalVectorStore needs { store }: an ObjectStore such as createLocalStore({ baseDir }).', { provider: PROVIDER });
  }
  const prefix = (options.prefix ?? 'vectors').replace(/^\/+|\/+$/g, '');
  if (prefix.length === 0 || prefix.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new StorageError('INVALID_ARGUMENT', `createLocalVectorStore: prefix must be a key prefix like "vectors" or "team/vectors"; got ${JSON.stringify(options.prefix)}.`, { provider: PROVIDER });
  }
  const metric = options.metric ?? 'cosine';
  if (!ALL_METRICS.includes(metric)) throw new StorageError('INVALID_ARGUMENT', `createLocalVectorStore: metric must be one of ${ALL_METRICS.join(', ')}.`, { provider: PROVIDER });
  const compactAfter = options.compactAfter ?? 16;
  if (!Number.isInteger(compactAfter) || compactAfter < 2) throw new StorageError('INVALID_ARGUMENT', 'createLocalVectorStore: compactAfter must be a whole number of at least 2.', { provider: PROVIDER });

  const cache = new Map<string, Loaded>();
  const manifestKey = (c: string) => `${prefix}/${c}/manifest.json`;
  const segmentKey = (c: string, name: string) => `${prefix}/${c}/segments/${name}`;
  const capabilities: VectorCapabilities = { filterOperators: OPERATORS, maxBatch: Number.MAX_SAFE_INTEGER, metrics: ALL_METRICS, exact: true };

  function parseManifest(body: Uint8Array, key: string): Manifest {
    try {
      const m = JSON.parse(new TextDecoder().decode(body)) as Manifest;
      if (m.format === 1 && Number.isInteger(m.dimensions) && Array.isArray(m.segments) && ALL_METRICS.includes(m.metric)) return m;
    } catch {
      // reported below
    }
    throw new StorageError('CORRUPT_DATA', `The vector manifest "${key}" is damaged; restore it from a backup or drop the collection.`, { provider: PROVIDER, key });
  }

  async function readSegment(collection: string, name: string, signal?: AbortSignal): Promise<Segment> {
    const key = segmentKey(collection, name);
    const { body } = await store.get(key, { signal });
    return decodeSegment(body, key);
  }

  /** The collection as it is now, or undefined when it does not exist. */
  async function load(collection: string, signal?: AbortSignal): Promise<Loaded | undefined> {
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal, PROVIDER);
      const key = manifestKey(collection);
      const cached = cache.get(collection);
      const head = await store.head(key, { signal });
      if (!head) {
        cache.delete(collection);
        return undefined;
      }
      if (cached && cached.etag === head.etag) return cached;
      let manifest: Manifest;
      let etag: string;
      try {
        const got = await store.get(key, { signal });
        manifest = parseManifest(got.body, key);
        etag = got.info.etag;
      } catch (error) {
        if (isStorageError(error, 'NOT_FOUND')) continue;
        throw error;
      }
      // Segments are only ever appended, except by compaction: then the list no longer starts with ours.
      const extends_ = cached && cached.segments.length <= manifest.segments.length && cached.segments.every((s, i) => manifest.segments[i] === s);
      const block = extends_ ? cached.block : new CollectionBlock(manifest.dimensions, manifest.metric);
      const fresh = manifest.segments.slice(extends_ ? cached.segments.length : 0);
      try {
        const segments = await mapLimit(fresh, 8, (name) => readSegment(collection, name, signal), signal);
        for (const segment of segments) block.apply(segment);
      } catch (error) {
        // A segment compacted away under us: read the manifest again.
        if (isStorageError(error, 'NOT_FOUND') && attempt < 10) {
          cache.delete(collection);
          continue;
        }
        throw error;
      }
      const loaded = { etag, segments: manifest.segments, block };
      cache.set(collection, loaded);
      return loaded;
    }
  }

  /** Writes a segment and appends it to the manifest; `dimensions` must match the collection's. */
  async function commit(collection: string, segment: Segment, signal?: AbortSignal): Promise<number> {
    const name = `${Date.now().toString(36).padStart(9, '0')}-${randomUUID()}.seg`;
    const key = segmentKey(collection, name);
    await store.put(key, encodeSegment(segment), { ifNoneMatch: '*', contentType: 'application/octet-stream', signal });
    let appended = false;
    try {
      const { result } = await updateObject<number>(
        store,
        manifestKey(collection),
        (current) => {
          const manifest: Manifest = current
            ? parseManifest(current.body, manifestKey(collection))
            : { format: 1, dimensions: segment.dimensions, metric, segments: [] };
          if (segment.ids.length > 0 && manifest.dimensions !== segment.dimensions) {
            throw new StorageError(
              'INVALID_ARGUMENT',
              `Collection "${collection}" holds ${manifest.dimensions}-dimensional vectors; these have ${segment.dimensions}. Embed with the same model, or use another collection.`,
              { provider: PROVIDER },
            );
          }
          manifest.segments = [...manifest.segments, name];
          return { body: JSON.stringify(manifest), contentType: 'application/json', result: manifest.segments.length };
        },
        { signal },
      );
      appended = true;
      return result;
    } finally {
      if (!appended) await store.delete(key).catch(() => undefined);
    }
  }

  /** Merges every segment into one, unless another writer compacted first. */
  async function compact(collection: string, signal?: AbortSignal): Promise<void> {
    const loaded = await load(collection, signal);
    if (!loaded || loaded.segments.length < compactAfter) return;
    const merged = loaded.block.toSegment();
    const name = `${Date.now().toString(36).padStart(9, '0')}-${randomUUID()}.seg`;
    await store.put(segmentKey(collection, name), encodeSegment(merged), { ifNoneMatch: '*', contentType: 'application/octet-stream', signal });
    const replaced = loaded.segments;
    const { result: done } = await updateObject<boolean>(
      store,
      manifestKey(collection),
      (current) => {
        if (!current) return { result: false };
        const manifest = parseManifest(current.body, manifestKey(collection));
        if (!replaced.every((s, i) => manifest.segments[i] === s)) return { result: false };
        manifest.segments = [name, ...manifest.segments.slice(replaced.length)];
        return { body: JSON.stringify(manifest), contentType: 'application/json', result: true };
      },
      { signal },
    );
    const garbage = done ? replaced : [name];
    await mapLimit(garbage, 8, (s) => store.delete(segmentKey(collection, s)).catch(() => false));
  }

  const self: VectorStore = {
    provider: PROVIDER,
    capabilities,

    async upsert(collection, records, call = {}) {
      checkCollection(collection, PROVIDER);
      const loaded = await load(collection, call.signal);
      const checked = checkRecords(records, PROVIDER, loaded?.block.dimensions);
      if (checked.length === 0) return { upserted: 0 };
      const dimensions = checked[0]!.vector.length;
      const vectors = new Float32Array(checked.length * dimensions);
      checked.forEach((r, i) => vectors.set(r.vector, i * dimensions));
      if (metric === 'cosine' && checked.some((r) => r.vector.every((x) => x === 0))) {
        throw new StorageError('INVALID_ARGUMENT', 'A zero vector has no direction, so its cosine similarity is undefined; leave it out.', { provider: PROVIDER });
      }
      const segments = await commit(
        collection,
        { ids: checked.map((r) => r.id), texts: checked.map((r) => r.text ?? null), metadata: checked.map((r) => r.metadata), deletes: [], dimensions, vectors },
        call.signal,
      );
      if (segments >= compactAfter) await compact(collection, call.signal);
      return { upserted: checked.length };
    },

    async query(collection, query) {
      checkCollection(collection, PROVIDER);
      const q = checkQueryObject(query, PROVIDER);
      const { limit, threshold } = checkQueryOptions(q, PROVIDER);
      const filter = parseFilter(q.filter, PROVIDER);
      assertSupported(filter, OPERATORS, PROVIDER);
      const vector = checkVector(q.vector, PROVIDER, 'query.vector');
      const loaded = await load(collection, q.signal);
      if (!loaded) return [];
      checkVector(vector, PROVIDER, 'query.vector', loaded.block.dimensions);
      return loaded.block.search(vector, limit, threshold, filter ? compileFilter(filter) : undefined, q.includeVectors === true);
    },

    async delete(collection, selector: VectorDeleteSelector, call = {}) {
      checkCollection(collection, PROVIDER);
      if (typeof selector !== 'object' || selector === null || (selector.ids === undefined) === (selector.filter === undefined)) {
        throw new StorageError('INVALID_ARGUMENT', 'delete takes { ids } or { filter }, exactly one of them.', { provider: PROVIDER });
      }
      const ids = selector.ids === undefined ? undefined : checkIds(selector.ids, PROVIDER);
      const filter = selector.filter === undefined ? undefined : parseFilter(selector.filter, PROVIDER);
      if (selector.filter !== undefined && !filter) {
        throw new StorageError('INVALID_ARGUMENT', 'delete with an empty filter would remove everything; use dropCollection for that.', { provider: PROVIDER });
      }
      const loaded = await load(collection, call.signal);
      if (!loaded) return 0;
      const doomed = ids ? [...new Set(ids)].filter((id) => loaded.block.has(id)) : loaded.block.matching(compileFilter(filter));
      if (doomed.length === 0) return 0;
      const segments = await commit(collection, { ids: [], texts: [], metadata: [], deletes: doomed, dimensions: loaded.block.dimensions, vectors: new Float32Array(0) }, call.signal);
      if (segments >= compactAfter) await compact(collection, call.signal);
      return doomed.length;
    },

    async count(collection, call = {}) {
      checkCollection(collection, PROVIDER);
      const filter = parseFilter(call.filter, PROVIDER);
      const loaded = await load(collection, call.signal);
      if (!loaded) return 0;
      return filter ? loaded.block.matching(compileFilter(filter)).length : loaded.block.size;
    },

    async get(collection, ids, call = {}) {
      checkCollection(collection, PROVIDER);
      const wanted = checkIds(ids, PROVIDER);
      const loaded = await load(collection, call.signal);
      if (!loaded) return [];
      return wanted.flatMap((id) => {
        const record = loaded.block.get(id);
        return record ? [record] : [];
      });
    },

    async listCollections(call = {}) {
      const names: string[] = [];
      for await (const entry of store.list(`${prefix}/`, { delimiter: '/', signal: call.signal })) {
        if (entry.kind === 'prefix') names.push(entry.prefix.slice(prefix.length + 1).replace(/\/$/, ''));
      }
      const present = await mapLimit(names, 8, async (name) => (await store.head(manifestKey(name), { signal: call.signal })) !== undefined);
      return names.filter((_, i) => present[i]).sort();
    },

    async dropCollection(collection, call = {}) {
      checkCollection(collection, PROVIDER);
      cache.delete(collection);
      // The local backend reports a key under a missing folder as NOT_FOUND instead of false.
      const existed = await store.delete(manifestKey(collection), { signal: call.signal }).catch((error: unknown) => {
        if (isStorageError(error, 'NOT_FOUND')) return false;
        throw error;
      });
      const keys: string[] = [];
      for await (const entry of store.list(`${prefix}/${collection}/`, { signal: call.signal })) if (entry.kind === 'object') keys.push(entry.key);
      await mapLimit(keys, 8, (key) => store.delete(key, { signal: call.signal }));
      return existed;
    },

    close() {
      cache.clear();
      return Promise.resolve();
    },
  };
  return self;
}
