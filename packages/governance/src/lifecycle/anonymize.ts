import { StorageError } from '@agentmap/storage-core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

const PROVIDER = 'lifecycle';

/** The record formats `anonymize` rewrites, by key extension or content type. */
export function recordFormat(key: string, contentType: string | undefined): 'json' | 'jsonl' | 'csv' | undefined {
  const lower = key.toLowerCase();
  if (lower.endsWith('.csv') || contentType?.startsWith('text/csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json') || contentType?.startsWith('application/json')) return 'json';
  return undefined;
}

/** Every record of a JSON document: the elements of an array, else the object and its object values (a collection keyed by id). */
function recordsOf(value: unknown): Record<string, unknown>[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(value)) return value.filter(isObject);
  if (!isObject(value)) return [];
  return [value, ...Object.values(value).filter(isObject)];
}

function clearPath(record: Record<string, unknown>, path: string): boolean {
  const parts = path.split('.');
  let node: unknown = record;
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[part];
  }
  const last = parts[parts.length - 1]!;
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, last)) return false;
  const holder = node as Record<string, unknown>;
  if (holder[last] === null) return false;
  holder[last] = null;
  return true;
}

/**
 * Clears the named fields (names or dot paths) of every record, keeping ids and every other
 * field: JSON values become `null`, CSV cells empty. Returns the new text and how many values
 * were cleared (0 means the object was already anonymous).
 */
export function anonymizeText(text: string, format: 'json' | 'jsonl' | 'csv', fields: readonly string[], idField: string, key: string): { text: string; cleared: number } {
  if (fields.includes(idField)) throw new StorageError('INVALID_ARGUMENT', `anonymize would clear the id field "${idField}" of ${key}; ids are kept, so list other fields or set id_field.`, { provider: PROVIDER });
  let cleared = 0;
  const corrupt = (error: unknown) => new StorageError('CORRUPT_DATA', `${key} is not valid ${format.toUpperCase()}, so it cannot be anonymized; fix or exclude it.`, { provider: PROVIDER, cause: error });
  if (format === 'csv') {
    let rows: string[][];
    try {
      const parsed: unknown = parse(text, { relax_column_count: true, bom: true });
      rows = parsed as string[][];
    } catch (error) {
      throw corrupt(error);
    }
    const header = rows[0] ?? [];
    const columns = fields.map((field) => header.indexOf(field)).filter((index) => index >= 0);
    for (const row of rows.slice(1)) {
      for (const index of columns) {
        if (row[index] !== undefined && row[index] !== '') {
          row[index] = '';
          cleared++;
        }
      }
    }
    return { text: cleared === 0 ? text : stringify(rows), cleared };
  }
  const lines = format === 'jsonl' ? text.split('\n') : [text];
  const out = lines.map((line) => {
    if (line.trim() === '') return line;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw corrupt(error);
    }
    for (const record of recordsOf(value)) for (const field of fields) if (clearPath(record, field)) cleared++;
    return format === 'jsonl' ? JSON.stringify(value) : JSON.stringify(value, null, 2);
  });
  return { text: cleared === 0 ? text : out.join('\n'), cleared };
}
