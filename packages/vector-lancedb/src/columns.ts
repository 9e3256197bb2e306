import { StorageError } from '@agentmap/storage-core';
import type { MetadataValue, VectorMetadata } from '@agentmap/storage-vector';
import { Bool, DataType, Field, Float32, Float64, FixedSizeList, List, Precision, Schema, Utf8 } from 'apache-arrow';

/** The type of a metadata field's column: a scalar or a list of one scalar type. */
export type ColumnKind = 'string' | 'number' | 'boolean' | 'string[]' | 'number[]' | 'boolean[]';

/**
 * Metadata fields become columns so filters run as SQL inside LanceDB. A column's name is
 * `m_` and the hex of the field's UTF-8 bytes: any key is stored, and no key can ever reach
 * the SQL text as anything but hex digits.
 */
export function columnOf(field: string): string {
  return `m_${Buffer.from(field, 'utf8').toString('hex')}`;
}

export function fieldOf(column: string): string | undefined {
  return column.startsWith('m_') ? Buffer.from(column.slice(2), 'hex').toString('utf8') : undefined;
}

export function kindOf(value: MetadataValue): ColumnKind | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const first = (value as unknown[])[0];
    return first === undefined ? undefined : (`${typeof first}[]` as ColumnKind);
  }
  return typeof value as ColumnKind;
}

function scalarKindOf(type: DataType): 'string' | 'number' | 'boolean' | undefined {
  if (DataType.isUtf8(type)) return 'string';
  if (DataType.isFloat(type) && type.precision === Precision.DOUBLE) return 'number';
  if (DataType.isBool(type)) return 'boolean';
  return undefined;
}

export function kindOfType(type: DataType): ColumnKind | undefined {
  if (DataType.isList(type)) {
    const inner = scalarKindOf((type).valueType);
    return inner === undefined ? undefined : `${inner}[]`;
  }
  return scalarKindOf(type);
}

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'string':
      return new Utf8();
    case 'number':
      return new Float64();
    case 'boolean':
      return new Bool();
    case 'string[]':
      return new List(new Field('item', new Utf8(), true));
    case 'number[]':
      return new List(new Field('item', new Float64(), true));
    case 'boolean[]':
      return new List(new Field('item', new Bool(), true));
  }
}

export function metadataField(field: string, kind: ColumnKind): Field {
  return new Field(columnOf(field), arrowType(kind), true);
}

export function baseSchema(dimensions: number, columns: ReadonlyMap<string, ColumnKind>): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
    new Field('text', new Utf8(), true),
    new Field('metadata', new Utf8(), false),
    ...[...columns].map(([field, kind]) => metadataField(field, kind)),
  ]);
}

/**
 * The column kinds a batch needs, checked against the table's: a field stored as a number
 * cannot later hold a string (its column has one type). `INVALID_ARGUMENT` names the field.
 */
export function planColumns(metadata: readonly VectorMetadata[], existing: ReadonlyMap<string, ColumnKind>, provider: string): Map<string, ColumnKind> {
  const added = new Map<string, ColumnKind>();
  metadata.forEach((m, i) => {
    for (const [field, value] of Object.entries(m)) {
      const known = existing.get(field) ?? added.get(field);
      // An empty list fits any list column; with none yet it starts a list of strings.
      const kind = kindOf(value) ?? (Array.isArray(value) ? (known?.endsWith('[]') ? known : 'string[]') : undefined);
      if (kind === undefined) continue;
      if (known !== undefined && known !== kind) {
        throw new StorageError(
          'INVALID_ARGUMENT',
          `records[${i}].metadata.${field} is a ${kind} but this collection stores ${field} as ${known}; LanceDB gives each field one column type. Convert the value or use another field name.`,
          { provider },
        );
      }
      if (known === undefined) added.set(field, kind);
    }
  });
  return added;
}
