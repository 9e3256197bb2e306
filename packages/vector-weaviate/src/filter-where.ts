import { StorageError } from '@agentmap/storage-core';
import { evaluateFilter, type FilterNode, type FilterOperatorName } from '@agentmap/storage-vector';
import type { WhereFilter } from 'weaviate-ts-client';
import { PROVIDER } from './errors';
import { propertyFor } from './names';

/** Operators compiled to Weaviate's `where`; `$regex` has no Weaviate counterpart and is `UNSUPPORTED`. */
export const WEAVIATE_OPERATORS: readonly FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all', '$contains'];

/** The Weaviate data type a metadata field's property has. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'text[]' | 'number[]' | 'boolean[]';

/**
 * Weaviate's `WhereFilter` as its REST description has it today: weaviate-ts-client 2.2.0's
 * type predates `Not` and `ContainsNone`, though its serializer passes any operator through.
 */
export type Where = Omit<WhereFilter, 'operator' | 'operands'> & {
  operator: NonNullable<WhereFilter['operator']> | 'Not' | 'ContainsNone';
  operands?: Where[];
};

/** For the client's builders, whose type lacks the newer operators. */
export function clientWhere(where: Where): WhereFilter {
  return where as WhereFilter;
}

/** A compiled filter: a `where` object, or a constant when the schema already decides it. */
export type Compiled = Where | boolean;

const VALUE_KEY = { text: 'valueText', number: 'valueNumber', boolean: 'valueBoolean' } as const;
const ARRAY_KEY = { text: 'valueTextArray', number: 'valueNumberArray', boolean: 'valueBooleanArray' } as const;
const NEGATED_RANGE = { $gt: 'LessThanEqual', $gte: 'LessThan', $lt: 'GreaterThanEqual', $lte: 'GreaterThan' } as const;
const RANGE = { $gt: 'GreaterThan', $gte: 'GreaterThanEqual', $lt: 'LessThan', $lte: 'LessThanEqual' } as const;

function and(parts: Compiled[]): Compiled {
  if (parts.includes(false)) return false;
  const kept = parts.filter((p): p is Where => p !== true);
  return kept.length === 0 ? true : kept.length === 1 ? kept[0]! : { operator: 'And', operands: kept };
}

function or(parts: Compiled[]): Compiled {
  if (parts.includes(true)) return true;
  const kept = parts.filter((p): p is Where => p !== false);
  return kept.length === 0 ? false : kept.length === 1 ? kept[0]! : { operator: 'Or', operands: kept };
}

function not(part: Compiled): Compiled {
  return typeof part === 'boolean' ? !part : { operator: 'Not', operands: [part] };
}

/**
 * Compiles a parsed filter to a Weaviate `where` with the filter language's meaning.
 * Negations are pushed down to the comparisons (`$not { $lt: 5 }` becomes "null or ≥ 5"), so
 * Weaviate's `Not` and `ContainsNone` (1.33+) are needed only to negate `$contains` and `$all`.
 * A comparison the schema already decides — a field no record has, a value of another type
 * than the field's property — folds to a constant, as does the whole filter when it can.
 * Missing fields are found with `IsNull` (classes are made with `indexNullState`).
 */
export function compileWhere(node: FilterNode, kinds: ReadonlyMap<string, FieldKind>, negated = false): Compiled {
  switch (node.kind) {
    case 'and':
      return negated ? or(node.nodes.map((n) => compileWhere(n, kinds, true))) : and(node.nodes.map((n) => compileWhere(n, kinds)));
    case 'or':
      return negated ? and(node.nodes.map((n) => compileWhere(n, kinds, true))) : or(node.nodes.map((n) => compileWhere(n, kinds)));
    case 'nor':
      return compileWhere({ kind: 'or', nodes: node.nodes }, kinds, !negated);
    case 'not':
      return compileWhere(node.node, kinds, !negated);
    case 'compare':
      return compare(node.field, node.op, node.value, kinds.get(node.field), negated);
  }
}

function compare(field: string, op: string, value: unknown, kind: FieldKind | undefined, negated: boolean): Compiled {
  if (kind === undefined) {
    // No record has ever had this field: every record is "missing" it, so the answer is one for all.
    const matches = evaluateFilter({ kind: 'compare', field, op: op as never, value }, {});
    return negated ? !matches : matches;
  }
  const path = [propertyFor(field)];
  const base = kind.replace('[]', '') as 'text' | 'number' | 'boolean';
  const list = kind.endsWith('[]');
  const isNull = (yes: boolean): Where => ({ path, operator: 'IsNull', valueBoolean: yes });
  const fits = (v: unknown) => typeof v === (base === 'text' ? 'string' : base);

  /** `$eq v`, negated or not: a list never equals a scalar; null means missing. */
  const eq = (v: unknown, neg: boolean): Compiled => {
    if (v === null) return isNull(!neg);
    if (list || !fits(v)) return neg;
    return neg ? or([isNull(true), { path, operator: 'NotEqual', [VALUE_KEY[base]]: v }]) : { path, operator: 'Equal', [VALUE_KEY[base]]: v };
  };

  switch (op) {
    case '$eq':
      return eq(value, negated);
    case '$ne':
      return eq(value, !negated);
    case '$in':
      return negated ? and((value as unknown[]).map((v) => eq(v, true))) : or((value as unknown[]).map((v) => eq(v, false)));
    case '$nin':
      return negated ? or((value as unknown[]).map((v) => eq(v, false))) : and((value as unknown[]).map((v) => eq(v, true)));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      // Numbers compare with numbers and strings with strings; a list or a boolean never matches.
      if (list || base === 'boolean' || !fits(value)) return negated;
      const key = VALUE_KEY[base];
      return negated ? or([isNull(true), { path, operator: NEGATED_RANGE[op], [key]: value }]) : { path, operator: RANGE[op], [key]: value };
    }
    case '$exists':
      return isNull(value === negated);
    case '$contains': {
      if (list) {
        if (!fits(value)) return negated;
        const part: Where = { path, operator: negated ? 'ContainsNone' : 'ContainsAny', [ARRAY_KEY[base]]: [value] };
        return part;
      }
      if (base !== 'text' || typeof value !== 'string') return negated;
      if (/[*?]/.test(value)) {
        throw new StorageError('UNSUPPORTED', `weaviate cannot run $contains with "*" or "?" in the value: its Like operator treats them as wildcards and has no escape. Filter on another field, or drop those characters.`, {
          provider: PROVIDER,
        });
      }
      const like: Where = { path, operator: 'Like', valueText: `*${value}*` };
      return negated ? not(like) : like;
    }
    case '$all': {
      const values = value as unknown[];
      if (!list || !values.every(fits)) return negated;
      if (values.length === 0) return isNull(negated);
      const all: Where = { path, operator: 'ContainsAll', [ARRAY_KEY[base]]: values };
      return negated ? not(all) : all;
    }
    default:
      throw new StorageError('UNSUPPORTED', `weaviate cannot filter with ${op}; it supports ${WEAVIATE_OPERATORS.join(' ')}.`, { provider: PROVIDER });
  }
}

/** Every field a filter names, to know whether the cached schema covers them. */
export function fieldsOf(node: FilterNode | undefined, into = new Set<string>()): Set<string> {
  if (!node) return into;
  if (node.kind === 'compare') into.add(node.field);
  else if (node.kind === 'not') fieldsOf(node.node, into);
  else for (const n of node.nodes) fieldsOf(n, into);
  return into;
}
