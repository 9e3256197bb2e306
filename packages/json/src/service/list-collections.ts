import type { ObjectStore } from '@agentmap/storage-core';
import type { JsonLayout } from '../types';

/**
 * Collection names under `prefix`: every `<name>.json` object, where a key inside the folder
 * of a per-document collection (`events/e1.json`) names that collection (`events`). Sorted.
 */
export async function listCollectionNames(store: ObjectStore, prefix: string, layoutOf: (collection: string) => JsonLayout, signal?: AbortSignal): Promise<string[]> {
  const names = new Set<string>();
  for await (const entry of store.list(prefix, { signal })) {
    if (entry.kind !== 'object' || !/\.json$/i.test(entry.key)) continue;
    const name = entry.key.slice(prefix.length, -'.json'.length);
    const slash = name.lastIndexOf('/');
    const folder = slash < 0 ? undefined : name.slice(0, slash);
    names.add(folder !== undefined && layoutOf(folder) === 'per-document' ? folder : name);
  }
  return [...names].sort();
}
