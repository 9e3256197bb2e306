import type { CheckedRecord, MetadataValue, StoredVectorRecord, VectorMetadata } from '@agentmap/storage-vector';

/**
 * How a record is laid out in a Qdrant point's payload:
 *
 * - `id` (our id, since the point id is its UUID), `text`, and `metadata` exactly as given;
 * - `norm`: the vector's length, for cosine collections (Qdrant stores cosine vectors
 *   normalised; multiplying by `norm` gives the vector back);
 * - beside them, the keys filters run on, one level deep so Qdrant reaches them at once. A
 *   metadata field's key is the hex of its UTF-8 bytes, so any field name is a safe key path:
 *   `s_<hex>` holds a scalar, `l_<hex>` a list, `p_<hex>` is `true` when the field has a value
 *   (not null), and `o<i>_<hex>` are the order chunks of a string (below). Scalars and lists
 *   live apart because Qdrant's `match` on a list matches any element, while
 *   `{ field: value }` in our language compares the whole value.
 */
export interface QdrantPayload {
  id: string;
  text?: string;
  metadata: VectorMetadata;
  norm?: number;
  [filterKey: string]: MetadataValue | VectorMetadata | undefined;
}

/** Hex keys of recently seen field names: every record of a batch names the same few fields. Bounded. */
const hexes = new Map<string, string>();

export function hexOf(field: string): string {
  let hex = hexes.get(field);
  if (hex === undefined) {
    hex = Buffer.from(field, 'utf8').toString('hex');
    if (hexes.size >= 1024) hexes.clear();
    hexes.set(field, hex);
  }
  return hex;
}
export const scalarKey = (field: string): string => `s_${hexOf(field)}`;
export const listKey = (field: string): string => `l_${hexOf(field)}`;
export const presentKey = (field: string): string => `p_${hexOf(field)}`;
export const orderKey = (field: string, chunk: number): string => `o${chunk}_${hexOf(field)}`;

/**
 * Qdrant's `range` compares numbers only. To compare strings, each string's first
 * {@link ORDER_BYTES} UTF-8 bytes are also stored as whole numbers, {@link CHUNK_BYTES} bytes
 * each, in base 257 (byte + 1, and 0 past the end), so comparing the chunks in turn orders
 * strings exactly as their bytes. A range bound may be at most {@link MAX_BOUND_BYTES} bytes.
 */
export const CHUNK_BYTES = 6;
export const ORDER_CHUNKS = 11;
export const ORDER_BYTES = CHUNK_BYTES * ORDER_CHUNKS;
export const MAX_BOUND_BYTES = ORDER_BYTES - CHUNK_BYTES;

/** The order chunks of a string: at least one (an empty string is a single 0). */
export function orderChunks(value: string, limit = ORDER_CHUNKS): number[] {
  const bytes = Buffer.from(value, 'utf8');
  const count = Math.min(limit, Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES)));
  const chunks: number[] = [];
  for (let c = 0; c < count; c++) {
    let n = 0;
    for (let j = 0; j < CHUNK_BYTES; j++) {
      const at = c * CHUNK_BYTES + j;
      n = n * 257 + (at < bytes.length ? bytes[at]! + 1 : 0);
    }
    chunks.push(n);
  }
  return chunks;
}

/** The payload of a checked record. */
export function payloadOf(record: CheckedRecord, norm: number | undefined): QdrantPayload {
  const f: Record<string, MetadataValue> = {};
  for (const [field, value] of Object.entries(record.metadata)) {
    if (value === null) continue;
    const hex = hexOf(field);
    f[`p_${hex}`] = true;
    if (Array.isArray(value)) {
      f[`l_${hex}`] = value;
      continue;
    }
    f[`s_${hex}`] = value;
    if (typeof value === 'string') orderChunks(value).forEach((chunk, i) => (f[`o${i}_${hex}`] = chunk));
  }
  return { id: record.id, ...(record.text === undefined ? {} : { text: record.text }), metadata: record.metadata, ...(norm === undefined ? {} : { norm }), ...f };
}

/** A point read back. Points written by other programs (no `id` in the payload) keep their Qdrant id. */
export function recordOf(point: { id: string | number; payload?: Record<string, unknown> | null; vector?: unknown }, vectorName: string, withVector: boolean): StoredVectorRecord {
  const payload = point.payload ?? {};
  const text = payload.text;
  const metadata = payload.metadata;
  let vector: number[] = [];
  if (withVector) {
    const stored = point.vector;
    const raw = Array.isArray(stored) ? stored : typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)[vectorName] : undefined;
    const norm = typeof payload.norm === 'number' ? payload.norm : 1;
    vector = Array.isArray(raw) ? (raw as number[]).map((x) => x * norm) : [];
  }
  return {
    id: typeof payload.id === 'string' ? payload.id : String(point.id),
    vector,
    ...(typeof text === 'string' ? { text } : {}),
    metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as VectorMetadata) : {},
  };
}
