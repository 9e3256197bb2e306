import { StorageError } from '@agentmap/storage-core';
import type { FilterNode, FilterOperatorName } from '@agentmap/storage-vector';
import { columnOf, type ColumnKind } from './columns';

/** Every operator of the filter language: LanceDB's SQL (DataFusion) expresses them all. */
export const LANCEDB_OPERATORS: readonly FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all', '$regex', '$contains'];

/** A SQL string literal: quotes doubled (DataFusion does not treat backslashes as escapes). */
export function sqlString(value: string): string {
   
  if (/\u0000/.test(value)) throw new StorageError('INVALID_ARGUMENT', 'A filter string may not contain NUL characters.', { provider: 'lancedb' });
  return `'${value.replace(/'/g, "''")}'`;
}

function literal(value: string | number | boolean): string {
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Finite numbers only reach here (the filter parser refuses NaN and Infinity).
  return Number.isInteger(value) ? `${value}` : value.toExponential();
}

/**
 * Compiles a parsed filter to a LanceDB SQL predicate with the meaning of the filter
 * language. Every comparison is written so it is never NULL (`col IS NOT NULL AND …`), so
 * `NOT` and `$nin` match missing fields exactly as the language says. A comparison whose
 * value cannot match the column's type (a string against numbers) is `FALSE`, as in the
 * language's strict equality. Field names reach the SQL only as hex column names.
 */
export function compileSql(node: FilterNode, kinds: ReadonlyMap<string, ColumnKind>): string {
  switch (node.kind) {
    case 'and':
      return node.nodes.length === 0 ? 'TRUE' : `(${node.nodes.map((n) => compileSql(n, kinds)).join(' AND ')})`;
    case 'or':
      return `(${node.nodes.map((n) => compileSql(n, kinds)).join(' OR ')})`;
    case 'nor':
      return `(NOT (${node.nodes.map((n) => compileSql(n, kinds)).join(' OR ')}))`;
    case 'not':
      return `(NOT ${compileSql(node.node, kinds)})`;
    case 'compare':
      return compare(node.op, node.field, node.value, kinds.get(node.field));
  }
}

function compare(op: string, field: string, value: unknown, kind: ColumnKind | undefined): string {
  const col = `\`${columnOf(field)}\``;
  const present = kind === undefined ? 'FALSE' : `${col} IS NOT NULL`;
  const scalarFits = (v: unknown) => kind !== undefined && !kind.endsWith('[]') && typeof v === kind;
  const eq = (v: unknown): string => {
    if (v === null) return kind === undefined ? 'TRUE' : `${col} IS NULL`;
    return scalarFits(v) ? `(${present} AND ${col} = ${literal(v as string)})` : 'FALSE';
  };
  switch (op) {
    case '$eq':
      return eq(value);
    case '$ne':
      return `(NOT ${eq(value)})`;
    case '$in':
      return `(${(value as unknown[]).map(eq).join(' OR ') || 'FALSE'})`;
    case '$nin':
      return `(NOT (${(value as unknown[]).map(eq).join(' OR ') || 'FALSE'}))`;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const sym = op === '$gt' ? '>' : op === '$gte' ? '>=' : op === '$lt' ? '<' : '<=';
      return scalarFits(value) ? `(${present} AND ${col} ${sym} ${literal(value as string)})` : 'FALSE';
    }
    case '$exists':
      return value ? present : kind === undefined ? 'TRUE' : `${col} IS NULL`;
    case '$all': {
      const list = value as Array<string | number | boolean>;
      if (kind === undefined || !kind.endsWith('[]') || !list.every((v) => `${typeof v}[]` === kind)) return 'FALSE';
      return `(${present} AND array_has_all(${col}, [${list.map(literal).join(', ')}]))`;
    }
    case '$contains':
      if (kind === 'string' && typeof value === 'string') return `(${present} AND strpos(${col}, ${literal(value)}) > 0)`;
      if (kind !== undefined && kind === `${typeof value}[]`) return `(${present} AND array_has(${col}, ${literal(value as string)}))`;
      return 'FALSE';
    case '$regex':
      return kind === 'string' ? `(${present} AND regexp_like(${col}, ${literal(value as string)}))` : 'FALSE';
    default:
      throw new StorageError('UNSUPPORTED', `lancedb cannot filter with ${op}.`, { provider: 'lancedb' });
  }
}
