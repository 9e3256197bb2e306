import { type ErrorCode, FAILURE_POLICY, type ObjectStore } from '@agentmap/storage-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type SuiteContext, rivalStore } from '../context';
import { type UnreachableStore, unreachableStore } from '@agentmap/storage-testkit';

/** Codes no call of the JSON service can meet on this suite's stores, and why. */
const CANNOT_ARISE: Partial<Record<ErrorCode, string>> = {
  PERMISSION_DENIED: 'needs a store that refuses the caller (cloud credentials without rights)',
  UNAUTHENTICATED: 'needs a store with credentials (the cloud packages run this suite with them)',
  UNSUPPORTED: 'no JSON call uses an optional store operation',
  INTERNAL: 'only a bug raises it',
};

/**
 * One test per row of the shared failure policy: the result says what happened to the data
 * (`{ success: false, error }`), an exception says the call could not be carried out.
 */
export function failurePolicySection(ctx: SuiteContext): void {
  describe('failure policy', () => {
    const opened: UnreachableStore[] = [];
    afterAll(async () => {
      for (const endpoint of opened) await endpoint.close();
    });
    const endpoint = async (kind: 'refused' | 'stalled') => {
      const found = await unreachableStore(kind);
      opened.push(found);
      return found.store;
    };
    const serviceOver = (store: ObjectStore, maxAttempts?: number) => ctx.createOver(store, maxAttempts === undefined ? {} : { maxAttempts });

    const rows: Record<ErrorCode, (() => Promise<void>) | undefined> = {
      NOT_FOUND: async () => {
        const docs = ctx.name('policy');
        for (const result of [await ctx.json.write(docs, { a: 1 }, 'ghost', { mode: 'update' }), await ctx.json.delete(docs, 'ghost'), await ctx.json.delete(docs)]) {
          expect(result).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
        }
        expect(await ctx.json.exists(docs)).toBe(false);
      },
      ALREADY_EXISTS: async () => {
        const docs = ctx.name('policy');
        await ctx.seed(docs, { a: { id: 'a', n: 1 } });
        const result = await ctx.json.write(docs, [{ id: 'a', n: 2 }], undefined, { mode: 'append' });
        expect(result).toMatchObject({ success: false, error: { code: 'ALREADY_EXISTS' } });
        expect(await ctx.json.read(docs, 'a')).toEqual({ id: 'a', n: 1 });
      },
      PRECONDITION_FAILED: async () => {
        const docs = ctx.name('policy');
        await ctx.seed(docs, { me: { n: 0 } });
        let rival = 0;
        // The suite's store, with a rival writer changing what was just read before every write.
        const contended = rivalStore(ctx.store, async (key) => {
          await ctx.store.put(key, JSON.stringify(ctx.layout === 'single-file' ? { me: { rival: ++rival } } : { rival: ++rival }));
        });
        const result = await serviceOver(contended, 2).write(docs, { mine: true }, 'me', { mode: 'update' });
        expect(result).toMatchObject({ success: false, error: { code: 'PRECONDITION_FAILED' } });
        expect(await ctx.json.read(docs, 'me')).toEqual({ rival });
      },
      INVALID_ARGUMENT: async () => {
        const docs = ctx.name('policy');
        await expect(ctx.json.write(docs, { a: Number.NaN }, 'd1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(ctx.json.delete('../escape', 'd1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      },
      CORRUPT_DATA: async () => {
        const docs = ctx.name('policy');
        await ctx.store.put(ctx.layout === 'single-file' ? ctx.key(docs) : ctx.key(docs, 'd1'), '{ not json');
        await expect(ctx.json.write(docs, { a: 1 }, 'd1', { mode: 'update' })).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
        await expect(ctx.json.delete(docs, 'd1', { path: 'a' })).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
      },
      UNAVAILABLE: async () => {
        const json = serviceOver(await endpoint('refused'));
        await expect(json.write('users', { a: 1 }, 'u1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
        await expect(json.write('users', { a: 1 }, 'u1', { mode: 'update' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
        await expect(json.delete('users', 'u1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
        await expect(json.batchWrite('users', [{ data: { a: 1 }, documentId: 'u1' }])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
        await expect(json.read('users', 'u1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      },
      TIMEOUT: async () => {
        const json = serviceOver(await endpoint('stalled'));
        await expect(json.write('users', { a: 1 }, 'u1')).rejects.toMatchObject({ code: 'TIMEOUT' });
        await expect(json.delete('users', 'u1')).rejects.toMatchObject({ code: 'TIMEOUT' });
      },
      ABORTED: async () => {
        const docs = ctx.name('policy');
        await ctx.seed(docs, { d1: { a: 1 } });
        const before = await ctx.snapshot(docs);
        const signal = AbortSignal.abort();
        await expect(ctx.json.write(docs, { a: 2 }, 'd1', { signal })).rejects.toMatchObject({ code: 'ABORTED' });
        await expect(ctx.json.delete(docs, 'd1', { signal })).rejects.toMatchObject({ code: 'ABORTED' });
        await expect(ctx.json.batchWrite(docs, [{ data: { a: 3 }, documentId: 'd1' }], { signal })).rejects.toMatchObject({ code: 'ABORTED' });
        expect(await ctx.snapshot(docs)).toEqual(before);
      },
      PERMISSION_DENIED: undefined,
      UNAUTHENTICATED: undefined,
      UNSUPPORTED: undefined,
      INTERNAL: undefined,
    };

    for (const code of Object.keys(FAILURE_POLICY) as ErrorCode[]) {
      const outcome = FAILURE_POLICY[code] === 'result' ? 'a failed result' : 'an exception';
      const run = rows[code];
      if (run) it(`${code} is ${outcome}`, run, 30_000);
      else it.skip(`${code} is ${outcome} (${CANNOT_ARISE[code] ?? 'not reachable here'})`, () => undefined);
    }
  });
}
