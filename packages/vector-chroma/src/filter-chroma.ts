import { StorageError } from '@agentmap/storage-core';
import { assertSupported, type FilterNode, type FilterOperatorName } from '@agentmap/storage-vector';
import { KINDS, RESERVED_PREFIX, STRING_RANGE_LIMIT, chunkKey, elementKey, kindKey, stringChunks, type ChromaScalar } from './metadata';

/**
 * The operators compiled to Chroma's `where`. `$contains` is not among them: Chroma filters
 * metadata strings by equality only, so a substring test cannot run in the database (for a
 * list element, `{ tags: { $all: ['ml'] } }` does). `$regex` likewise. Both work on the
 * record's text, through {@link DOCUMENT_FIELD}.
 */
export const CHROMA_OPERATORS: readonly FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all'];

/**
 * The field name that filters on a record's text (Chroma's document) instead of its metadata:
 * `{ '#document': { $contains: 'workflow' } }` or `{ $regex: '…' }`, and their negations. It
 * compiles to Chroma's `where_document`, which Chroma applies beside `where` (both must
 * hold), so such conditions stand at the top level of the filter, joined by AND.
 */
export const DOCUMENT_FIELD = '#document';

/** A compiled filter: the metadata clause and the document clause. */
export interface CompiledFilter {
  where: Compiled;
  whereDocument: Where | undefined;
}

/** A Chroma `where` clause. */
export type Where = Record<string, unknown>;

/** A compiled filter: a clause, or a constant when the filter is decided without the data. */
export type Compiled = Where | boolean;

const PROVIDER = 'chroma';

/**
 * Compiles a parsed filter to a Chroma `where` with the meaning of the filter language.
 * Chroma has no `$not`, so negations are pushed down to the comparisons (De Morgan) and each
 * negated comparison is written so it also matches missing fields and other kinds of value,
 * as the language says; the kind keys (see metadata.ts) say which kind a field holds.
 */
export function compileWhere(node: FilterNode, negate = false): Compiled {
  switch (node.kind) {
    case 'and':
      return negate ? any(node.nodes.map((n) => compileWhere(n, true))) : all(node.nodes.map((n) => compileWhere(n, false)));
    case 'or':
      return negate ? all(node.nodes.map((n) => compileWhere(n, true))) : any(node.nodes.map((n) => compileWhere(n, false)));
    case 'nor':
      return negate ? any(node.nodes.map((n) => compileWhere(n, false))) : all(node.nodes.map((n) => compileWhere(n, true)));
    case 'not':
      return compileWhere(node.node, !negate);
    case 'compare':
      return compare(node.op, node.field, node.value, negate);
  }
}

/**
 * Compiles a parsed filter into Chroma's `where` and `where_document`: the top-level
 * conjuncts about {@link DOCUMENT_FIELD} go to `where_document`, the rest to `where` (which
 * must use {@link CHROMA_OPERATORS} only).
 */
export function compileFilter(node: FilterNode): CompiledFilter {
  const conjuncts = node.kind === 'and' ? node.nodes : [node];
  const onDocument = conjuncts.filter(mentionsDocument);
  const onMetadata = conjuncts.filter((c) => !mentionsDocument(c));
  const rest: FilterNode | undefined = onMetadata.length === 0 ? undefined : onMetadata.length === 1 ? onMetadata[0] : { kind: 'and', nodes: onMetadata };
  assertSupported(rest, CHROMA_OPERATORS, PROVIDER);
  const document = all(onDocument.map((c) => compileDocument(c, false)));
  if (document === false) return { where: false, whereDocument: undefined };
  return { where: rest ? compileWhere(rest) : true, whereDocument: document === true ? undefined : document };
}

function mentionsDocument(node: FilterNode): boolean {
  switch (node.kind) {
    case 'compare':
      return node.field === DOCUMENT_FIELD;
    case 'not':
      return mentionsDocument(node.node);
    default:
      return node.nodes.some(mentionsDocument);
  }
}

function compileDocument(node: FilterNode, negate: boolean): Compiled {
  switch (node.kind) {
    case 'and':
      return negate ? any(node.nodes.map((n) => compileDocument(n, true))) : all(node.nodes.map((n) => compileDocument(n, false)));
    case 'or':
      return negate ? all(node.nodes.map((n) => compileDocument(n, true))) : any(node.nodes.map((n) => compileDocument(n, false)));
    case 'nor':
      return negate ? any(node.nodes.map((n) => compileDocument(n, false))) : all(node.nodes.map((n) => compileDocument(n, true)));
    case 'not':
      return compileDocument(node.node, !negate);
    case 'compare': {
      if (node.field !== DOCUMENT_FIELD) {
        throw new StorageError(
          'UNSUPPORTED',
          `chroma filters the text (${DOCUMENT_FIELD}) apart from metadata, and both must hold: a condition on ${DOCUMENT_FIELD} cannot share an $or, $nor or $not with "${node.field}". Put ${DOCUMENT_FIELD} conditions at the top level of the filter.`,
          { provider: PROVIDER },
        );
      }
      if ((node.op === '$contains' || node.op === '$regex') && typeof node.value === 'string') {
        const op = node.op.slice(1);
        return { [negate ? `$not_${op}` : `$${op}`]: node.value };
      }
      throw new StorageError('UNSUPPORTED', `chroma filters ${DOCUMENT_FIELD} with $contains or $regex and a string (or their $not), not ${node.op}.`, { provider: PROVIDER });
    }
  }
}

function all(parts: Compiled[]): Compiled {
  if (parts.includes(false)) return false;
  const clauses = parts.filter((p): p is Where => p !== true);
  return clauses.length === 0 ? true : clauses.length === 1 ? clauses[0]! : { $and: clauses };
}

function any(parts: Compiled[]): Compiled {
  if (parts.includes(true)) return true;
  const clauses = parts.filter((p): p is Where => p !== false);
  return clauses.length === 0 ? false : clauses.length === 1 ? clauses[0]! : { $or: clauses };
}

const present = (field: string): Where => ({ [kindKey(field)]: { $in: [...KINDS] } });
const absent = (field: string): Where => ({ [kindKey(field)]: { $nin: [...KINDS] } });
const notKind = (field: string, kind: string): Where => ({ [kindKey(field)]: { $ne: kind } });

/** Chroma's `$in` wants one type per list (integers and fractions count as two): one clause per group. */
function groups(values: readonly ChromaScalar[]): ChromaScalar[][] {
  const byType = new Map<string, ChromaScalar[]>();
  for (const v of values) {
    const type = typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v;
    byType.set(type, [...(byType.get(type) ?? []), v]);
  }
  return [...byType.values()];
}

function membership(field: string, values: readonly (ChromaScalar | null)[], inside: boolean): Compiled {
  const scalars = values.filter((v): v is ChromaScalar => v !== null);
  const withNull = scalars.length < values.length;
  if (inside) return any([...(withNull ? [absent(field)] : []), ...groups(scalars).map((g) => ({ [field]: { $in: g } }))]);
  return all([...(withNull ? [present(field)] : []), ...groups(scalars).map((g) => ({ [field]: { $nin: g } }))]);
}

type Range = '$gt' | '$gte' | '$lt' | '$lte';
const OPPOSITE: Record<Range, Range> = { $gt: '$lte', $gte: '$lt', $lt: '$gte', $lte: '$gt' };

/**
 * `field op bound` on strings, through the order-preserving chunks of metadata.ts, which only
 * collections made with `stringRanges` keep: the store refuses them elsewhere
 * (`assertStringRangesKept`).
 */
function stringRange(field: string, op: Range, bound: string): Compiled {
  if (bound.length > STRING_RANGE_LIMIT) {
    throw new StorageError(
      'UNSUPPORTED',
      `chroma compares strings in filters through their first ${STRING_RANGE_LIMIT + 1} characters, so a ${op} bound may have at most ${STRING_RANGE_LIMIT} characters; got ${bound.length} for "${field}". Shorten the bound or store the field as a number (a timestamp).`,
      { provider: PROVIDER },
    );
  }
  const target = stringChunks(bound, Math.floor(bound.length / 3) + 1);
  const equalUpTo = (k: number): Where[] => target.slice(0, k).map((t, j) => ({ [chunkKey(field, j)]: { $eq: t } }));
  const strict = op === '$gt' || op === '$gte' ? '$gt' : '$lt';
  const terms: Compiled[] = target.map((t, k) => all([...equalUpTo(k), { [chunkKey(field, k)]: { [strict]: t } }]));
  // The bound's chunks include its end, so equal chunks mean equal strings.
  if (op === '$gte' || op === '$lte') terms.push(all(equalUpTo(target.length)));
  return any(terms);
}

function compare(op: string, field: string, value: unknown, negate: boolean): Compiled {
  if (field === DOCUMENT_FIELD) {
    throw new StorageError('UNSUPPORTED', `chroma filters ${DOCUMENT_FIELD} only at the top level of a filter, with $contains or $regex.`, { provider: PROVIDER });
  }
  if (field.startsWith(RESERVED_PREFIX)) {
    throw new StorageError('INVALID_ARGUMENT', `filter.${field}: field names starting with "${RESERVED_PREFIX}" are reserved by this package.`, { provider: PROVIDER });
  }
  switch (op) {
    case '$eq':
    case '$ne': {
      const equal = op === '$eq' !== negate;
      if (value === null) return equal ? absent(field) : present(field);
      return { [field]: { [equal ? '$eq' : '$ne']: value } };
    }
    case '$in':
    case '$nin':
      return membership(field, value as Array<ChromaScalar | null>, op === '$in' !== negate);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const range = (negate ? OPPOSITE[op] : op);
      const positive = typeof value === 'number' ? { [field]: { [range]: value } } : stringRange(field, range, value as string);
      // Not (a < b) also holds for missing fields and values of another kind.
      return negate ? any([notKind(field, typeof value), positive]) : positive;
    }
    case '$exists':
      return (value as boolean) !== negate ? present(field) : absent(field);
    case '$all': {
      const keys = (value as ChromaScalar[]).map((v) => elementKey(field, v));
      return negate ? any(keys.map((k) => ({ [k]: { $ne: true } }))) : all(keys.map((k) => ({ [k]: { $eq: true } })));
    }
    default:
      throw new StorageError('UNSUPPORTED', `chroma cannot filter with ${op}; it supports ${CHROMA_OPERATORS.join(' ')}.`, { provider: PROVIDER });
  }
}
