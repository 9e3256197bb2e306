import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStorageError } from '@agentmap/storage-core';
import { clusteredVectors } from '@agentmap/storage-testkit/vector';
import { parseFilter, vectorStoreFromConfig } from '@agentmap/storage-vector';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSql, createLanceDbVectorStore, lanceDbVectorProvider } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'lancedb-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function code(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    if (!isStorageError(error)) throw error;
    return error.code;
  }
}

describe('filter to SQL', () => {
  it('names columns only in hex and quotes values, so nothing can inject SQL', () => {
    const sql = compileSql(parseFilter({ "a` OR 1=1 --": "x' OR '1'='1" })!, new Map([["a` OR 1=1 --", 'string']]));
    expect(sql).toBe("(`m_6160204f5220313d31202d2d` IS NOT NULL AND `m_6160204f5220313d31202d2d` = 'x'' OR ''1''=''1')");
  });

  it('writes comparisons that are never NULL, so $not and $nin match missing fields', () => {
    expect(compileSql(parseFilter({ year: { $not: { $lt: 2020 } } })!, new Map([['year', 'number']]))).toBe('(NOT (`m_79656172` IS NOT NULL AND `m_79656172` < 2020))');
  });

  it('turns a comparison with the wrong type, or on a field never stored, into a constant', () => {
    expect(compileSql(parseFilter({ year: 'x' })!, new Map([['year', 'number']]))).toBe('FALSE');
    expect(compileSql(parseFilter({ nothing: { $exists: false } })!, new Map())).toBe('TRUE');
  });
});

describe('createLanceDbVectorStore', () => {
  it('refuses unknown options, naming them', async () => {
    expect(await code(Promise.resolve().then(() => createLanceDbVectorStore({ uri: dir, indexthreshold: 3 } as never)))).toBe('INVALID_ARGUMENT');
    expect(await code(Promise.resolve().then(() => createLanceDbVectorStore({} as never)))).toBe('INVALID_ARGUMENT');
  });

  it('builds an IVF-PQ index once a collection reaches indexThreshold', async () => {
    const store = createLanceDbVectorStore({ uri: dir, indexThreshold: 600 });
    const vectors = clusteredVectors(700, 16, 10, 1);
    await store.upsert('indexed', vectors.slice(0, 500).map((vector, i) => ({ id: `v${i}`, vector })));
    const db = await lancedb.connect(dir);
    const table = await db.openTable('indexed');
    expect(await table.listIndices()).toEqual([]);
    await store.upsert('indexed', vectors.slice(500).map((vector, i) => ({ id: `v${500 + i}`, vector })));
    await table.checkoutLatest();
    expect((await table.listIndices()).map((i) => i.columns)).toEqual([['vector']]);
    const [best] = await store.query('indexed', { vector: vectors[650]!, limit: 1 });
    expect(best?.id).toBe('v650');
    table.close();
    db.close();
    await store.close?.();
  });

  it('refuses a metadata field whose type changes, before writing anything', async () => {
    const store = createLanceDbVectorStore({ uri: dir });
    const [a, b] = clusteredVectors(2, 8, 2, 2);
    await store.upsert('typed', [{ id: 'a', vector: a!, metadata: { year: 2020 } }]);
    expect(await code(store.upsert('typed', [{ id: 'b', vector: b!, metadata: { other: 1 } }, { id: 'c', vector: b!, metadata: { year: 'twenty' } }]))).toBe('INVALID_ARGUMENT');
    expect(await store.count('typed')).toBe(1);
    await store.close?.();
  });

  it('is reached from config through its descriptor', async () => {
    const store = await vectorStoreFromConfig({ provider: 'lancedb', options: { uri: dir, metric: 'euclidean' } }, { backends: [lanceDbVectorProvider] });
    const [a] = clusteredVectors(1, 8, 1, 3);
    await store.upsert('cfg', [{ id: 'a', vector: a! }]);
    const [hit] = await store.query('cfg', { vector: a!, limit: 1 });
    expect(hit?.score).toBeCloseTo(1, 5);
    expect(await code(vectorStoreFromConfig({ provider: 'lancedb', options: { uri: dir, bogus: 1 } }, { backends: [lanceDbVectorProvider] }))).toBe('INVALID_ARGUMENT');
    await store.close?.();
  });
});
