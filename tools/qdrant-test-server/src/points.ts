import { formatError, notFound, validationError, wrongInput } from './errors';
import { compileQdrantFilter } from './filter';
import { compareIds, keyOf, parsePointId, parseVectorStruct, type Collection, type PointId, type Storage, type StoredPoint } from './model';

type Body = Record<string, unknown>;

function object(body: unknown, what: string): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw formatError(`expected ${what} as a JSON object`);
  return body as Body;
}

function limitOf(value: unknown, fallback: number | undefined, where = 'limit'): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) throw formatError(`missing field \`${where}\``);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw formatError(`${where}: expected an unsigned integer`);
  if (value < 1) throw validationError(`${where}: value 0 invalid, must be 1 or larger`);
  return value;
}

/** `with_payload`: true/false, a list of keys to include, or `{ include }` / `{ exclude }`. */
function payloadView(spec: unknown, fallback: boolean): (payload: Record<string, unknown>) => Record<string, unknown> | undefined {
  if (spec === undefined || spec === null) spec = fallback;
  if (spec === true) return (p) => p;
  if (spec === false) return () => undefined;
  const pick = (keys: string[], keep: boolean) => (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([k]) => keys.includes(k) === keep));
  if (Array.isArray(spec)) return pick(spec as string[], true);
  if (typeof spec === 'object') {
    const s = spec as { include?: unknown; exclude?: unknown };
    if (Array.isArray(s.include)) return pick(s.include as string[], true);
    if (Array.isArray(s.exclude)) return pick(s.exclude as string[], false);
  }
  throw formatError('with_payload: expected a boolean, a list of keys, or { include } / { exclude }');
}

/** `with_vector`: true/false or the names to return. A single unnamed vector is returned as a list. */
function vectorView(collection: Collection, spec: unknown): (point: StoredPoint) => unknown {
  if (spec === undefined || spec === null || spec === false) return () => undefined;
  const names = spec === true ? undefined : Array.isArray(spec) ? (spec as string[]) : undefined;
  if (spec !== true && !names) throw formatError('with_vector: expected a boolean or a list of vector names');
  return (point) => {
    if (!collection.named) return point.vectors.has('') ? Array.from(point.vectors.get('')!) : undefined;
    const out: Record<string, number[]> = {};
    for (const [name, v] of point.vectors) if (!names || names.includes(name)) out[name] = Array.from(v);
    return out;
  };
}

function record(point: StoredPoint, payload: ReturnType<typeof payloadView>, vector: ReturnType<typeof vectorView>): Body {
  const p = payload(point.payload);
  const v = vector(point);
  return { id: point.id, payload: p ?? null, vector: v ?? null, shard_key: null, order_value: null };
}

function byId(collection: Collection, id: PointId): StoredPoint | undefined {
  return collection.points.get(keyOf(id));
}

/** `PUT /collections/{name}/points`: a `PointsList` or a `PointsBatch`; every point is checked before any is stored. */
export function upsertPoints(storage: Storage, collection: Collection, body: unknown): void {
  const b = object(body, 'PointInsertOperations');
  const staged: StoredPoint[] = [];
  const version = ++storage.version;
  if (Array.isArray(b.points)) {
    b.points.forEach((raw, i) => {
      const p = object(raw, `points[${i}]`);
      if (!('vector' in p)) throw formatError(`points[${i}]: missing field \`vector\``);
      const payload = p.payload === undefined || p.payload === null ? {} : object(p.payload, `points[${i}].payload`);
      staged.push({ id: parsePointId(p.id, `points[${i}].id`), vectors: parseVectorStruct(collection, p.vector, `points[${i}].vector`), payload: structuredClone(payload), version });
    });
  } else if (b.batch !== undefined) {
    const batch = object(b.batch, 'batch');
    if (!Array.isArray(batch.ids)) throw formatError('batch.ids: expected a list of point ids');
    const ids = batch.ids.map((id, i) => parsePointId(id, `batch.ids[${i}]`));
    const payloads = (batch.payloads ?? []) as unknown[];
    const vectors = batch.vectors;
    ids.forEach((id, i) => {
      const vector = Array.isArray(vectors)
        ? vectors[i]
        : Object.fromEntries(Object.entries(object(vectors, 'batch.vectors')).map(([name, list]) => [name, (list as unknown[])[i]]));
      if (vector === undefined) throw wrongInput(`batch: vectors and ids differ in length`);
      staged.push({ id, vectors: parseVectorStruct(collection, vector, `batch.vectors[${i}]`), payload: structuredClone((payloads[i] ?? {}) as Body), version });
    });
  } else {
    throw formatError('expected `points` (PointsList) or `batch` (PointsBatch)');
  }
  for (const point of staged) collection.points.set(keyOf(point.id), point);
}

/** `POST /collections/{name}/points`: the points found, in the order asked. */
export function retrievePoints(collection: Collection, body: unknown): Body[] {
  const b = object(body, 'PointRequest');
  if (!Array.isArray(b.ids)) throw formatError('missing field `ids`');
  const payload = payloadView(b.with_payload, true);
  const vector = vectorView(collection, b.with_vector);
  return b.ids.flatMap((raw, i) => {
    const point = byId(collection, parsePointId(raw, `ids[${i}]`));
    return point ? [record(point, payload, vector)] : [];
  });
}

export function getPoint(collection: Collection, rawId: string): Body {
  const id = parsePointId(/^\d+$/.test(rawId) ? Number(rawId) : rawId);
  const point = byId(collection, id);
  if (!point) throw notFound(`No point with id ${rawId} found`);
  return record(point, payloadView(true, true), vectorView(collection, true));
}

/** `POST /collections/{name}/points/delete`: `{ points: [...] }` or `{ filter }`. */
export function deletePoints(collection: Collection, body: unknown): void {
  const b = object(body, 'PointsSelector');
  if (Array.isArray(b.points)) {
    const ids = b.points.map((id, i) => parsePointId(id, `points[${i}]`));
    for (const id of ids) collection.points.delete(keyOf(id));
    return;
  }
  if (b.filter === undefined) throw formatError('expected `points` (PointIdsList) or `filter` (FilterSelector)');
  const matches = compileQdrantFilter(b.filter);
  for (const [key, point] of collection.points) if (matches(point)) collection.points.delete(key);
}

export function countPoints(collection: Collection, body: unknown): { count: number } {
  const b = body === undefined || body === null ? {} : object(body, 'CountRequest');
  const matches = compileQdrantFilter(b.filter);
  let count = 0;
  for (const point of collection.points.values()) if (matches(point)) count++;
  return { count };
}

export function scrollPoints(collection: Collection, body: unknown): { points: Body[]; next_page_offset: PointId | null } {
  const b = body === undefined || body === null ? {} : object(body, 'ScrollRequest');
  const limit = limitOf(b.limit, 10);
  const matches = compileQdrantFilter(b.filter);
  const offset = b.offset === undefined || b.offset === null ? undefined : parsePointId(b.offset, 'offset');
  const payload = payloadView(b.with_payload, true);
  const vector = vectorView(collection, b.with_vector);
  const sorted = [...collection.points.values()].filter((p) => (offset === undefined || compareIds(p.id, offset) >= 0) && matches(p)).sort((a, c) => compareIds(a.id, c.id));
  const page = sorted.slice(0, limit);
  return { points: page.map((p) => record(p, payload, vector)), next_page_offset: sorted[limit]?.id ?? null };
}

/** Exact nearest-neighbour scoring with Qdrant's score per distance: similarity for Cosine/Dot, distance for Euclid/Manhattan. */
function nearest(
  collection: Collection,
  name: string,
  query: unknown,
  options: { filter: unknown; limit: number; offset: number; threshold: unknown; payload: ReturnType<typeof payloadView>; vector: ReturnType<typeof vectorView> },
): Body[] {
  const params = collection.vectors.get(name);
  if (!params) throw wrongInput(`Not existing vector name error: ${name}`);
  const q = parseVectorStruct(collection, name === '' ? query : { [name]: query }, 'query').get(name)!;
  const matches = compileQdrantFilter(options.filter);
  const distanceLike = params.distance === 'Euclid' || params.distance === 'Manhattan';
  const threshold = options.threshold;
  if (threshold !== undefined && threshold !== null && (typeof threshold !== 'number' || !Number.isFinite(threshold))) throw formatError('score_threshold: expected a number');
  const scored: Array<{ point: StoredPoint; score: number }> = [];
  for (const point of collection.points.values()) {
    const v = point.vectors.get(name);
    if (!v || !matches(point)) continue;
    let score = 0;
    if (params.distance === 'Euclid') {
      for (let i = 0; i < v.length; i++) score += (v[i]! - q[i]!) ** 2;
      score = Math.sqrt(score);
    } else if (params.distance === 'Manhattan') {
      for (let i = 0; i < v.length; i++) score += Math.abs(v[i]! - q[i]!);
    } else {
      for (let i = 0; i < v.length; i++) score += v[i]! * q[i]!;
    }
    if (typeof threshold === 'number' && (distanceLike ? score > threshold : score < threshold)) continue;
    scored.push({ point, score });
  }
  scored.sort((a, b) => (distanceLike ? a.score - b.score : b.score - a.score) || compareIds(a.point.id, b.point.id));
  return scored.slice(options.offset, options.offset + options.limit).map(({ point, score }) => ({ ...record(point, options.payload, options.vector), score, version: point.version }));
}

function offsetOf(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw formatError('offset: expected an unsigned integer');
  return value;
}

/** `POST /collections/{name}/points/search` (`SearchRequest`). */
export function searchPoints(collection: Collection, body: unknown): Body[] {
  const b = object(body, 'SearchRequest');
  if (b.vector === undefined) throw formatError('missing field `vector`');
  let name = '';
  let vector: unknown = b.vector;
  if (!Array.isArray(vector)) {
    const named = object(vector, 'vector');
    if (typeof named.name !== 'string') throw formatError('vector: expected a list of numbers or { name, vector }');
    name = named.name;
    vector = named.vector;
  }
  return nearest(collection, name, vector, {
    filter: b.filter,
    limit: limitOf(b.limit, undefined),
    offset: offsetOf(b.offset),
    threshold: b.score_threshold,
    payload: payloadView(b.with_payload, false),
    vector: vectorView(collection, b.with_vector),
  });
}

/** `POST /collections/{name}/points/query` (`QueryRequest`): a vector, `{ nearest }`, a point id, or no query (points by id). */
export function queryPoints(collection: Collection, body: unknown): { points: Body[] } {
  const b = body === undefined || body === null ? {} : object(body, 'QueryRequest');
  if (b.prefetch !== undefined && b.prefetch !== null) throw formatError('prefetch: hybrid queries are not served by this test server');
  const name = b.using === undefined || b.using === null ? '' : b.using;
  if (typeof name !== 'string') throw formatError('using: expected a vector name');
  const limit = limitOf(b.limit, 10);
  const offset = offsetOf(b.offset);
  const payload = payloadView(b.with_payload, false);
  const vector = vectorView(collection, b.with_vector);
  let query = b.query;
  if (query === undefined || query === null) {
    const matches = compileQdrantFilter(b.filter);
    const points = [...collection.points.values()].filter(matches).sort((a, c) => compareIds(a.id, c.id));
    return { points: points.slice(offset, offset + limit).map((p) => ({ ...record(p, payload, vector), score: 0, version: p.version })) };
  }
  if (typeof query === 'object' && !Array.isArray(query) && 'nearest' in query) query = (query as Body).nearest;
  if (typeof query === 'number' || typeof query === 'string') {
    const point = byId(collection, parsePointId(query, 'query'));
    if (!point) throw notFound(`No point with id ${String(query)} found`);
    const stored = point.vectors.get(name);
    if (!stored) throw wrongInput(`Not existing vector name error: ${name}`);
    query = Array.from(stored);
  }
  if (!Array.isArray(query)) throw formatError('query: this test server serves dense vectors, `{ nearest }` and point ids');
  return { points: nearest(collection, name, query, { filter: b.filter, limit, offset, threshold: b.score_threshold, payload, vector }) };
}
