import { type FieldNode, type GraphQLError, Kind, OperationTypeNode, type SelectionSetNode, parse, valueFromASTUntyped } from 'graphql';
import { ApiError, isObject } from './http';
import type { Distance, StoredClass, StoredObject, WeaviateState } from './state';
import { compileWhere, type Predicate } from './where';

/** A GraphQL answer as Weaviate sends it: HTTP 200 with `data` and/or `errors`. */
export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; locations?: Array<{ line: number; column: number }>; path?: string[] }>;
}

export interface GraphQLLimits {
  /** QUERY_DEFAULTS_LIMIT: results of a `Get` without `limit`. */
  defaultLimit: number;
  /** QUERY_MAXIMUM_RESULTS: `limit` + `offset` may not exceed it. */
  maximumResults: number;
}

/** A failure inside one class's resolver: reported with its path while the rest of the query answers. */
class ResolveError extends Error {
  constructor(
    message: string,
    readonly node: FieldNode,
  ) {
    super(message);
  }
}

function locationOf(node: { loc?: { startToken: { line: number; column: number } } }): Array<{ line: number; column: number }> | undefined {
  return node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : undefined;
}

/**
 * Runs the part of Weaviate's GraphQL API this server serves: `Get` (with `nearVector`, `where`,
 * `limit`, `offset`, property fields and `_additional { id distance certainty vector
 * creationTimeUnix lastUpdateTimeUnix }`) and `Aggregate` (with `where`, `meta { count }`).
 * The query is read with graphql-js's parser; argument values are taken with its
 * `valueFromASTUntyped`, so variables work as in any GraphQL server.
 */
export function runGraphQL(state: WeaviateState, body: unknown, limits: GraphQLLimits): GraphQLAnswer {
  if (!isObject(body) || typeof body.query !== 'string') throw new ApiError(422, 'the request body needs a "query" string');
  const variables = isObject(body.variables) ? body.variables : {};
  let document;
  try {
    document = parse(body.query, { maxTokens: 1_000_000 });
  } catch (error) {
    const e = error as GraphQLError;
    return { errors: [{ message: e.message, ...(e.locations ? { locations: [...e.locations] } : {}) }] };
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.kind !== Kind.OPERATION_DEFINITION || operations[0]!.operation !== OperationTypeNode.QUERY) {
    return { errors: [{ message: 'expected exactly one query operation' }] };
  }
  const data: Record<string, unknown> = {};
  const errors: NonNullable<GraphQLAnswer['errors']> = [];
  for (const selection of operations[0]!.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return { errors: [{ message: 'fragments are not served here' }] };
    const root = selection.name.value;
    if (root !== 'Get' && root !== 'Aggregate') {
      return { errors: [{ message: `Cannot query field "${root}" on type "WeaviateObj".`, ...opt(locationOf(selection)) }] };
    }
    const out: Record<string, unknown> = {};
    for (const classField of selection.selectionSet?.selections ?? []) {
      if (classField.kind !== Kind.FIELD) return { errors: [{ message: 'fragments are not served here' }] };
      const cls = state.getClass(classField.name.value);
      if (!cls || classField.name.value !== cls.def.class) {
        const type = root === 'Get' ? 'GetObjectsObj' : 'AggregateObjectsObj';
        return { errors: [{ message: `Cannot query field "${classField.name.value}" on type "${type}".`, ...opt(locationOf(classField)) }] };
      }
      const alias = classField.alias?.value ?? classField.name.value;
      try {
        const invalid = checkSelection(cls, classField.selectionSet, root);
        if (invalid) return { errors: [{ message: invalid.message, ...opt(locationOf(invalid.node)) }] };
        out[alias] = root === 'Get' ? resolveGet(cls, classField, variables, limits) : resolveAggregate(cls, classField, variables);
      } catch (error) {
        if (!(error instanceof ResolveError || error instanceof ApiError)) throw error;
        out[alias] = null;
        errors.push({ message: error.message, ...opt(locationOf(classField)), path: [root, alias] });
      }
    }
    data[selection.alias?.value ?? root] = out;
  }
  return errors.length > 0 ? { data, errors } : { data };
}

function opt<T>(locations: T | undefined): { locations?: T } {
  return locations === undefined ? {} : { locations };
}

const ADDITIONAL = new Set(['id', 'distance', 'certainty', 'vector', 'creationTimeUnix', 'lastUpdateTimeUnix']);

/** Schema validation of the selection: unknown fields fail the whole query, as in Weaviate. */
function checkSelection(cls: StoredClass, set: SelectionSetNode | undefined, root: string): { message: string; node: FieldNode } | undefined {
  for (const s of set?.selections ?? []) {
    if (s.kind !== Kind.FIELD) continue;
    const name = s.name.value;
    if (root === 'Aggregate') {
      if (name === 'meta' && (s.selectionSet?.selections ?? []).every((m) => m.kind === Kind.FIELD && m.name.value === 'count')) continue;
      if (cls.def.properties.some((p) => p.name === name)) continue;
      return { message: `Cannot query field "${name}" on type "Aggregate${cls.def.class}".`, node: s };
    }
    if (name === '_additional') {
      for (const a of s.selectionSet?.selections ?? []) {
        if (a.kind === Kind.FIELD && !ADDITIONAL.has(a.name.value)) return { message: `Cannot query field "${a.name.value}" on type "${cls.def.class}AdditionalProperties".`, node: a };
      }
      continue;
    }
    if (name === '__typename') continue;
    if (!cls.def.properties.some((p) => p.name === name)) return { message: `Cannot query field "${name}" on type "${cls.def.class}".`, node: s };
  }
  return undefined;
}

function args(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of field.arguments ?? []) out[a.name.value] = valueFromASTUntyped(a.value, variables);
  return out;
}

function whereOf(cls: StoredClass, given: unknown, node: FieldNode): Predicate | undefined {
  if (given === undefined) return undefined;
  try {
    return compileWhere(given, cls);
  } catch (error) {
    if (error instanceof ApiError) throw new ResolveError(`invalid 'where' filter: ${error.message}`, node);
    throw error;
  }
}

/** The distance Weaviate reports for each metric (cosine distance is 1 − cosine similarity; dot is the negated product). */
export function distanceBetween(metric: Distance, a: Float32Array, b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  let l2 = 0;
  let l1 = 0;
  let hamming = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
    l2 += (x - y) * (x - y);
    l1 += Math.abs(x - y);
    if (x !== y) hamming++;
  }
  switch (metric) {
    case 'cosine':
      return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
    case 'dot':
      return -dot;
    case 'l2-squared':
      return l2;
    case 'manhattan':
      return l1;
    case 'hamming':
      return hamming;
  }
}

interface Candidate {
  object: StoredObject;
  distance: number | undefined;
}

function search(cls: StoredClass, a: Record<string, unknown>, node: FieldNode): Candidate[] {
  const where = whereOf(cls, a.where, node);
  let candidates: Candidate[] = [...cls.objects.values()].filter((o) => !where || where(o)).map((object) => ({ object, distance: undefined }));
  const near = a.nearVector;
  if (near !== undefined) {
    if (!isObject(near) || !Array.isArray(near.vector) || !near.vector.every((x) => typeof x === 'number')) throw new ResolveError('nearVector: vector must be a list of numbers', node);
    if (near.distance !== undefined && near.certainty !== undefined) throw new ResolveError('nearVector cannot provide both distance and certainty', node);
    const metric = cls.def.vectorIndexConfig.distance;
    if (near.certainty !== undefined && metric !== 'cosine') throw new ResolveError("can't compute and return certainty when vector index is not configured with cosine distance", node);
    const vector: number[] = near.vector;
    const measured: Candidate[] = [];
    for (const c of candidates) {
      if (!c.object.vector) continue;
      if (c.object.vector.length !== vector.length) {
        throw new ResolveError(`vector search: knn search: distance between entrypoint and query node: vector lengths don't match: ${c.object.vector.length} vs ${vector.length}`, node);
      }
      measured.push({ object: c.object, distance: distanceBetween(metric, c.object.vector, vector) });
    }
    candidates = measured;
    if (typeof near.distance === 'number') candidates = candidates.filter((c) => c.distance! <= (near.distance as number));
    if (typeof near.certainty === 'number') candidates = candidates.filter((c) => 1 - c.distance! / 2 >= (near.certainty as number));
    candidates.sort((x, y) => x.distance! - y.distance! || (x.object.id < y.object.id ? -1 : 1));
  } else {
    candidates.sort((x, y) => (x.object.id < y.object.id ? -1 : x.object.id > y.object.id ? 1 : 0));
  }
  return candidates;
}

function resolveGet(cls: StoredClass, field: FieldNode, variables: Record<string, unknown>, limits: GraphQLLimits): Array<Record<string, unknown>> {
  const a = args(field, variables);
  for (const name of Object.keys(a)) {
    if (!['nearVector', 'where', 'limit', 'offset', 'after'].includes(name)) throw new ResolveError(`Unknown argument "${name}" on field "${cls.def.class}" (not served here)`, field);
  }
  const limit = a.limit === undefined ? limits.defaultLimit : a.limit;
  const offset = a.offset === undefined ? 0 : a.offset;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw new ResolveError('limit must be a non-negative integer', field);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw new ResolveError('offset must be a non-negative integer', field);
  if (limit + offset > limits.maximumResults) throw new ResolveError(`query maximum results exceeded: limit + offset (${limit + offset}) is larger than QUERY_MAXIMUM_RESULTS (${limits.maximumResults})`, field);
  let found = search(cls, a, field);
  if (typeof a.after === 'string') {
    if (a.nearVector !== undefined || a.where !== undefined) throw new ResolveError('after cannot be combined with a search or a where filter', field);
    const at = found.findIndex((c) => c.object.id === (a.after as string).toLowerCase());
    found = at < 0 ? [] : found.slice(at + 1);
  }
  found = found.slice(offset, offset + limit);
  const metric = cls.def.vectorIndexConfig.distance;
  return found.map(({ object, distance }) => {
    const row: Record<string, unknown> = {};
    for (const s of field.selectionSet?.selections ?? []) {
      if (s.kind !== Kind.FIELD) continue;
      const key = s.alias?.value ?? s.name.value;
      if (s.name.value === '__typename') {
        row[key] = cls.def.class;
        continue;
      }
      if (s.name.value !== '_additional') {
        const v = object.properties[s.name.value];
        row[key] = v === undefined ? null : v;
        continue;
      }
      const extra: Record<string, unknown> = {};
      for (const x of s.selectionSet?.selections ?? []) {
        if (x.kind !== Kind.FIELD) continue;
        const k = x.alias?.value ?? x.name.value;
        switch (x.name.value) {
          case 'id':
            extra[k] = object.id;
            break;
          case 'distance':
            extra[k] = distance ?? null;
            break;
          case 'certainty':
            extra[k] = distance !== undefined && metric === 'cosine' ? 1 - distance / 2 : null;
            break;
          case 'vector':
            extra[k] = object.vector ? Array.from(object.vector) : [];
            break;
          case 'creationTimeUnix':
            extra[k] = String(object.creationTimeUnix);
            break;
          case 'lastUpdateTimeUnix':
            extra[k] = String(object.lastUpdateTimeUnix);
            break;
        }
      }
      row[key] = extra;
    }
    return row;
  });
}

function resolveAggregate(cls: StoredClass, field: FieldNode, variables: Record<string, unknown>): Array<Record<string, unknown>> {
  const a = args(field, variables);
  for (const name of Object.keys(a)) {
    if (!['nearVector', 'where', 'objectLimit'].includes(name)) throw new ResolveError(`Unknown argument "${name}" on field "${cls.def.class}" (not served here)`, field);
  }
  let found = search(cls, a, field);
  if (typeof a.objectLimit === 'number') found = found.slice(0, a.objectLimit);
  const row: Record<string, unknown> = {};
  for (const s of field.selectionSet?.selections ?? []) {
    if (s.kind === Kind.FIELD && s.name.value === 'meta') row[s.alias?.value ?? 'meta'] = { count: found.length };
  }
  return [row];
}
