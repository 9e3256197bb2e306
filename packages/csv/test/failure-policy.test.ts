import { type ErrorCode, FAILURE_POLICY, type ObjectStore, StorageError, type StoreOperation, createMemoryStore, isStorageError, wrapStore } from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { describe, expect, it } from 'vitest';

/** A memory store whose `operation` calls fail with `code` while `failing` is on (a store outage, a denied key…). */
function faultyStore(operation: StoreOperation, code: ErrorCode): { store: ObjectStore; inner: ObjectStore; failing: { on: boolean } } {
  const inner = createMemoryStore();
  const failing = { on: false };
  const store = wrapStore(inner, (call, invoke) => {
    if (failing.on && call.operation === operation) return Promise.reject(new StorageError(code, `injected ${code} on ${operation}`, { provider: 'memory', key: call.key }));
    return invoke(call.signal);
  });
  return { store, inner, failing };
}

async function outcomeOf(promise: Promise<{ success: boolean; error?: { code: string } }>): Promise<'result' | 'throw'> {
  try {
    const result = await promise;
    expect(result.success).toBe(false);
    return 'result';
  } catch (error) {
    expect(isStorageError(error)).toBe(true);
    return 'throw';
  }
}

describe('failure policy (core FAILURE_POLICY): every row, as a store failure under write, update, append and delete', () => {
  for (const [code, expected] of Object.entries(FAILURE_POLICY) as Array<[ErrorCode, 'result' | 'throw']>) {
    it(`${code} from the store ${expected === 'result' ? 'is a failed result' : 'throws'}, and nothing stored changes`, async () => {
      const { store, inner, failing } = faultyStore('put', code);
      const csv = createCsvStorage({ store }, { maxAttempts: 2 });
      await csv.write('users', [{ id: 1, name: 'Ada' }]);
      const before = (await inner.get('users.csv')).body;
      failing.on = true;
      const calls = [
        () => csv.write('users', [{ id: 2, name: 'Bob' }]),
        () => csv.write('users', { name: 'Ada L.' }, 1, { mode: 'update' }),
        () => csv.write('users', [{ id: 3 }], undefined, { mode: 'append' }),
        () => csv.delete('users', 1),
        () => csv.batchWrite('users', [{ data: { id: 4 } }]),
      ];
      for (const call of calls) {
        const outcome = await outcomeOf(call());
        expect(outcome, `${code}`).toBe(expected);
      }
      expect(Buffer.from((await inner.get('users.csv')).body).equals(Buffer.from(before))).toBe(true);
    });
  }
});

describe('failure policy: the cases CSV raises itself', () => {
  it('NOT_FOUND: deleting a missing id or collection is a failed result', async () => {
    const csv = createCsvStorage({ store: createMemoryStore() });
    await csv.write('users', [{ id: 1 }]);
    expect(await csv.delete('users', 9)).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(await csv.delete('nothing')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('PRECONDITION_FAILED: a file that keeps changing through every attempt is a failed result', async () => {
    const inner = createMemoryStore();
    let n = 0;
    // Another writer gets in between every read and write of the service.
    const store = wrapStore(inner, async (call, invoke) => {
      if (call.operation === 'put' && call.key === 'busy.csv' && (call.options as { ifMatch?: string } | undefined)?.ifMatch) {
        await inner.put('busy.csv', `id,v\n1,${++n}\n`);
      }
      return invoke(call.signal);
    });
    await inner.put('busy.csv', 'id,v\n1,0\n');
    const csv = createCsvStorage({ store }, { maxAttempts: 3 });
    expect(await csv.write('busy', { v: 'mine' }, 1, { mode: 'update' })).toMatchObject({ success: false, error: { code: 'PRECONDITION_FAILED' } });
  });

  it('UNAVAILABLE from a dead store throws from writes and deletes (it used to be a failed result) and from reads', async () => {
    const { store, failing } = faultyStore('get', 'UNAVAILABLE');
    const csv = createCsvStorage({ store });
    await csv.write('users', [{ id: 1 }]);
    failing.on = true;
    const fresh = createCsvStorage({ store });
    await expect(fresh.write('users', { v: 1 }, 1, { mode: 'update' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(fresh.delete('users', 1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(fresh.read('users', 1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('INVALID_ARGUMENT, CORRUPT_DATA and ABORTED throw', async () => {
    const store = createMemoryStore();
    const csv = createCsvStorage({ store });
    await expect(csv.write('users', 'text')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await store.put('bad.csv', 'id,name\n1\n');
    await expect(csv.write('bad', { name: 'x' }, 1, { mode: 'update' })).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
    const aborted = AbortSignal.abort();
    await expect(csv.write('users', [{ id: 1 }], undefined, { signal: aborted })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('a read of something missing is undefined, a count 0, an exists false', async () => {
    const csv = createCsvStorage({ store: createMemoryStore() });
    expect(await csv.read('nothing')).toBeUndefined();
    expect(await csv.read('nothing', 1)).toBeUndefined();
    expect(await csv.count('nothing')).toBe(0);
    expect(await csv.exists('nothing', 1)).toBe(false);
  });
});

describe('createCsvStorage options', () => {
  const store = createMemoryStore();
  const refused = (call: () => unknown, pattern: RegExp) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(isStorageError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  };

  it('refuses an unknown option, naming it and the likely one meant', () => {
    refused(() => createCsvStorage({ store }, { delimeter: ';' } as never), /"delimeter" is not an option \(did you mean "delimiter"\?\)/);
    refused(() => createCsvStorage({ store }, { cache_size: 2 } as never), /did you mean "cacheSize"/);
  });

  it("refuses another service's options and store or config keys, saying where they belong", () => {
    refused(() => createCsvStorage({ store }, { layout: 'per-document' } as never), /"layout" .*createJsonStorage/);
    refused(() => createCsvStorage({ store }, { baseDir: './data' } as never), /"baseDir" .*createLocalStore/);
    refused(() => createCsvStorage({ store }, { backends: {} } as never), /"backends" .*config/);
  });

  it('refuses options in the wrong argument', () => {
    refused(() => createCsvStorage({ store, delimiter: ';' } as never), /"delimiter" .*second argument/);
    refused(() => createCsvStorage({ store }, { store } as never), /"store" .*first argument/);
  });

  it('accepts every documented option, and a prefix in either argument', () => {
    expect(() =>
      createCsvStorage(
        { store, prefix: 'a/' },
        { delimiter: ';', encoding: 'latin1', maxAttempts: 3, idField: 'id', lineEnding: '\r\n', bom: true, inferTypes: false, cacheSize: 2, freshnessMs: 100, onWarning: () => undefined },
      ),
    ).not.toThrow();
    expect(() => createCsvStorage({ store }, { prefix: 'b/' })).not.toThrow();
  });
});
