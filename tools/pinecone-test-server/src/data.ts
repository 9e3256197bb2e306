import { ApiError } from './errors';
import { checkFilter, matches, type Metadata } from './filter';
import { LIMITS, score, type IndexState, type StoredVector } from './model';

type Body = Record<string, unknown>;

function object(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'The request body must be a JSON object.');
  return body as Body;
}

function namespaceOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ApiError(400, 'namespace must be a string.');
  return value;
}

function bytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function token(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64');
}

function afterToken(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'paginationToken must be a string.');
  return Buffer.from(value, 'base64').toString('utf8');
}

function positiveInt(value: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) throw new ApiError(400, `${name} must be an integer between 1 and ${max}.`);
  return n;
}

function checkValues(values: unknown, dimension: number, where: string): number[] {
  if (!Array.isArray(values) || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new ApiError(400, `${where}: values must be a list of finite numbers.`);
  if (values.length !== dimension) throw new ApiError(400, `Vector dimension ${values.length} does not match the dimension of the index ${dimension}`);
  return values as number[];
}

function checkMetadata(metadata: unknown, where: string): Metadata | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new ApiError(400, `${where}: metadata must be an object.`);
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith('$')) throw new ApiError(400, `${where}: metadata keys may not start with '$' (got ${JSON.stringify(key)}).`);
    const ok =
      typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) throw new ApiError(400, `${where}: metadata value of ${JSON.stringify(key)} must be a string, number, boolean or list of strings; null is not supported.`);
  }
  if (Buffer.byteLength(JSON.stringify(metadata)) > LIMITS.maxMetadataBytes) {
    throw new ApiError(400, `${where}: metadata size exceeds the limit of ${LIMITS.maxMetadataBytes} bytes per vector.`);
  }
  return metadata as Metadata;
}

function checkId(id: unknown, where: string): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.maxIdLength) throw new ApiError(400, `${where}: id must be a string of 1 to ${LIMITS.maxIdLength} characters.`);
  return id;
}

function view(v: StoredVector, values: boolean, metadata: boolean): Body {
  return { id: v.id, ...(values ? { values: v.values } : {}), ...(metadata && v.metadata ? { metadata: v.metadata } : {}) };
}

/** The data plane of one index: the operations of the reference's `db_data` description. */
export class DataPlane {
  constructor(private readonly index: IndexState) {}

  private ns(name: string, create = false): Map<string, StoredVector> | undefined {
    let ns = this.index.namespaces.get(name);
    if (!ns && create) {
      ns = new Map();
      this.index.namespaces.set(name, ns);
    }
    return ns;
  }

  upsert(raw: unknown): Body {
    const body = object(raw);
    const namespace = namespaceOf(body.namespace);
    const vectors = body.vectors;
    if (!Array.isArray(vectors) || vectors.length === 0) throw new ApiError(400, 'vectors must be a non-empty list.');
    if (vectors.length > LIMITS.maxUpsertVectors) throw new ApiError(400, `A request may upsert at most ${LIMITS.maxUpsertVectors} vectors; got ${vectors.length}.`);
    // Checked whole first: a bad vector stores nothing of the request.
    const checked = vectors.map((v: unknown, i) => {
      const where = `vectors[${i}]`;
      const r = object(v);
      const id = checkId(r.id, where);
      const values = checkValues(r.values, this.index.dimension, where);
      const metadata = checkMetadata(r.metadata, where);
      return { id, values: [...values], ...(metadata ? { metadata: structuredClone(metadata) } : {}) };
    });
    const ns = this.ns(namespace, true)!;
    for (const v of checked) ns.set(v.id, v);
    return { upsertedCount: checked.length };
  }

  query(raw: unknown): Body {
    const body = object(raw);
    const namespace = namespaceOf(body.namespace);
    const includeValues = body.includeValues === true;
    const includeMetadata = body.includeMetadata === true;
    const topK = positiveInt(body.topK, 'topK', NaN, includeValues || includeMetadata ? LIMITS.maxTopKWithData : LIMITS.maxTopK);
    if (Number.isNaN(topK)) throw new ApiError(400, 'topK is required.');
    if ((body.vector === undefined) === (body.id === undefined)) throw new ApiError(400, 'Exactly one of vector or id must be given.');
    if (body.filter !== undefined && body.filter !== null) checkFilter(body.filter);
    const ns = this.ns(namespace);
    let query: number[];
    if (body.id !== undefined) {
      const found = ns?.get(checkId(body.id, 'id'));
      if (!found) return { matches: [], namespace, usage: { readUnits: 1 } };
      query = found.values;
    } else {
      query = checkValues(body.vector, this.index.dimension, 'vector');
    }
    const filter = body.filter as Record<string, unknown> | undefined;
    const scored: Array<{ v: StoredVector; s: number }> = [];
    for (const v of ns?.values() ?? []) {
      if (filter && !matches(filter, v.metadata ?? {})) continue;
      scored.push({ v, s: score(this.index.metric, query, v.values) });
    }
    const lowerIsBetter = this.index.metric === 'euclidean';
    scored.sort((a, b) => (lowerIsBetter ? a.s - b.s : b.s - a.s) || bytewise(a.v.id, b.v.id));
    return {
      matches: scored.slice(0, topK).map(({ v, s }) => ({ ...view(v, includeValues, includeMetadata), score: s })),
      namespace,
      usage: { readUnits: 5 },
    };
  }

  fetch(ids: string[], namespace: string): Body {
    if (ids.length === 0) throw new ApiError(400, 'ids are required.');
    if (ids.length > LIMITS.maxFetchIds) throw new ApiError(400, `A fetch may ask for at most ${LIMITS.maxFetchIds} ids.`);
    const ns = this.ns(namespace);
    const vectors: Body = {};
    for (const id of ids) {
      const v = ns?.get(id);
      if (v) vectors[id] = view(v, true, true);
    }
    return { vectors, namespace, usage: { readUnits: 1 } };
  }

  fetchByMetadata(raw: unknown): Body {
    const body = object(raw);
    const namespace = namespaceOf(body.namespace);
    if (body.filter !== undefined && body.filter !== null) checkFilter(body.filter);
    const limit = positiveInt(body.limit, 'limit', 100, 10_000);
    const after = afterToken(body.paginationToken);
    const filter = body.filter as Record<string, unknown> | undefined;
    const all = [...(this.ns(namespace)?.values() ?? [])]
      .filter((v) => (after === undefined || bytewise(v.id, after) > 0) && (!filter || matches(filter, v.metadata ?? {})))
      .sort((a, b) => bytewise(a.id, b.id));
    const page = all.slice(0, limit);
    const vectors: Body = {};
    for (const v of page) vectors[v.id] = view(v, true, true);
    return { vectors, namespace, usage: { readUnits: 1 }, ...(all.length > limit ? { pagination: { next: token(page[page.length - 1]!.id) } } : {}) };
  }

  delete(raw: unknown): Body {
    const body = object(raw);
    const namespace = namespaceOf(body.namespace);
    const given = [body.ids !== undefined, body.deleteAll === true, body.filter !== undefined && body.filter !== null].filter(Boolean).length;
    if (given !== 1) throw new ApiError(400, 'Exactly one of ids, deleteAll or filter must be given.');
    const ns = this.ns(namespace);
    if (body.ids !== undefined) {
      if (!Array.isArray(body.ids) || body.ids.length === 0 || body.ids.length > LIMITS.maxDeleteIds) throw new ApiError(400, `ids must be a list of 1 to ${LIMITS.maxDeleteIds} ids.`);
      const ids = body.ids.map((id, i) => checkId(id, `ids[${i}]`));
      for (const id of ids) ns?.delete(id);
    } else if (body.deleteAll === true) {
      ns?.clear();
    } else {
      checkFilter(body.filter);
      for (const v of [...(ns?.values() ?? [])]) if (matches(body.filter as Record<string, unknown>, v.metadata ?? {})) ns!.delete(v.id);
    }
    return {};
  }

  update(raw: unknown): Body {
    const body = object(raw);
    const namespace = namespaceOf(body.namespace);
    if ((body.id === undefined) === (body.filter === undefined)) throw new ApiError(400, 'Exactly one of id or filter must be given.');
    const setMetadata = checkMetadata(body.setMetadata, 'setMetadata');
    const ns = this.ns(namespace);
    if (body.id !== undefined) {
      const id = checkId(body.id, 'id');
      const values = body.values === undefined ? undefined : checkValues(body.values, this.index.dimension, 'values');
      const found = ns?.get(id);
      if (!found) return {};
      if (values) found.values = [...values];
      if (setMetadata) found.metadata = { ...found.metadata, ...structuredClone(setMetadata) };
      return {};
    }
    if (body.values !== undefined) throw new ApiError(400, 'values cannot be set on records chosen by a filter.');
    checkFilter(body.filter);
    const hit = [...(ns?.values() ?? [])].filter((v) => matches(body.filter as Record<string, unknown>, v.metadata ?? {}));
    if (body.dryRun !== true && setMetadata) for (const v of hit) v.metadata = { ...v.metadata, ...structuredClone(setMetadata) };
    return { matchedRecords: hit.length };
  }

  describeIndexStats(raw: unknown): Body {
    const body = raw === undefined ? {} : object(raw);
    if (body.filter !== undefined && body.filter !== null) throw new ApiError(400, 'Serverless and starter indexes do not support describing index stats with metadata filtering.');
    const namespaces: Body = {};
    let total = 0;
    for (const [name, ns] of this.index.namespaces) {
      namespaces[name] = { vectorCount: ns.size };
      total += ns.size;
    }
    return { namespaces, dimension: this.index.dimension, indexFullness: 0, totalVectorCount: total, metric: this.index.metric, vectorType: 'dense' };
  }

  list(query: URLSearchParams): Body {
    const namespace = query.get('namespace') ?? '';
    const prefix = query.get('prefix') ?? '';
    const limit = positiveInt(query.get('limit') ?? undefined, 'limit', 100, 100);
    const after = afterToken(query.get('paginationToken') ?? undefined);
    const ids = [...(this.ns(namespace)?.keys() ?? [])].filter((id) => id.startsWith(prefix) && (after === undefined || bytewise(id, after) > 0)).sort(bytewise);
    const page = ids.slice(0, limit);
    return { vectors: page.map((id) => ({ id })), namespace, usage: { readUnits: 1 }, ...(ids.length > limit ? { pagination: { next: token(page[page.length - 1]!) } } : {}) };
  }

  private describeNs(name: string, ns: Map<string, StoredVector>): Body {
    return { name, record_count: ns.size };
  }

  listNamespaces(query: URLSearchParams): Body {
    const prefix = query.get('prefix') ?? '';
    const limit = positiveInt(query.get('limit') ?? undefined, 'limit', 100, 100);
    const after = afterToken(query.get('paginationToken') ?? undefined);
    const all = [...this.index.namespaces.keys()].filter((n) => n !== '' && n.startsWith(prefix)).sort(bytewise);
    const names = all.filter((n) => after === undefined || bytewise(n, after) > 0);
    const page = names.slice(0, limit);
    return {
      namespaces: page.map((n) => this.describeNs(n, this.index.namespaces.get(n)!)),
      total_count: all.length,
      ...(names.length > limit ? { pagination: { next: token(page[page.length - 1]!) } } : {}),
    };
  }

  createNamespace(raw: unknown): Body {
    const body = object(raw);
    if (typeof body.name !== 'string' || body.name.length === 0) throw new ApiError(400, 'name is required.');
    if (this.index.namespaces.has(body.name)) throw new ApiError(409, `Namespace ${body.name} already exists.`);
    return this.describeNs(body.name, this.ns(body.name, true)!);
  }

  describeNamespace(name: string): Body {
    const ns = this.ns(name);
    if (!ns) throw new ApiError(404, `Namespace ${name} not found.`);
    return this.describeNs(name, ns);
  }

  deleteNamespace(name: string): Body {
    if (!this.index.namespaces.delete(name)) throw new ApiError(404, `Namespace ${name} not found.`);
    return {};
  }
}
