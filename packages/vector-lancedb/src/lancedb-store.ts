import { StorageError } from '@agentmap/storage-core';
import { validateOptions } from '@agentmap/storage-core/kit';
import {
  ALL_METRICS,
  assertSupported,
  checkCollection,
  checkIds,
  checkQueryObject,
  checkQueryOptions,
  checkRecords,
  checkVector,
  chunk,
  parseFilter,
  scoreFrom,
  writeInBatches,
  type CheckedRecord,
  type StoredVectorRecord,
  type VectorCapabilities,
  type VectorMatch,
  type VectorMetadata,
  type VectorMetric,
  type VectorStore,
} from '@agentmap/storage-vector';
import * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import { baseSchema, fieldOf, kindOfType, metadataField, planColumns, type ColumnKind } from './columns';
import { mapLanceError, retryConflicts } from './errors';
import { LANCEDB_OPERATORS, compileSql, sqlString } from './filter-sql';

export interface LanceDbVectorStoreOptions {
  /** A directory (`./vectors`) or an object storage URI (`s3://bucket/path`, `az://…`, `gs://…`). */
  uri: string;
  /** Passed to LanceDB for object storage (credentials, region, endpoint…). Never shown in errors. */
  storageOptions?: Record<string, string>;
  /** Default `cosine`; fixed per store. */
  metric?: VectorMetric;
  /** Build an ANN index once a collection has this many records (default 100,000; `Infinity`: never). Below it search is exact. */
  indexThreshold?: number;
  /** Partitions an ANN search probes (default 20) and the re-ranking factor over the raw vectors (default 10): recall against speed. */
  nprobes?: number;
  refineFactor?: number;
  /** Records per write (default 10,000) and writes in flight (default 2). */
  maxBatch?: number;
  concurrency?: number;
}

const PROVIDER = 'lancedb';

interface TableState {
  table: lancedb.Table;
  dimensions: number;
  kinds: Map<string, ColumnKind>;
  indexed: boolean;
}

/**
 * A VectorStore on LanceDB, embedded: tables live in a directory or in object storage, no
 * server. Metadata fields become typed columns and filters run as SQL predicates inside
 * LanceDB (pre-filtered, so `limit` counts only matching records). Search is exact until a
 * collection reaches `indexThreshold`, then an IVF-PQ index with re-ranking takes over.
 */
export function createLanceDbVectorStore(options: LanceDbVectorStoreOptions): VectorStore {
  const given: unknown = options;
  validateOptions(given, ['uri', 'storageOptions', 'metric', 'indexThreshold', 'nprobes', 'refineFactor', 'maxBatch', 'concurrency'], 'createLanceDbVectorStore', { provider: PROVIDER });
  if (typeof options.uri !== 'string' || options.uri.length === 0) {
    throw new StorageError('INVALID_ARGUMENT', 'createLanceDbVectorStore needs { uri }: a directory such as "./vectors" or "s3://bucket/vectors".', { provider: PROVIDER });
  }
  const metric = options.metric ?? 'cosine';
  if (!ALL_METRICS.includes(metric)) throw new StorageError('INVALID_ARGUMENT', `createLanceDbVectorStore: metric must be one of ${ALL_METRICS.join(', ')}.`, { provider: PROVIDER });
  const positive = (name: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!(v === Infinity || (Number.isInteger(v) && v > 0))) throw new StorageError('INVALID_ARGUMENT', `createLanceDbVectorStore: ${name} must be a whole number of at least 1.`, { provider: PROVIDER });
    return v;
  };
  const indexThreshold = positive('indexThreshold', options.indexThreshold, 100_000);
  const nprobes = positive('nprobes', options.nprobes, 20);
  const refineFactor = positive('refineFactor', options.refineFactor, 10);
  const maxBatch = positive('maxBatch', options.maxBatch, 10_000);
  const concurrency = positive('concurrency', options.concurrency, 2);
  const distance = metric === 'euclidean' ? 'l2' : metric;

  // Every read checks for newer versions, so several instances (and processes) see each other's writes.
  const connection = lancedb
    .connect(options.uri, { readConsistencyInterval: 0, ...(options.storageOptions ? { storageOptions: options.storageOptions } : {}) })
    .catch((error: unknown) => {
      throw mapLanceError(error, `open ${redactUri(options.uri)}`);
    });
  const tables = new Map<string, Promise<TableState | undefined>>();

  function stateOf(table: lancedb.Table, schema: Schema): TableState {
    const vectorField = schema.fields.find((f) => f.name === 'vector');
    const dimensions = (vectorField?.type as { listSize?: number } | undefined)?.listSize;
    if (dimensions === undefined) throw new StorageError('CORRUPT_DATA', 'This LanceDB table has no fixed-size "vector" column; it was not made by this package.', { provider: PROVIDER });
    const kinds = new Map<string, ColumnKind>();
    for (const f of schema.fields) {
      const field = fieldOf(f.name);
      const kind = kindOfType(f.type);
      if (field !== undefined && kind !== undefined) kinds.set(field, kind);
    }
    return { table, dimensions, kinds, indexed: false };
  }

  async function open(collection: string): Promise<TableState | undefined> {
    const cached = tables.get(collection);
    if (cached) {
      const state = await cached;
      if (state) return state;
    }
    const pending = (async () => {
      const db = await connection;
      try {
        const table = await db.openTable(collection);
        const state = stateOf(table, await table.schema());
        state.indexed = (await table.listIndices()).some((i) => i.columns.includes('vector'));
        return state;
      } catch (error) {
        const mapped = mapLanceError(error, `open table "${collection}"`);
        if (mapped.code === 'NOT_FOUND') return undefined;
        throw mapped;
      }
    })();
    tables.set(collection, pending);
    pending.catch(() => tables.delete(collection));
    const state = await pending;
    if (!state) tables.delete(collection);
    return state;
  }

  /** The table, created with the batch's columns when missing, with any new metadata columns added. */
  async function prepare(collection: string, records: CheckedRecord[]): Promise<TableState> {
    let state = await open(collection);
    const dimensions = records[0]!.vector.length;
    if (state && state.dimensions !== dimensions) {
      throw new StorageError('INVALID_ARGUMENT', `Collection "${collection}" holds ${state.dimensions}-dimensional vectors; these have ${dimensions}. Embed with the same model, or use another collection.`, {
        provider: PROVIDER,
      });
    }
    const added = planColumns(
      records.map((r) => r.metadata),
      state?.kinds ?? new Map(),
      PROVIDER,
    );
    if (!state) {
      const db = await connection;
      try {
        await retryConflicts(() => db.createEmptyTable(collection, baseSchema(dimensions, added), { mode: 'create', existOk: true }));
      } catch (error) {
        throw mapLanceError(error, `create table "${collection}"`);
      }
      tables.delete(collection);
      state = await open(collection);
      if (!state) throw new StorageError('UNAVAILABLE', `LanceDB did not keep the new table "${collection}"; retry.`, { provider: PROVIDER });
      return prepare(collection, records);
    }
    if (added.size > 0) {
      try {
        await retryConflicts(() => state.table.addColumns([...added].map(([field, kind]) => metadataField(field, kind))));
      } catch (error) {
        // Another writer may have added the same column first: re-read the schema and re-check.
        tables.delete(collection);
        const fresh = await open(collection);
        if (!fresh || [...added.keys()].some((f) => !fresh.kinds.has(f))) throw mapLanceError(error, `add metadata columns to "${collection}"`);
        planColumns(records.map((r) => r.metadata), fresh.kinds, PROVIDER);
        return fresh;
      }
      for (const [field, kind] of added) state.kinds.set(field, kind);
    }
    return state;
  }

  function rowOf(record: CheckedRecord, kinds: ReadonlyMap<string, ColumnKind>): Record<string, unknown> {
    const row: Record<string, unknown> = { id: record.id, vector: Array.from(record.vector), text: record.text ?? null, metadata: JSON.stringify(record.metadata) };
    for (const field of kinds.keys()) {
      const value = record.metadata[field];
      row[`m_${Buffer.from(field, 'utf8').toString('hex')}`] = value === undefined ? null : value;
    }
    return row;
  }

  function filterSql(filter: unknown, state: TableState | undefined): string | undefined {
    const node = parseFilter(filter, PROVIDER);
    assertSupported(node, LANCEDB_OPERATORS, PROVIDER);
    return node ? compileSql(node, state?.kinds ?? new Map()) : undefined;
  }

  function recordOf(row: Record<string, unknown>, withVector: boolean): StoredVectorRecord {
    const text = row.text;
    return {
      id: row.id as string,
      vector: withVector ? Array.from(row.vector as Iterable<number>) : [],
      ...(typeof text === 'string' ? { text } : {}),
      metadata: JSON.parse(row.metadata as string) as VectorMetadata,
    };
  }

  function scoreOf(d: number): number {
    return metric === 'cosine' ? scoreFrom.cosineDistance(d) : metric === 'dot' ? 1 - d : scoreFrom.euclidean(d, true);
  }

  async function maybeIndex(state: TableState, collection: string): Promise<void> {
    if (state.indexed || indexThreshold === Infinity) return;
    const rows = await state.table.countRows();
    if (rows < indexThreshold) return;
    try {
      const config = lancedb.Index.ivfPq({ distanceType: distance, numPartitions: Math.max(1, Math.round(Math.sqrt(rows))), numSubVectors: subVectors(state.dimensions) });
      await retryConflicts(() => state.table.createIndex('vector', { config }));
      state.indexed = true;
    } catch (error) {
      throw mapLanceError(error, `build the vector index of "${collection}"`);
    }
  }

  const capabilities: VectorCapabilities = { filterOperators: LANCEDB_OPERATORS, maxBatch, metrics: ALL_METRICS, exact: indexThreshold === Infinity };

  return {
    provider: PROVIDER,
    capabilities,

    async upsert(collection, records) {
      checkCollection(collection, PROVIDER);
      const existing = await open(collection);
      const checked = checkRecords(records, PROVIDER, existing?.dimensions);
      if (checked.length === 0) return { upserted: 0 };
      // Checked whole before anything is written: dimension and column types of every record.
      planColumns(checked.map((r) => r.metadata), existing?.kinds ?? new Map(), PROVIDER);
      const state = await prepare(collection, checked);
      const schema = await state.table.schema();
      await writeInBatches(checked, { maxBatch, concurrency, provider: PROVIDER }, async (batch) => {
        const data = lancedb.makeArrowTable(batch.map((r) => rowOf(r, state.kinds)), { schema });
        try {
          await retryConflicts(() => state.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data));
        } catch (error) {
          throw mapLanceError(error, `write to "${collection}"`);
        }
      });
      await maybeIndex(state, collection);
      return { upserted: checked.length };
    },

    async query(collection, query) {
      checkCollection(collection, PROVIDER);
      const q = checkQueryObject(query, PROVIDER);
      const { limit, threshold } = checkQueryOptions(q, PROVIDER);
      const vector = checkVector(q.vector, PROVIDER, 'query.vector');
      const state = await open(collection);
      const where = filterSql(q.filter, state);
      if (!state) return [];
      checkVector(vector, PROVIDER, 'query.vector', state.dimensions);
      let search = state.table.vectorSearch(Array.from(vector)).distanceType(distance).limit(limit);
      if (state.indexed) search = search.nprobes(nprobes).refineFactor(refineFactor);
      if (where) search = search.where(where);
      let rows: Array<Record<string, unknown>>;
      try {
        rows = (await search.toArray()) as Array<Record<string, unknown>>;
      } catch (error) {
        throw mapLanceError(error, `search "${collection}"`);
      }
      const out: VectorMatch[] = [];
      for (const row of rows) {
        const score = scoreOf(row._distance as number);
        if (threshold !== undefined && score < threshold) continue;
        const { vector: v, ...rest } = recordOf(row, q.includeVectors === true);
        out.push({ ...rest, score, ...(q.includeVectors ? { vector: v } : {}) });
      }
      return out.sort((a, b) => b.score - a.score);
    },

    async delete(collection, selector) {
      checkCollection(collection, PROVIDER);
      if (typeof selector !== 'object' || selector === null || (selector.ids === undefined) === (selector.filter === undefined)) {
        throw new StorageError('INVALID_ARGUMENT', 'delete takes { ids } or { filter }, exactly one of them.', { provider: PROVIDER });
      }
      const ids = selector.ids === undefined ? undefined : [...new Set(checkIds(selector.ids, PROVIDER))];
      const state = await open(collection);
      const where = ids ? undefined : filterSql(selector.filter, state);
      if (!ids && !where) throw new StorageError('INVALID_ARGUMENT', 'delete with an empty filter would remove everything; use dropCollection for that.', { provider: PROVIDER });
      if (!state) return 0;
      let removed = 0;
      try {
        for (const predicate of ids ? chunk(ids, 1000).map((part) => `id IN (${part.map(sqlString).join(', ')})`) : [where!]) {
          removed += (await retryConflicts(() => state.table.delete(predicate))).numDeletedRows;
        }
      } catch (error) {
        throw mapLanceError(error, `delete from "${collection}"`);
      }
      return removed;
    },

    async count(collection, call = {}) {
      checkCollection(collection, PROVIDER);
      const state = await open(collection);
      const where = filterSql(call.filter, state);
      if (!state) return 0;
      try {
        return await state.table.countRows(where);
      } catch (error) {
        throw mapLanceError(error, `count "${collection}"`);
      }
    },

    async get(collection, ids) {
      checkCollection(collection, PROVIDER);
      const wanted = checkIds(ids, PROVIDER);
      const state = await open(collection);
      if (!state || wanted.length === 0) return [];
      const found = new Map<string, StoredVectorRecord>();
      try {
        for (const part of chunk([...new Set(wanted)], 1000)) {
          const rows = (await state.table.query().where(`id IN (${part.map(sqlString).join(', ')})`).toArray()) as Array<Record<string, unknown>>;
          for (const row of rows) found.set(row.id as string, recordOf(row, true));
        }
      } catch (error) {
        throw mapLanceError(error, `read "${collection}"`);
      }
      return wanted.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    },

    async listCollections() {
      const db = await connection;
      const names: string[] = [];
      try {
        for (;;) {
          const page = await db.tableNames({ ...(names.length ? { startAfter: names[names.length - 1] } : {}), limit: 1000 });
          names.push(...page);
          if (page.length < 1000) break;
        }
      } catch (error) {
        throw mapLanceError(error, 'list tables');
      }
      return names.sort();
    },

    async dropCollection(collection) {
      checkCollection(collection, PROVIDER);
      const db = await connection;
      tables.delete(collection);
      try {
        await db.dropTable(collection);
        return true;
      } catch (error) {
        const mapped = mapLanceError(error, `drop table "${collection}"`);
        if (mapped.code === 'NOT_FOUND') return false;
        throw mapped;
      }
    },

    async close() {
      for (const pending of tables.values()) (await pending.catch(() => undefined))?.table.close();
      tables.clear();
      (await connection.catch(() => undefined))?.close();
    },
  };
}

/** Sub-vectors for PQ: the largest of 96, 64, 48, 32, 16, 8, 4, 2, 1 that divides the dimension with ≥ 4 dimensions each. */
function subVectors(dimensions: number): number {
  for (const n of [96, 64, 48, 32, 16, 8, 4, 2]) if (dimensions % n === 0 && dimensions / n >= 4) return n;
  return 1;
}

function redactUri(uri: string): string {
  return uri.replace(/\/\/[^/@]*@/, '//[redacted]@').replace(/[?#].*$/, '');
}
