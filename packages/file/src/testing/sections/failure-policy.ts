import { type ErrorCode, FAILURE_POLICY, type ObjectStore } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import { afterAll, expect, it } from 'vitest';
import { createFileStorage } from '../../service/file-storage';
import type { GetContext } from '../context';
import { type UnreachableStore, unreachableStore } from '@agentmap/storage-testkit';

/** Codes no call of the file service can meet on this suite's stores, and why. */
const CANNOT_ARISE: Partial<Record<ErrorCode, string>> = {
  PERMISSION_DENIED: 'needs a store that refuses the caller (cloud credentials without rights)',
  UNAUTHENTICATED: 'needs a store with credentials (the cloud packages run this suite with them)',
  INTERNAL: 'only a bug raises it',
};

/** The same store, where `rival` rewrites a key right after `head` reported it, so a conditional write on that version loses. */
function rivalAfterHead(store: ObjectStore, rival: (key: string) => Promise<void>): ObjectStore {
  return {
    provider: store.provider,
    location: store.location,
    capabilities: store.capabilities,
    head: async (key, options) => {
      const info = await store.head(key, options);
      if (info) await rival(key);
      return info;
    },
    get: (key, options) => store.get(key, options),
    getStream: (key, options) => store.getStream(key, options),
    put: (key, body, options) => store.put(key, body, options),
    delete: (key, options) => store.delete(key, options),
    list: (prefix, options) => store.list(prefix, options),
    copy: (from, to, options) => store.copy(from, to, options),
  };
}

/**
 * One test per row of the shared failure policy: the result says what happened to the data
 * (`{ success: false, error }`), an exception says the call could not be carried out.
 */
export function failurePolicySection(get: GetContext, timeout: number): void {
  const opened: UnreachableStore[] = [];
  afterAll(async () => {
    for (const endpoint of opened) await endpoint.close();
  });
  const overEndpoint = async (kind: 'refused' | 'stalled') => {
    const endpoint = await unreachableStore(kind);
    opened.push(endpoint);
    return createFileStorage({ store: endpoint.store });
  };

  const rows: Record<ErrorCode, (() => Promise<void>) | undefined> = {
    NOT_FOUND: async () => {
      const { files } = get();
      expect(await files.write('docs', 'x', 'ghost.txt', { mode: 'update' })).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await files.delete('docs', 'ghost.txt')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(await files.move('docs', 'ghost.txt', 'b.txt')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    },
    ALREADY_EXISTS: async () => {
      const { files } = get();
      await files.write('docs', 'new', 'a.txt');
      await files.write('docs', 'kept', 'b.txt');
      expect(await files.copy('docs', 'a.txt', 'b.txt', { overwrite: false })).toMatchObject({ success: false, error: { code: 'ALREADY_EXISTS' } });
      expect(await files.read('docs', 'b.txt')).toBe('kept');
    },
    PRECONDITION_FAILED: async () => {
      const { store, files, prefix } = get();
      await files.write('docs', 'first', 'a.txt');
      let rival = 0;
      // The suite's store, with a rival writer changing the file between the update's check and its write.
      const contended = rivalAfterHead(store, async (changed) => void (await store.put(changed, `rival ${++rival}`)));
      const racing = createFileStorage({ store: contended, prefix });
      const result = await racing.write('docs', 'mine', 'a.txt', { mode: 'update' });
      expect(result).toMatchObject({ success: false, error: { code: 'PRECONDITION_FAILED' } });
      expect(await files.read('docs', 'a.txt')).toBe(`rival ${rival}`);
    },
    INVALID_ARGUMENT: async () => {
      const { files, keys } = get();
      await expectStorageError(files.write('docs', 'x', '../escape.txt'), 'INVALID_ARGUMENT');
      await expectStorageError(files.delete('..', 'a.txt'), 'INVALID_ARGUMENT');
      await expectStorageError(files.write('docs', 'x', 'a.txt', { mode: 'merge' as 'update' }), 'INVALID_ARGUMENT');
      expect(await keys()).toEqual([]);
    },
    CORRUPT_DATA: async () => {
      const { files } = get();
      await files.write('docs', new TextEncoder().encode('not a pdf at all'), 'broken.pdf');
      await expectStorageError(files.read('docs', 'broken.pdf'), 'CORRUPT_DATA');
    },
    UNSUPPORTED: async () => {
      const { files } = get();
      await files.write('docs', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'legacy.doc');
      await expectStorageError(files.read('docs', 'legacy.doc', { format: 'text' }), 'UNSUPPORTED');
    },
    UNAVAILABLE: async () => {
      const files = await overEndpoint('refused');
      await expectStorageError(files.write('docs', 'x', 'a.txt'), 'UNAVAILABLE');
      await expectStorageError(files.write('docs', 'x', 'a.txt', { mode: 'append' }), 'UNAVAILABLE');
      await expectStorageError(files.delete('docs', 'a.txt'), 'UNAVAILABLE');
      await expectStorageError(files.copy('docs', 'a.txt', 'b.txt'), 'UNAVAILABLE');
      await expectStorageError(files.read('docs', 'a.txt'), 'UNAVAILABLE');
    },
    TIMEOUT: async () => {
      const files = await overEndpoint('stalled');
      await expectStorageError(files.write('docs', 'x', 'a.txt'), 'TIMEOUT');
      await expectStorageError(files.delete('docs', 'a.txt'), 'TIMEOUT');
    },
    ABORTED: async () => {
      const { files, keys } = get();
      await files.write('docs', 'kept', 'a.txt');
      const signal = AbortSignal.abort();
      await expectStorageError(files.write('docs', 'x', 'a.txt', { signal }), 'ABORTED');
      await expectStorageError(files.delete('docs', 'a.txt', { signal }), 'ABORTED');
      await expectStorageError(files.copy('docs', 'a.txt', 'b.txt', { signal }), 'ABORTED');
      expect(await keys()).toEqual(['docs/a.txt']);
      expect(await files.read('docs', 'a.txt')).toBe('kept');
    },
    PERMISSION_DENIED: undefined,
    UNAUTHENTICATED: undefined,
    INTERNAL: undefined,
  };

  for (const code of Object.keys(FAILURE_POLICY) as ErrorCode[]) {
    const outcome = FAILURE_POLICY[code] === 'result' ? 'a failed result' : 'an exception';
    const run = rows[code];
    if (run) it(`${code} is ${outcome}`, { timeout }, run);
    else it.skip(`${code} is ${outcome} (${CANNOT_ARISE[code] ?? 'not reachable here'})`, () => undefined);
  }
}
