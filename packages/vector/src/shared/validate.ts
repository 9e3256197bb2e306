import { StorageError } from '@agentmap/storage-core';
import type { MetadataValue, VectorMetadata, VectorQuery, VectorRecord } from '../spec/vector-store';

/** Limits shared by every vector store, so hostile input fails the same way everywhere. */
export const VECTOR_LIMITS = {
  maxIdLength: 512,
  maxDimensions: 65_536,
  maxLimit: 10_000,
  maxMetadataKeys: 256,
  maxMetadataKeyLength: 256,
  maxListLength: 1_000,
  maxTextLength: 1_000_000,
  maxCollectionLength: 128,
} as const;

/** A record after validation: the vector as a Float32Array of the batch's dimension. */
export interface CheckedRecord {
  id: string;
  vector: Float32Array;
  text: string | undefined;
  metadata: VectorMetadata;
}

function invalid(message: string, provider: string, key?: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider, ...(key === undefined ? {} : { key }) });
}

/** Collection names: 1–128 characters of letters, digits, `_`, `-` and `.`, not starting with `.` (safe as a path segment and a table name everywhere). */
export function checkCollection(collection: unknown, provider: string): string {
  if (typeof collection !== 'string' || !/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/.test(collection)) {
    throw invalid(
      `A collection name must be 1 to ${VECTOR_LIMITS.maxCollectionLength} letters, digits, "_", "-" or "." and may not start with "."; got ${typeof collection === 'string' ? JSON.stringify(collection.slice(0, 64)) : typeof collection}.`,
      provider,
    );
  }
  return collection;
}

export function checkId(id: unknown, provider: string, where = 'id'): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > VECTOR_LIMITS.maxIdLength) {
    throw invalid(`${where} must be a non-empty string of at most ${VECTOR_LIMITS.maxIdLength} characters; got ${typeof id === 'string' ? 'an empty or too long string' : typeof id}.`, provider);
  }
  return id;
}

export function checkIds(ids: unknown, provider: string): string[] {
  if (!Array.isArray(ids)) throw invalid('ids must be a list of record ids.', provider);
  return ids.map((id, i) => checkId(id, provider, `ids[${i}]`));
}

/** A finite, non-empty vector as a Float32Array; `dimensions` when the collection already has one. */
export function checkVector(vector: unknown, provider: string, where: string, dimensions?: number): Float32Array {
  return checkNumbers(vector, provider, where, dimensions, false).vector;
}

/**
 * {@link checkVector}, also returning the caller's numbers as a new plain array, read in the
 * same pass (a getter cannot hand over other numbers later). For JSON request bodies: the
 * given numbers print about twice as fast as float32-rounded ones, and a database that keeps
 * float32 rounds them itself.
 */
export function checkVectorValues(vector: unknown, provider: string, where: string, dimensions?: number): { vector: Float32Array; values: number[] } {
  return checkNumbers(vector, provider, where, dimensions, true) as { vector: Float32Array; values: number[] };
}

/**
 * `target`, when given and of the vector's length, receives the float32 values instead of a new
 * array: a batch shares a few large buffers rather than allocating one per record, which costs
 * more than checking the numbers.
 */
function checkNumbers(vector: unknown, provider: string, where: string, dimensions: number | undefined, keep: boolean, target?: (length: number) => Float32Array): { vector: Float32Array; values: number[] | undefined } {
  if (!(Array.isArray(vector) || vector instanceof Float32Array || vector instanceof Float64Array)) {
    throw invalid(`${where} must be a list of numbers or a Float32Array; got ${vector === null ? 'null' : typeof vector}.`, provider);
  }
  const length = vector.length;
  if (length === 0 || length > VECTOR_LIMITS.maxDimensions) throw invalid(`${where} must have 1 to ${VECTOR_LIMITS.maxDimensions} numbers; got ${length}.`, provider);
  if (dimensions !== undefined && length !== dimensions) {
    throw invalid(`${where} has ${length} dimensions but the collection holds ${dimensions}-dimensional vectors; embed with the same model, or use another collection.`, provider);
  }
  // Each number is read once, into a plain copy (a list behind getters or a proxy cannot answer
  // differently later); the checks then run over that copy, whose elements have one shape.
  const copy: unknown[] = Array.isArray(vector) ? vector.slice() : Array.from(vector as ArrayLike<number>);
  const out = target ? target(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const x = copy[i];
    if (typeof x !== 'number') throw invalid(`${where}[${i}] must be a finite number; got ${typeof x}.`, provider);
    // Rounded to float32 as stored; one check of that catches NaN, ±Infinity and numbers past float32's range.
    const f = Math.fround(x);
    if (f - f !== 0) throw invalid(Number.isFinite(x) ? `${where}[${i}] is too large for a 32-bit float.` : `${where}[${i}] must be a finite number; got ${String(x)}.`, provider);
    out[i] = f;
  }
  return { vector: out, values: keep ? (copy as number[]) : undefined };
}

function checkMetadataValue(value: unknown, provider: string, where: string): MetadataValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`${where} must be a finite number; got ${String(value)}.`, provider);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length > VECTOR_LIMITS.maxListLength) throw invalid(`${where} may hold at most ${VECTOR_LIMITS.maxListLength} values.`, provider);
    const kinds = new Set<string>();
    for (const [i, item] of value.entries()) {
      if (!(typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item)))) {
        throw invalid(`${where}[${i}] must be a string, a finite number or a boolean (lists hold scalars only).`, provider);
      }
      kinds.add(typeof item);
    }
    if (kinds.size > 1) throw invalid(`${where} mixes ${[...kinds].join(' and ')}; a list holds one kind of value.`, provider);
    return [...(value as Array<string | number | boolean>)];
  }
  throw invalid(`${where} must be a string, number, boolean, null or a list of those; nested objects are not stored by vector databases. Flatten it (e.g. "author_name").`, provider);
}

/** Flat metadata of scalars and lists of scalars; a copy, so later changes by the caller do not leak in. */
export function checkMetadata(metadata: unknown, provider: string, where: string): VectorMetadata {
  if (metadata === undefined) return {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw invalid(`${where} must be an object of metadata fields.`, provider);
  const entries = Object.entries(metadata);
  if (entries.length > VECTOR_LIMITS.maxMetadataKeys) throw invalid(`${where} may have at most ${VECTOR_LIMITS.maxMetadataKeys} fields.`, provider);
  const out: VectorMetadata = {};
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (key.length === 0 || key.length > VECTOR_LIMITS.maxMetadataKeyLength || /[\u0000-\u001f]/.test(key) || key.startsWith('$') || key === '__proto__') {
      // "__proto__" (an own key after JSON.parse) would set the copy's prototype instead of a field: refused, never dropped.
      throw invalid(`${where}: the field name ${JSON.stringify(key.slice(0, 64))} is not allowed (1 to ${VECTOR_LIMITS.maxMetadataKeyLength} characters, no control characters, not starting with "$", not "__proto__").`, provider);
    }
    out[key] = checkMetadataValue(value, provider, `${where}.${key}`);
  }
  return out;
}

/** Vectors per shared buffer in {@link checkRecords} with `values: true`. */
const SHARED_BLOCK = 64;

/**
 * Validates a whole batch before anything is written: ids, vectors of one dimension (the
 * collection's, when it has one), text and metadata. Duplicate ids in one batch are refused
 * (which one should win is not obvious). With `{ values: true }` each record also carries the
 * caller's numbers as a plain array (see {@link checkVectorValues}).
 */
export function checkRecords(records: unknown, provider: string, dimensions?: number): CheckedRecord[];
export function checkRecords(records: unknown, provider: string, dimensions: number | undefined, options: { values: true }): Array<CheckedRecord & { values: number[] }>;
export function checkRecords(records: unknown, provider: string, dimensions?: number, options?: { values?: boolean }): CheckedRecord[] {
  if (!Array.isArray(records)) throw invalid('records must be a list of { id, vector, text?, metadata? }.', provider);
  const seen = new Set<string>();
  let dims = dimensions;
  const keepValues = options?.values === true;
  // Records kept only to be sent (values: true) share float32 buffers of SHARED_BLOCK vectors each.
  let block: Float32Array | undefined;
  let used = 0;
  const slot = (length: number): Float32Array => {
    if (!block || block.length !== SHARED_BLOCK * length || used === SHARED_BLOCK) {
      block = new Float32Array(SHARED_BLOCK * length);
      used = 0;
    }
    return block.subarray(used * length, ++used * length);
  };
  return records.map((record: unknown, i) => {
    const where = `records[${i}]`;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw invalid(`${where} must be an object { id, vector, text?, metadata? }.`, provider);
    const r = record as Partial<VectorRecord>;
    const id = checkId(r.id, provider, `${where}.id`);
    if (seen.has(id)) throw invalid(`${where}.id ${JSON.stringify(id)} appears twice in one batch; send each id once.`, provider, id);
    seen.add(id);
    const { vector, values } = checkNumbers(r.vector, provider, `${where}.vector`, dims, keepValues, keepValues ? slot : undefined);
    dims = vector.length;
    const text = r.text;
    if (text !== undefined && text !== null && (typeof text !== 'string' || text.length > VECTOR_LIMITS.maxTextLength)) {
      throw invalid(`${where}.text must be a string of at most ${VECTOR_LIMITS.maxTextLength} characters.`, provider);
    }
    const metadata = checkMetadata(r.metadata, provider, `${where}.metadata`);
    // One literal each way: spreading a record into a new object costs more than checking its numbers.
    return values ? { id, vector, text: typeof text === 'string' ? text : undefined, metadata, values } : { id, vector, text: typeof text === 'string' ? text : undefined, metadata };
  });
}

/** limit (default 10) and threshold of a query. */
export function checkQueryOptions(query: Pick<VectorQuery, 'limit' | 'threshold'>, provider: string): { limit: number; threshold: number | undefined } {
  const limit = query.limit ?? 10;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > VECTOR_LIMITS.maxLimit) {
    throw invalid(`limit must be a whole number from 1 to ${VECTOR_LIMITS.maxLimit}; got ${String(limit)}.`, provider);
  }
  const threshold = query.threshold ?? undefined;
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    throw invalid(`threshold must be a finite number (a score; cosine scores are in [0, 1]); got ${String(threshold)}.`, provider);
  }
  return { limit, threshold };
}

export function checkQueryObject(query: unknown, provider: string): VectorQuery {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalid('query must be an object { vector, limit?, threshold?, filter? }.', provider);
  return query as VectorQuery;
}
