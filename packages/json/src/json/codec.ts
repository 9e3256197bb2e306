import { StorageError } from '@agentmap/storage-core';
import { assertSerialisable } from './serialisable';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** What a parse error names: the collection, the key and the store, so the file can be found. */
export interface Origin {
  collection: string;
  key: string;
  location: string;
}

/**
 * Parses stored JSON. Invalid UTF-8 or JSON is `CORRUPT_DATA` naming the file; the file is
 * left as it is (no write follows a failed parse). A UTF-8 byte order mark is accepted.
 */
export function parseStored(body: Uint8Array, origin: Origin): unknown {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch (error) {
    throw corrupt(origin, 'is not valid UTF-8', error);
  }
  if (text.trim() === '') throw corrupt(origin, 'is empty', undefined);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw corrupt(origin, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`, error);
  }
}

/** The text written for a value: plain JSON, indented like Python's `json.dump(indent=…)`. */
export function serialise(value: unknown, indent: number): string {
  return JSON.stringify(value, null, indent);
}

/**
 * Checks that `value` can be stored and returns the detached copy a reader would get back
 * (dates become strings, `undefined` properties disappear). The caller's object is never
 * kept, so mutating it later cannot change what is cached. `levelsAbove` counts the levels a
 * path puts above the value, which its depth limit includes.
 */
export function toStored(value: unknown, label: string, levelsAbove = 0): unknown {
  assertSerialisable(value, label, levelsAbove);
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function corrupt(origin: Origin, problem: string, cause: unknown): StorageError {
  return new StorageError(
    'CORRUPT_DATA',
    `Collection "${origin.collection}" (${origin.key} in ${origin.location}) ${problem}. Fix or restore the file; it was left untouched.`,
    { provider: 'json', key: origin.key, cause },
  );
}
