import { collectionNotFound, formatError, validationError, wrongInput } from './errors';

export type Distance = 'Cosine' | 'Euclid' | 'Dot' | 'Manhattan';
export const DISTANCES: readonly Distance[] = ['Cosine', 'Euclid', 'Dot', 'Manhattan'];

export interface VectorParams {
  size: number;
  distance: Distance;
}

/** A point id as Qdrant takes it (`ExtendedPointId`): an unsigned integer or a UUID string. */
export type PointId = number | string;

export interface StoredPoint {
  id: PointId;
  /** By vector name; the unnamed vector of a single-vector collection is stored under "". */
  vectors: Map<string, Float32Array>;
  payload: Record<string, unknown>;
  version: number;
}

export interface Collection {
  name: string;
  /** `named` when the collection was created with a map of vector names (`VectorsConfig` multiple mode). */
  named: boolean;
  vectors: Map<string, VectorParams>;
  points: Map<string, StoredPoint>;
  /** The raw `vectors` config, echoed by `GET /collections/{name}`. */
  config: unknown;
  /** `CreateCollection.metadata`: arbitrary JSON echoed as `config.metadata` (in the 1.18 API). */
  metadata: Record<string, unknown> | null;
}

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const FORBIDDEN_NAME = /[<>:"/\\|?*\u0000]/;

/** Qdrant's collection name rule: 1 to 255 characters, none of `< > : " / \ | ? *` or NUL. */
export function checkCollectionName(name: string): void {
  if (name.length === 0 || name.length > 255 || FORBIDDEN_NAME.test(name)) {
    throw validationError(`collection_name: collection name cannot be empty, longer than 255 characters, or contain any of <>:"/\\|?* and NUL`);
  }
}

/** Parses an `ExtendedPointId`; UUIDs are kept in their canonical lower-case hyphenated form. */
export function parsePointId(value: unknown, where = 'id'): PointId {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    throw formatError(`${where}: invalid value: integer \`${value}\`, expected an unsigned integer or a UUID`);
  }
  if (typeof value === 'string') {
    if (!UUID.test(value)) throw formatError(`${where}: Unable to parse UUID: ${value.slice(0, 64)}`);
    const hex = value.replace(/-/g, '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw formatError(`${where}: expected an unsigned integer or a UUID string`);
}

export function keyOf(id: PointId): string {
  return typeof id === 'number' ? `n:${id}` : `u:${id}`;
}

/** Qdrant orders ids numbers first (ascending), then UUIDs. */
export function compareIds(a: PointId, b: PointId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function vectorParams(value: unknown, where: string): VectorParams {
  if (typeof value !== 'object' || value === null) throw formatError(`${where}: expected VectorParams { size, distance }`);
  const { size, distance } = value as Record<string, unknown>;
  if (typeof size !== 'number' || !Number.isInteger(size)) throw formatError(`${where}.size: expected an unsigned integer`);
  if (size < 1) throw validationError(`${where}.size: value 0 invalid, must be 1 or larger`);
  if (!DISTANCES.includes(distance as Distance)) throw formatError(`${where}.distance: unknown variant \`${String(distance)}\`, expected one of ${DISTANCES.join(', ')}`);
  return { size, distance: distance as Distance };
}

/** The `vectors` of a `CreateCollection` body: one `VectorParams` or a map of named ones. */
export function parseVectorsConfig(config: unknown): { named: boolean; vectors: Map<string, VectorParams> } {
  const vectors = new Map<string, VectorParams>();
  if (config === undefined || config === null) return { named: true, vectors };
  if (typeof config !== 'object' || Array.isArray(config)) throw formatError('vectors: expected VectorParams or a map of them');
  if ('size' in config || 'distance' in config) {
    vectors.set('', vectorParams(config, 'vectors'));
    return { named: false, vectors };
  }
  for (const [name, params] of Object.entries(config)) vectors.set(name, vectorParams(params, `vectors.${name}`));
  return { named: true, vectors };
}

function denseVector(value: unknown, where: string, params: VectorParams): Float32Array {
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw formatError(`${where}: expected a list of numbers`);
  if (value.length !== params.size) throw wrongInput(`Vector dimension error: expected dim: ${params.size}, got ${value.length}`);
  const out = Float32Array.from(value as number[]);
  if (params.distance === 'Cosine') {
    // Qdrant normalises vectors of Cosine collections when they are stored.
    let norm = 0;
    for (const x of out) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  }
  return out;
}

/** A point's `VectorStruct`: a plain list for the unnamed vector, or `{ name: list }`. */
export function parseVectorStruct(collection: Collection, value: unknown, where: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  if (Array.isArray(value)) {
    const params = collection.vectors.get('');
    if (!params) throw wrongInput(`Not existing vector name error: ${collection.named ? 'default vector, the collection has only named vectors' : ''}`);
    out.set('', denseVector(value, where, params));
    return out;
  }
  if (typeof value !== 'object' || value === null) throw formatError(`${where}: expected a vector or a map of named vectors`);
  for (const [name, v] of Object.entries(value)) {
    const params = collection.vectors.get(name);
    if (!params || name === '') throw wrongInput(`Not existing vector name error: ${name}`);
    out.set(name, denseVector(v, `${where}.${name}`, params));
  }
  return out;
}

/** The collections of one server, by name. */
export class Storage {
  readonly collections = new Map<string, Collection>();
  version = 0;

  get(name: string): Collection {
    const collection = this.collections.get(name);
    if (!collection) throw collectionNotFound(name);
    return collection;
  }
}
