import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';
import { afterEach } from 'vitest';

/** A fresh temporary directory per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentmap-ops-'));
    dirs.push(dir);
    return dir;
  };
}

export async function localStore(dir: string): Promise<ObjectStore> {
  return createLocalStore({ baseDir: dir });
}

/**
 * Counts the successful writes per key of a store (an observer: every call still reaches the
 * real store), so tests can prove each object was written exactly once.
 */
export function countingWrites(store: ObjectStore): { store: ObjectStore; writes: Map<string, number> } {
  const writes = new Map<string, number>();
  const wrapped = wrapStore(store, async (call, invoke) => {
    const result = await invoke(call.signal);
    if (call.operation === 'put') writes.set(call.key, (writes.get(call.key) ?? 0) + 1);
    return result;
  });
  return { store: wrapped, writes };
}

/** Every object of a store under a prefix, as key (relative to the prefix) -> bytes. */
export async function contents(store: ObjectStore, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const entry of store.list(prefix)) {
    if (entry.kind !== 'object') continue;
    const { body } = await store.get(entry.key);
    out.set(entry.key.slice(prefix.length), Buffer.from(body).toString('base64'));
  }
  return out;
}
