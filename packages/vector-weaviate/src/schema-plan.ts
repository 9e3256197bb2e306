import { StorageError } from '@agentmap/storage-core';
import type { MetadataValue, VectorMetadata } from '@agentmap/storage-vector';
import { PROVIDER } from './errors';
import type { FieldKind } from './filter-where';

/** Weaviate's data type for a JavaScript scalar. */
function typeOf(value: unknown): 'text' | 'number' | 'boolean' {
  return typeof value === 'string' ? 'text' : (typeof value as 'number' | 'boolean');
}

function kindOf(value: MetadataValue): FieldKind | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const first = (value as unknown[])[0];
    return first === undefined ? undefined : `${typeOf(first)}[]`;
  }
  return typeOf(value);
}

/**
 * The property types a batch's metadata needs beyond `known`, checked against it: a field
 * stored as a number cannot later hold a string (a Weaviate property has one data type).
 * `INVALID_ARGUMENT` names the record and the field, before anything is written.
 */
export function planKinds(metadata: readonly VectorMetadata[], known: ReadonlyMap<string, FieldKind>): Map<string, FieldKind> {
  const added = new Map<string, FieldKind>();
  metadata.forEach((m, i) => {
    for (const [field, value] of Object.entries(m)) {
      const have = known.get(field) ?? added.get(field);
      // An empty list fits any list property; with none yet it starts a list of text.
      const kind = kindOf(value) ?? (Array.isArray(value) ? (have?.endsWith('[]') ? have : 'text[]') : undefined);
      if (kind === undefined) continue;
      if (have !== undefined && have !== kind) {
        throw new StorageError(
          'INVALID_ARGUMENT',
          `records[${i}].metadata.${field} is ${kind} but this collection stores ${field} as ${have}; a Weaviate property has one data type. Convert the value or use another field name.`,
          { provider: PROVIDER },
        );
      }
      if (have === undefined) added.set(field, kind);
    }
  });
  return added;
}
