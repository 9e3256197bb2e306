import type { FilterOperatorName } from '../spec/vector-store';

type Scalar = string | number | boolean | null;

/** Operators on one metadata field. `$not` wraps another operator object, as in MongoDB. */
export interface FieldOperators {
  $eq?: Scalar;
  $ne?: Scalar;
  $gt?: number | string;
  $gte?: number | string;
  $lt?: number | string;
  $lte?: number | string;
  $in?: readonly Scalar[];
  $nin?: readonly Scalar[];
  $exists?: boolean;
  $all?: readonly (string | number | boolean)[];
  $regex?: string;
  $contains?: string | number | boolean;
  $not?: FieldOperators;
}

/**
 * The filter language of every vector store: `{ field: value }`, `{ field: [a, b] }` (one of),
 * `{ field: { $op: value } }`, and the logical `$and $or $nor` (lists of filters) and `$not`.
 */
export interface VectorFilter {
  $and?: readonly VectorFilter[];
  $or?: readonly VectorFilter[];
  $nor?: readonly VectorFilter[];
  $not?: VectorFilter;
  [field: string]: Scalar | readonly Scalar[] | FieldOperators | readonly VectorFilter[] | VectorFilter | undefined;
}

/** Field comparisons after parsing; `$not` and the logical operators become nodes. */
export type ComparisonOperator = Exclude<FilterOperatorName, '$and' | '$or' | '$not' | '$nor'>;

/**
 * A parsed filter. Every database compiler works from this tree, so validation and the
 * meaning of each operator live in one place.
 */
export type FilterNode =
  | { kind: 'and' | 'or' | 'nor'; nodes: FilterNode[] }
  | { kind: 'not'; node: FilterNode }
  | { kind: 'compare'; field: string; op: ComparisonOperator; value: unknown };
