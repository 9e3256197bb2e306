import { StorageError, isStorageError } from '@agentmap/storage-core';
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
  checkVectorValues,
  chunk,
  parseFilter,
  scoreFrom,
  uuidForId,
  writeInBatches,
  type CheckedRecord,
  type StoredVectorRecord,
  type VectorCapabilities,
  type VectorMatch,
  type VectorMetadata,
  type VectorMetric,
  type VectorStore,
} from '@agentmap/storage-vector';
import { Aggregator, ClassCreator, ClassDeleter, ClassGetter, GraphQLGetter, ObjectsBatchDeleter, ObjectsBatcher, PropertyCreator, SchemaGetter, type WeaviateClass } from 'weaviate-ts-client';
import { WeaviateHttp } from './connection';
import { PROVIDER } from './errors';
import { WEAVIATE_OPERATORS, clientWhere, compileWhere, fieldsOf, type FieldKind, type Where } from './filter-where';
import {
  CLASS_RULE,
  ID_PROPERTY,
  METADATA_PROPERTY,
  TEXT_PROPERTY,
  checkClassPrefix,
  classNameFor,
  describeCollection,
  describeField,
  propertyFor,
  readCollectionMarker,
  readFieldMarker,
} from './names';
import { planKinds } from './schema-plan';

/** A metadata field declared before any record carries it (the guide's `properties`). */
export interface WeaviatePropertyDeclaration {
  name: string;
  dataType: FieldKind;
}

export interface WeaviateVectorStoreOptions {
  /** `http` or `https`; anything else is `INVALID_ARGUMENT`. */
  scheme: 'http' | 'https';
  /** `localhost:8080`, `my-cluster.weaviate.network`: host and port, no scheme or path (else `INVALID_ARGUMENT`). */
  host: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never shown in errors. A key Weaviate refuses makes calls fail with `UNAUTHENTICATED`. */
  apiKey?: string;
  /**
   * A class-name prefix (the guide's `class_name`): collection `kb` lives in class
   * `<className>_kb`. Without it, in `Kb`. Only classes made by this package are listed.
   * Not a valid class name (an upper-case letter, then letters, digits, `_`): `INVALID_ARGUMENT`.
   */
  className?: string;
  /**
   * Metadata fields whose Weaviate type is fixed when a class is created, before any record
   * carries them. A record whose value has another type is `INVALID_ARGUMENT`; so is an unknown `dataType`.
   */
  properties?: readonly WeaviatePropertyDeclaration[];
  /** Default `cosine` (Weaviate `cosine`); `dot` (`dot`) and `euclidean` (`l2-squared`). Fixed per class when it is made. */
  metric?: VectorMetric;
  /** Milliseconds one request may take (default 30,000); a request that takes longer fails with `TIMEOUT` once retries are spent. */
  timeoutMs?: number;
  /** Further attempts after a 429, a 5xx, a timeout or a refused connection (default 3); then `UNAVAILABLE` or `TIMEOUT`. */
  retries?: number;
  /** Objects per batch request (default 100) and batches in flight (default 2). Not a whole number ≥ 1: `INVALID_ARGUMENT`. */
  maxBatch?: number;
  concurrency?: number;
}

const METRIC_DISTANCE: Record<VectorMetric, string> = { cosine: 'cosine', dot: 'dot', euclidean: 'l2-squared' };
const DISTANCE_METRIC: Record<string, VectorMetric> = { cosine: 'cosine', dot: 'dot', 'l2-squared': 'euclidean' };
const FIELD_KINDS: readonly FieldKind[] = ['text', 'number', 'boolean', 'text[]', 'number[]', 'boolean[]'];

/** What this store knows of one collection's class. */
interface ClassInfo {
  className: string;
  dimensions: number;
  metric: VectorMetric;
  /** Metadata field -> the type of its property. */
  kinds: Map<string, FieldKind>;
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
}

/**
 * A VectorStore on Weaviate. Each collection is a class of its own (see {@link CLASS_RULE});
 * record ids become UUIDs with `uuidForId`, the original kept in `agentmap_id`; metadata is
 * kept whole in `agentmap_metadata` and each field also in a typed property of its own, so
 * filters compile to Weaviate's `where`. Searches are `nearVector` queries; Weaviate's
 * distance becomes our score.
 */
export function createWeaviateVectorStore(options: WeaviateVectorStoreOptions): VectorStore {
  const given: unknown = options;
  validateOptions(given, ['scheme', 'host', 'apiKey', 'className', 'properties', 'metric', 'timeoutMs', 'retries', 'maxBatch', 'concurrency'], 'createWeaviateVectorStore', { provider: PROVIDER });
  if (options.scheme !== 'http' && options.scheme !== 'https') throw invalid('createWeaviateVectorStore needs { scheme: "http" | "https", host }.');
  if (typeof options.host !== 'string' || !/^[A-Za-z0-9.[\]:_-]+$/.test(options.host)) {
    throw invalid('createWeaviateVectorStore: host must be a host name with an optional port, such as "localhost:8080" (no scheme, no path).');
  }
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey.length === 0)) throw invalid('createWeaviateVectorStore: apiKey must be a non-empty string when given.');
  const prefix = checkClassPrefix(options.className);
  const metric = options.metric ?? 'cosine';
  if (!ALL_METRICS.includes(metric)) throw invalid(`createWeaviateVectorStore: metric must be one of ${ALL_METRICS.join(', ')}.`);
  const whole = (name: string, value: number | undefined, fallback: number, min: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) throw invalid(`createWeaviateVectorStore: ${name} must be a whole number of at least ${min}.`);
    return v;
  };
  const timeoutMs = whole('timeoutMs', options.timeoutMs, 30_000, 1);
  const retries = whole('retries', options.retries, 3, 0);
  const maxBatch = whole('maxBatch', options.maxBatch, 100, 1);
  const concurrency = whole('concurrency', options.concurrency, 2, 1);
  const declared = new Map<string, FieldKind>();
  for (const [i, p] of (options.properties ?? []).entries()) {
    if (typeof p?.name !== 'string' || p.name.length === 0 || p.name.startsWith('$')) throw invalid(`createWeaviateVectorStore: properties[${i}].name must be a metadata field name.`);
    if (!FIELD_KINDS.includes(p.dataType)) throw invalid(`createWeaviateVectorStore: properties[${i}].dataType must be one of ${FIELD_KINDS.join(', ')}.`);
    declared.set(p.name, p.dataType);
  }

  const http = new WeaviateHttp({ baseUrl: `${options.scheme}://${options.host}`, ...(options.apiKey ? { apiKey: options.apiKey } : {}), timeoutMs, retries });
  const classes = new Map<string, ClassInfo>();
  /** Schema changes of one instance run one at a time per class; other writers are handled by re-reading. */
  const schemaLocks = new Map<string, Promise<unknown>>();

  function locked<T>(className: string, run: () => Promise<T>): Promise<T> {
    const before = schemaLocks.get(className) ?? Promise.resolve();
    const next = before.then(run, run);
    schemaLocks.set(className, next.catch(() => undefined));
    return next;
  }

  function infoOf(collection: string, def: WeaviateClass): ClassInfo {
    const className = def.class!;
    const marker = readCollectionMarker(def.description);
    if (!marker) {
      throw invalid(`Weaviate class ${className} exists but was not made by @agentmap/storage-vector-weaviate (its description has no collection marker), so collection ${JSON.stringify(collection)} cannot use it; set className to keep this store's classes apart.`);
    }
    if (marker.collection !== collection) {
      throw invalid(`Collections ${JSON.stringify(collection)} and ${JSON.stringify(marker.collection)} map to the same Weaviate class ${className} (${CLASS_RULE}); rename one of them.`);
    }
    const kinds = new Map<string, FieldKind>();
    for (const p of def.properties ?? []) {
      const field = readFieldMarker(p.description);
      const kind = p.dataType?.[0] as FieldKind | undefined;
      if (field !== undefined && kind !== undefined && FIELD_KINDS.includes(kind)) kinds.set(field, kind);
    }
    const distance = (def.vectorIndexConfig as { distance?: string } | undefined)?.distance ?? 'cosine';
    const classMetric = DISTANCE_METRIC[distance];
    if (!classMetric) throw invalid(`Weaviate class ${className} measures ${distance} distance; this package reads cosine, dot and l2-squared.`);
    return { className, dimensions: marker.dimensions, metric: classMetric, kinds };
  }

  /** The class of a collection, from cache or from the schema; undefined when it does not exist. */
  async function describe(collection: string, signal?: AbortSignal, fresh = false): Promise<ClassInfo | undefined> {
    const className = classNameFor(collection, prefix);
    if (!fresh) {
      const cached = classes.get(collection);
      if (cached) return cached;
    }
    let def: WeaviateClass;
    try {
      def = await new ClassGetter(http.connection(`read the schema of "${collection}"`, signal)).withClassName(className).do();
    } catch (error) {
      if (isStorageError(error) && error.code === 'NOT_FOUND') {
        classes.delete(collection);
        return undefined;
      }
      throw error;
    }
    const info = infoOf(collection, def);
    classes.set(collection, info);
    return info;
  }

  function propertyDef(field: string, kind: FieldKind): Record<string, unknown> {
    return {
      name: propertyFor(field),
      dataType: [kind],
      description: describeField(field),
      indexFilterable: true,
      // Weaviate accepts these two settings on text properties only.
      ...(kind.startsWith('text') ? { tokenization: 'field', indexSearchable: false } : {}),
    };
  }

  /** The class ready for these records: created when missing, with properties for new metadata fields. */
  async function prepare(collection: string, records: CheckedRecord[], signal: AbortSignal | undefined): Promise<ClassInfo> {
    const className = classNameFor(collection, prefix);
    const dimensions = records[0]!.vector.length;
    return locked(className, async () => {
      let info = await describe(collection, signal);
      if (!info) {
        const kinds = new Map(declared);
        for (const [field, kind] of planKinds(records.map((r) => r.metadata), kinds)) kinds.set(field, kind);
        const def = {
          class: className,
          description: describeCollection({ collection, dimensions }),
          vectorizer: 'none',
          vectorIndexConfig: { distance: METRIC_DISTANCE[metric] },
          invertedIndexConfig: { indexNullState: true },
          properties: [
            { name: ID_PROPERTY, dataType: ['text'], tokenization: 'field', indexFilterable: true, indexSearchable: false },
            { name: TEXT_PROPERTY, dataType: ['text'], indexFilterable: false, indexSearchable: true },
            { name: METADATA_PROPERTY, dataType: ['text'], indexFilterable: false, indexSearchable: false },
            ...[...kinds].map(([field, kind]) => propertyDef(field, kind)),
          ],
        };
        try {
          await new ClassCreator(http.connection(`create class ${className} for "${collection}"`, signal)).withClass(def).do();
        } catch (error) {
          // Another writer made it first: use theirs, checked below like any existing class.
          if (!(isStorageError(error) && error.code === 'INVALID_ARGUMENT' && /already exists/i.test(error.message))) throw error;
        }
        info = await describe(collection, signal, true);
        if (!info) throw new StorageError('UNAVAILABLE', `weaviate did not keep the new class ${className}; retry.`, { provider: PROVIDER });
      }
      if (info.dimensions !== dimensions) {
        throw invalid(`Collection "${collection}" holds ${info.dimensions}-dimensional vectors; these have ${dimensions}. Embed with the same model, or use another collection.`);
      }
      let added = planKinds(records.map((r) => r.metadata), info.kinds);
      if (added.size > 0) {
        // Another instance may have added some already.
        info = (await describe(collection, signal, true)) ?? info;
        added = planKinds(records.map((r) => r.metadata), info.kinds);
      }
      for (const [field, kind] of added) {
        try {
          await new PropertyCreator(http.connection(`add property for "${field}" to class ${className}`, signal)).withClassName(className).withProperty(propertyDef(field, kind)).do();
          info.kinds.set(field, kind);
        } catch (error) {
          if (!(isStorageError(error) && error.code === 'INVALID_ARGUMENT' && /already (in use|exists)/i.test(error.message))) throw error;
          info = (await describe(collection, signal, true)) ?? info;
          planKinds(records.map((r) => r.metadata), info.kinds);
        }
      }
      return info;
    });
  }

  /** The caller's numbers as checked are sent: float32-rounded ones print to JSON about twice as slowly, and Weaviate rounds them itself. */
  function objectOf(className: string, record: CheckedRecord & { values: number[] }, kinds: ReadonlyMap<string, FieldKind>): Record<string, unknown> {
    const properties: Record<string, unknown> = { [ID_PROPERTY]: record.id, [METADATA_PROPERTY]: JSON.stringify(record.metadata) };
    if (record.text !== undefined) properties[TEXT_PROPERTY] = record.text;
    for (const [field, value] of Object.entries(record.metadata)) {
      if (value !== null && kinds.has(field)) properties[propertyFor(field)] = value;
    }
    return { class: className, id: uuidForId(record.id), vector: record.values, properties };
  }

  /** The `where` of a filter for this class, refreshing the cached schema when the filter names a field it does not know. */
  async function whereFor(collection: string, filter: unknown, info: ClassInfo, signal: AbortSignal | undefined): Promise<Where | boolean> {
    const node = parseFilter(filter, PROVIDER);
    assertSupported(node, WEAVIATE_OPERATORS, PROVIDER);
    if (!node) return true;
    let current = info;
    if ([...fieldsOf(node)].some((f) => !current.kinds.has(f))) current = (await describe(collection, signal, true)) ?? current;
    return compileWhere(node, current.kinds);
  }

  function scoreOf(classMetric: VectorMetric, distance: number): number {
    return classMetric === 'cosine' ? scoreFrom.cosineDistance(distance) : classMetric === 'dot' ? -distance : scoreFrom.euclidean(distance, true);
  }

  /** The widest Weaviate distance that can still reach `threshold`, so the server leaves out the rest; undefined: no cut. */
  function distanceCut(classMetric: VectorMetric, threshold: number | undefined): number | undefined {
    if (threshold === undefined) return undefined;
    const slack = 1e-6;
    if (classMetric === 'cosine') return threshold <= 0 ? undefined : 1 - threshold + slack;
    if (classMetric === 'dot') return -threshold + slack;
    return threshold <= 0 ? undefined : threshold > 1 ? -1 : (1 / threshold - 1) ** 2 + slack;
  }

  interface Row {
    [ID_PROPERTY]?: string | null;
    [TEXT_PROPERTY]?: string | null;
    [METADATA_PROPERTY]?: string | null;
    _additional: { id: string; distance?: number | null; vector?: number[] };
  }

  function recordOf(row: Row, withVector: boolean): StoredVectorRecord {
    let metadata: VectorMetadata = {};
    try {
      metadata = row[METADATA_PROPERTY] ? (JSON.parse(row[METADATA_PROPERTY]) as VectorMetadata) : {};
    } catch {
      throw new StorageError('CORRUPT_DATA', `weaviate object ${row._additional.id} holds metadata that is not JSON; rewrite the record.`, { provider: PROVIDER });
    }
    const text = row[TEXT_PROPERTY];
    return {
      id: row[ID_PROPERTY] ?? row._additional.id,
      vector: withVector ? [...(row._additional.vector ?? [])] : [],
      ...(typeof text === 'string' ? { text } : {}),
      metadata,
    };
  }

  /** Rows of a `Get`; a class dropped meanwhile reads as empty. */
  async function rows(className: string, collection: string, build: (getter: GraphQLGetter) => GraphQLGetter, what: string, signal: AbortSignal | undefined): Promise<Row[]> {
    try {
      const answer = await build(new GraphQLGetter(http.connection(what, signal)).withClassName(className)).do();
      return ((answer.data as { Get?: Record<string, Row[] | null> } | undefined)?.Get?.[className] ?? []);
    } catch (error) {
      if (isStorageError(error) && error.code === 'NOT_FOUND') {
        classes.delete(collection);
        return [];
      }
      throw error;
    }
  }

  const capabilities: VectorCapabilities = { filterOperators: WEAVIATE_OPERATORS, maxBatch, metrics: ALL_METRICS, exact: false };

  /** Writes checked records into the collection's class (made or extended first), naming the ids not written when some fail. */
  async function writeRecords(collection: string, checked: Array<CheckedRecord & { values: number[] }>, signal: AbortSignal | undefined): Promise<{ upserted: number }> {
    const info = await prepare(collection, checked, signal);
    const rejected = new Map<string, string>();
    const write = async (batch: typeof checked) => {
      const answer = await new ObjectsBatcher(http.connection(`upsert into "${collection}"`, signal))
        .withObjects(...batch.map((r) => objectOf(info.className, r, info.kinds)))
        .do();
      answer.forEach((result, i) => {
        const errors = result.result?.errors?.error ?? [];
        if (errors.length > 0) rejected.set(batch[i]!.id, errors.map((e) => e.message ?? 'rejected').join('; '));
      });
    };
    let written: string[] = checked.map((r) => r.id);
    let failed: string[] = [];
    let first: unknown;
    try {
      await writeInBatches(checked, { maxBatch, concurrency, provider: PROVIDER, ...(signal ? { signal: signal } : {}) }, write);
    } catch (error) {
      const details = isStorageError(error) ? error.details : undefined;
      if (!details?.['failedIds']) throw error;
      failed = details['failedIds'] as string[];
      written = details['writtenIds'] as string[];
      first = error;
    }
    if (rejected.size === 0 && failed.length === 0) return { upserted: checked.length };
    const failedIds = [...new Set([...failed, ...rejected.keys()])];
    const writtenIds = written.filter((id) => !rejected.has(id));
    const [firstId, firstMessage] = [...rejected][0] ?? [failed[0], first instanceof Error ? first.message : 'the batch failed'];
    const code = rejected.size > 0 && failed.length === 0 ? (/timeout|deadline|unavailable|too many/i.test(firstMessage) ? 'UNAVAILABLE' : 'INVALID_ARGUMENT') : isStorageError(first) ? first.code : 'INTERNAL';
    throw new StorageError(code, `${failedIds.length} of ${checked.length} records were not written (${writtenIds.length} were); retry the ids in details.failedIds. Weaviate said about ${JSON.stringify(firstId)}: ${String(firstMessage).slice(0, 300)}`, {
      provider: PROVIDER,
      details: { failedIds, writtenIds, ...(rejected.size > 0 ? { errors: Object.fromEntries(rejected) } : {}) },
    });
  }

  return {
    provider: PROVIDER,
    capabilities,

    async upsert(collection, records, call = {}) {
      classNameFor(collection, prefix);
      const existing = await describe(collection, call.signal);
      const checked = checkRecords(records, PROVIDER, existing?.dimensions, { values: true });
      if (checked.length === 0) return { upserted: 0 };
      // Checked whole before anything is written: dimensions above, metadata types here.
      planKinds(checked.map((r) => r.metadata), existing?.kinds ?? declared);
      try {
        return await writeRecords(collection, checked, call.signal);
      } catch (error) {
        // The class may have been deleted since this store read it: if so, make it again and write once more (upserts are safe to repeat).
        if (!existing || (await describe(collection, call.signal, true).catch(() => existing))) throw error;
        return await writeRecords(collection, checked, call.signal);
      }
    },

    async query(collection, query) {
      classNameFor(collection, prefix);
      const q = checkQueryObject(query, PROVIDER);
      const { limit, threshold } = checkQueryOptions(q, PROVIDER);
      const { vector, values } = checkVectorValues(q.vector, PROVIDER, 'query.vector');
      assertSupported(parseFilter(q.filter, PROVIDER), WEAVIATE_OPERATORS, PROVIDER);
      const info = await describe(collection, q.signal);
      if (!info) return [];
      checkVector(vector, PROVIDER, 'query.vector', info.dimensions);
      const where = await whereFor(collection, q.filter, info, q.signal);
      if (where === false) return [];
      const cut = distanceCut(info.metric, threshold);
      if (cut !== undefined && cut < 0 && info.metric !== 'dot') return [];
      const found = await rows(
        info.className,
        collection,
        (g) => {
          let built = g
            .withFields(`${ID_PROPERTY} ${TEXT_PROPERTY} ${METADATA_PROPERTY} _additional { id distance${q.includeVectors ? ' vector' : ''} }`)
            .withNearVector({ vector: values, ...(cut === undefined ? {} : { distance: cut }) })
            .withLimit(limit);
          if (where !== true) built = built.withWhere(clientWhere(where));
          return built;
        },
        `search "${collection}"`,
        q.signal,
      );
      const out: VectorMatch[] = [];
      for (const row of found) {
        const score = scoreOf(info.metric, row._additional.distance ?? Number.NaN);
        if (Number.isNaN(score) || (threshold !== undefined && score < threshold)) continue;
        const { vector: v, ...rest } = recordOf(row, q.includeVectors === true);
        out.push({ ...rest, score, ...(q.includeVectors ? { vector: v } : {}) });
      }
      return out.sort((a, b) => b.score - a.score);
    },

    async delete(collection, selector, call = {}) {
      classNameFor(collection, prefix);
      if (typeof selector !== 'object' || selector === null || (selector.ids === undefined) === (selector.filter === undefined)) {
        throw invalid('delete takes { ids } or { filter }, exactly one of them.');
      }
      const ids = selector.ids === undefined ? undefined : [...new Set(checkIds(selector.ids, PROVIDER))];
      if (!ids) {
        const node = parseFilter(selector.filter, PROVIDER);
        assertSupported(node, WEAVIATE_OPERATORS, PROVIDER);
        if (!node) throw invalid('delete with an empty filter would remove everything; use dropCollection for that.');
      }
      const info = await describe(collection, call.signal);
      if (!info) return 0;
      const wheres: Where[] = [];
      if (ids) {
        for (const part of chunk(ids, 1000)) wheres.push({ path: ['id'], operator: 'ContainsAny', valueTextArray: part.map(uuidForId) });
      } else {
        const where = await whereFor(collection, selector.filter, info, call.signal);
        if (where === false) return 0;
        // A filter every record matches: select them by the id property every record has.
        wheres.push(where === true ? { path: [ID_PROPERTY], operator: 'IsNull', valueBoolean: false } : where);
      }
      let removed = 0;
      for (const where of wheres) {
        for (;;) {
          const answer = await new ObjectsBatchDeleter(http.connection(`delete from "${collection}"`, call.signal)).withClassName(info.className).withWhere(clientWhere(where)).withOutput('minimal').do();
          const results = answer.results ?? {};
          removed += results.successful ?? 0;
          if ((results.failed ?? 0) > 0) {
            throw new StorageError('UNAVAILABLE', `weaviate deleted ${removed} records of "${collection}" but failed to delete ${results.failed}; run the delete again.`, { provider: PROVIDER, details: { deleted: removed } });
          }
          // One round deletes at most QUERY_MAXIMUM_RESULTS objects: go on while more matched.
          if (!results.successful || (results.matches ?? 0) <= results.successful) break;
        }
      }
      return removed;
    },

    async count(collection, call = {}) {
      classNameFor(collection, prefix);
      assertSupported(parseFilter(call.filter, PROVIDER), WEAVIATE_OPERATORS, PROVIDER);
      const info = await describe(collection, call.signal);
      if (!info) return 0;
      const where = await whereFor(collection, call.filter, info, call.signal);
      if (where === false) return 0;
      try {
        let aggregate = new Aggregator(http.connection(`count "${collection}"`, call.signal)).withClassName(info.className).withFields('meta { count }');
        if (where !== true) aggregate = aggregate.withWhere(clientWhere(where));
        const answer = await aggregate.do();
        const groups = (answer.data as { Aggregate?: Record<string, Array<{ meta?: { count?: number } }> | null> } | undefined)?.Aggregate?.[info.className];
        return groups?.[0]?.meta?.count ?? 0;
      } catch (error) {
        if (isStorageError(error) && error.code === 'NOT_FOUND') {
          classes.delete(collection);
          return 0;
        }
        throw error;
      }
    },

    async get(collection, ids, call = {}) {
      classNameFor(collection, prefix);
      const wanted = checkIds(ids, PROVIDER);
      const info = await describe(collection, call.signal);
      if (!info || wanted.length === 0) return [];
      const found = new Map<string, StoredVectorRecord>();
      const read = async (part: string[]): Promise<void> => {
        let got: Row[];
        try {
          got = await rows(
            info.className,
            collection,
            (g) =>
              g
                .withFields(`${ID_PROPERTY} ${TEXT_PROPERTY} ${METADATA_PROPERTY} _additional { id vector }`)
                .withWhere({ path: ['id'], operator: 'ContainsAny', valueTextArray: part.map(uuidForId) })
                .withLimit(part.length),
            `read "${collection}"`,
            call.signal,
          );
        } catch (error) {
          // A server configured with a QUERY_MAXIMUM_RESULTS below our chunk: ask for fewer at a time.
          if (part.length > 1 && isStorageError(error) && /maximum results/i.test(error.message)) {
            const half = Math.ceil(part.length / 2);
            await read(part.slice(0, half));
            return read(part.slice(half));
          }
          throw error;
        }
        for (const row of got) {
          const record = recordOf(row, true);
          if (part.includes(record.id)) found.set(record.id, record);
        }
      };
      for (const part of chunk([...new Set(wanted)], 100)) await read(part);
      return wanted.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    },

    async listCollections(call = {}) {
      const schema = await new SchemaGetter(http.connection('list classes', call.signal)).do();
      const names: string[] = [];
      for (const def of schema.classes ?? []) {
        const marker = readCollectionMarker(def.description);
        if (!marker) continue;
        try {
          if (classNameFor(marker.collection, prefix) === def.class) names.push(marker.collection);
        } catch {
          // A class of another store (another prefix, or a name this one cannot hold).
        }
      }
      return names.sort();
    },

    async dropCollection(collection, call = {}) {
      checkCollection(collection, PROVIDER);
      const info = await describe(collection, call.signal, true);
      classes.delete(collection);
      if (!info) return false;
      await new ClassDeleter(http.connection(`drop class ${info.className} of "${collection}"`, call.signal)).withClassName(info.className).do();
      return true;
    },

    async close() {
      classes.clear();
    },
  };
}
