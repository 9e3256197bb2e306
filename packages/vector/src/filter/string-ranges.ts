import { StorageError } from '@agentmap/storage-core';
import type { ComparisonOperator, FilterNode } from './types';

/**
 * The collection metadata key under which a provider records that a collection keeps order
 * keys of strings (`stringRanges`), for databases whose filters compare numbers only (Chroma,
 * Qdrant). Recorded when the collection is made, so every store writing to it agrees.
 */
export const STRING_RANGES_MARKER = 'agentmap:string-ranges';

/** A comparison of a field with a string bound. */
export interface StringRange {
  field: string;
  op: ComparisonOperator;
}

const RANGE_OPERATORS: ReadonlySet<string> = new Set(['$gt', '$gte', '$lt', '$lte']);

/** The first comparison of a field with a string bound (`$gt`, `$gte`, `$lt`, `$lte`) in a filter, if any. */
export function stringRangeOf(node: FilterNode | undefined): StringRange | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'compare':
      return RANGE_OPERATORS.has(node.op) && typeof node.value === 'string' ? { field: node.field, op: node.op } : undefined;
    case 'not':
      return stringRangeOf(node.node);
    default:
      for (const child of node.nodes) {
        const found = stringRangeOf(child);
        if (found) return found;
      }
      return undefined;
  }
}

/**
 * `UNSUPPORTED` when a filter compares a string bound in a collection made without order keys
 * of strings: such a filter cannot be answered there, and is never answered wrongly.
 */
export function assertStringRangesKept(range: StringRange | undefined, kept: boolean, collection: string, provider: string): void {
  if (!range || kept) return;
  throw new StorageError(
    'UNSUPPORTED',
    `${provider} compares strings with ${range.op} (on "${range.field.slice(0, 64)}") only in collections made with stringRanges: true, which keeps order keys beside each string; "${collection}" was made without them. Compare a number (a timestamp) instead, or make the collection again with a store created with stringRanges: true.`,
    { provider },
  );
}
