import { StorageError } from '@agentmap/storage-core';
import type { FilterNode, FilterOperatorName } from '@agentmap/storage-vector';
import { CHUNK_BYTES, MAX_BOUND_BYTES, emptyListKey, listKey, orderChunks, orderKey, scalarKey } from './payload';

/** What Qdrant's filters express: everything but `$regex` (Qdrant has no regular expressions). */
export const QDRANT_OPERATORS: readonly FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all', '$contains'];

/** A Qdrant `Condition` (field condition or nested `Filter`), as sent in JSON. */
export type QdrantCondition = Record<string, unknown>;
/** A Qdrant `Filter`: `must`, `should`, `must_not`. */
export interface QdrantFilter {
  must?: QdrantCondition[];
  should?: QdrantCondition[];
  must_not?: QdrantCondition[];
}

/** A compiled condition, or a constant when the filter decides without looking at a record. */
type Compiled = QdrantCondition | boolean;

function all(parts: Compiled[]): Compiled {
  if (parts.includes(false)) return false;
  const kept = parts.filter((p): p is QdrantCondition => p !== true);
  return kept.length === 0 ? true : kept.length === 1 ? kept[0]! : { must: kept };
}

function any(parts: Compiled[]): Compiled {
  if (parts.includes(true)) return true;
  const kept = parts.filter((p): p is QdrantCondition => p !== false);
  return kept.length === 0 ? false : kept.length === 1 ? kept[0]! : { should: kept };
}

function not(part: Compiled): Compiled {
  return typeof part === 'boolean' ? !part : { must_not: [part] };
}

const match = (key: string, value: string | number | boolean): QdrantCondition => ({ key, match: { value } });
const range = (key: string, bounds: Record<string, number>): QdrantCondition => ({ key, range: bounds });

/** Equality with one value at `key`: `match` for strings, booleans and safe integers, a closed range for other numbers (Qdrant matches integers only). */
function equals(key: string, value: string | number | boolean): QdrantCondition {
  return typeof value === 'number' && !Number.isSafeInteger(value) ? range(key, { gte: value, lte: value }) : match(key, value);
}

/** The field has a value (not null): a scalar, a list with elements, or an empty list (marked beside it). */
function present(field: string): Compiled {
  return any([
    { key: scalarKey(field), is_empty: false },
    { key: listKey(field), is_empty: false },
    match(emptyListKey(field), true),
  ]);
}

/** `{ field: value }` in our language: the whole (scalar) value equals, or, for null, the field has no value. */
function eq(field: string, value: unknown): Compiled {
  if (value === null) return not(present(field));
  return equals(scalarKey(field), value as string | number | boolean);
}

function oneOf(field: string, values: readonly unknown[]): Compiled {
  const strings = values.filter((v): v is string => typeof v === 'string');
  const integers = values.filter((v): v is number => typeof v === 'number' && Number.isSafeInteger(v));
  const rest = values.filter((v) => typeof v !== 'string' && !(typeof v === 'number' && Number.isSafeInteger(v)));
  const key = scalarKey(field);
  return any([
    ...(strings.length > 0 ? [{ key, match: { any: [...new Set(strings)] } }] : []),
    ...(integers.length > 0 ? [{ key, match: { any: [...new Set(integers)] } }] : []),
    ...rest.map((v) => eq(field, v)),
  ]);
}

type RangeOp = '$gt' | '$gte' | '$lt' | '$lte';
const QDRANT_RANGE: Record<RangeOp, string> = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' };

/**
 * A string comparison over the order chunks (see payload.ts): the first chunk that differs
 * decides; when every chunk of the bound is equal, whether the string goes on decides.
 */
function compareString(field: string, op: RangeOp, bound: string): Compiled {
  const bytes = Buffer.byteLength(bound, 'utf8');
  if (bytes > MAX_BOUND_BYTES) {
    throw new StorageError('UNSUPPORTED', `qdrant compares strings by their first ${MAX_BOUND_BYTES} bytes; the ${op} bound on "${field.slice(0, 64)}" has ${bytes}. Use a shorter bound.`, { provider: 'qdrant' });
  }
  const chunks = orderChunks(bound, Infinity);
  // A partial last chunk equal to the string's means the string ends there too.
  const partial = bytes === 0 || bytes % CHUNK_BYTES !== 0;
  const greater = op === '$gt' || op === '$gte';
  const orEqual = op === '$gte' || op === '$lte';
  const step = (i: number): Compiled => {
    if (i === chunks.length) {
      if (partial) return orEqual;
      const more = not({ is_empty: { key: orderKey(field, i) } });
      return greater ? (orEqual ? true : more) : orEqual ? not(more) : false;
    }
    const key = orderKey(field, i);
    const b = chunks[i]!;
    // Past the first chunk, a missing chunk means the string ended: it sorts first.
    const beyond = greater ? range(key, { gt: b }) : i === 0 ? range(key, { lt: b }) : any([{ is_empty: { key } }, range(key, { lt: b })]);
    return any([beyond, all([match(key, b), step(i + 1)])]);
  };
  return step(0);
}

function compare(field: string, op: string, value: unknown): Compiled {
  switch (op) {
    case '$eq':
      return eq(field, value);
    case '$ne':
      return not(eq(field, value));
    case '$in':
      return oneOf(field, value as unknown[]);
    case '$nin':
      return not(oneOf(field, value as unknown[]));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      // Lists live under another key, so a range only ever meets scalars, as the language says.
      return typeof value === 'number' ? range(scalarKey(field), { [QDRANT_RANGE[op]]: value }) : compareString(field, op, value as string);
    case '$exists':
      return value ? present(field) : not(present(field));
    case '$all':
      return all((value as Array<string | number | boolean>).map((v) => equals(listKey(field), v)));
    case '$contains': {
      const v = value as string | number | boolean;
      // An element of a list, or (for a string) a substring: Qdrant's `match.text` on a field without a full-text index.
      return any([equals(listKey(field), v), ...(typeof v === 'string' ? [{ key: scalarKey(field), match: { text: v } }] : [])]);
    }
    default:
      throw new StorageError('UNSUPPORTED', `qdrant cannot filter with ${op}; it supports ${QDRANT_OPERATORS.join(' ')}.`, { provider: 'qdrant' });
  }
}

function compileNode(node: FilterNode): Compiled {
  switch (node.kind) {
    case 'and':
      return all(node.nodes.map(compileNode));
    case 'or':
      return any(node.nodes.map(compileNode));
    case 'nor':
      return not(any(node.nodes.map(compileNode)));
    case 'not':
      return not(compileNode(node.node));
    case 'compare':
      return compare(node.field, node.op, node.value);
  }
}

/**
 * Compiles a parsed filter to a Qdrant `Filter` with the meaning of our filter language:
 * `true` when it matches every record, `false` when it matches none (no request needed).
 * Field names reach Qdrant only as plain key paths (see payload.ts). String bounds compile
 * to the order chunks, which only collections made with `stringRanges` keep: the store
 * refuses them elsewhere (`assertStringRangesKept`).
 */
export function compileQdrantFilter(node: FilterNode): QdrantFilter | boolean {
  const compiled = compileNode(node);
  if (typeof compiled === 'boolean') return compiled;
  const keys = Object.keys(compiled);
  const isFilter = !('key' in compiled) && keys.length === 1 && ['must', 'should', 'must_not'].includes(keys[0]!);
  return isFilter ? (compiled) : { must: [compiled] };
}
