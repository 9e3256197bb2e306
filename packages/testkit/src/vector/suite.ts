import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '@agentmap/storage-core';
import { createLocalVectorStore, evaluateFilter, parseFilter, type FilterOperatorName, type VectorMatch, type VectorStore } from '@agentmap/storage-vector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_CASES, clusteredVectors, metadataFor, queryVectors, recordsFor } from './data';
import { expectCode } from './expect-code';

export interface VectorSuiteOptions {
  /**
   * A second, independent instance over the same storage (a new client, a new process's
   * view). Proves persistence and concurrent writers; those tests are skipped without it.
   */
  reopen?: () => VectorStore | Promise<VectorStore>;
  /** Approximate search: recall@10 ≥ `minRecall` (default 0.95) instead of identical results. */
  approximate?: boolean;
  minRecall?: number;
  /** Records in the recall test (default 2,000 × 32 dimensions). */
  recallSize?: number;
  dimensions?: number;
  /** Per-test timeout in ms (default 120,000). */
  timeout?: number;
  /**
   * Filter cases (by name, e.g. `'range on strings'`) whose operators the store supports but
   * not for these values (Pinecone compares numbers only). Each is proved to fail with
   * `UNSUPPORTED`, never ignored, and its result test is skipped.
   */
  unsupportedFilterCases?: readonly string[];
}

const SUPPORTED_CHECK: FilterOperatorName[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$not', '$nor', '$exists', '$all', '$regex', '$contains'];

/**
 * The conformance suite every VectorStore passes, measured against the exact local index:
 *
 * ```ts
 * describeVectorStore('lancedb', () => createLanceDbVectorStore({ uri: dir }), { reopen: () => createLanceDbVectorStore({ uri: dir }) });
 * ```
 *
 * Each test works in its own collection. A filter operator the store does not list in
 * `capabilities.filterOperators` is proved to fail with `UNSUPPORTED` (never ignored), and
 * its result test is skipped.
 */
export function describeVectorStore(name: string, factory: () => VectorStore | Promise<VectorStore>, options: VectorSuiteOptions = {}): void {
  const timeout = options.timeout ?? 120_000;
  const dims = options.dimensions ?? 32;
  const run = randomUUID().slice(0, 8);
  const col = (what: string) => `conf-${run}-${what}`;

  describe(`VectorStore conformance: ${name}`, () => {
    let store: VectorStore | undefined;
    const s = (): VectorStore => {
      if (!store) throw new Error("the store under test was not created; see the error of the suite's beforeAll");
      return store;
    };
    const reference = createLocalVectorStore({ store: createMemoryStore() });
    const used = new Set<string>();
    const c = (what: string) => {
      const n = col(what);
      used.add(n);
      return n;
    };

    beforeAll(async () => {
      store = await factory();
    }, timeout);
    afterAll(async () => {
      if (!store) return;
      for (const n of used) await store.dropCollection(n).catch(() => undefined);
      await store.close?.();
    }, timeout);

    describe('search quality', () => {
      const size = options.recallSize ?? 2000;
      const vectors = clusteredVectors(size, dims, 25, 7);
      const queries = queryVectors(30, dims, 25, 7);
      const records = recordsFor(vectors);

      it('finds a stored vector first, with score 1 for itself', { timeout }, async () => {
        const n = c('self');
        await s().upsert(n, records.slice(0, 200));
        const [best] = await s().query(n, { vector: vectors[17]!, limit: 1 });
        expect(best?.id).toBe('r17');
        expect(best?.score).toBeCloseTo(1, 4);
        expect(best?.metadata).toEqual(metadataFor(17));
        expect(best?.text).toBe('text of r17');
      });

      it(options.approximate ? `recall@10 ≥ ${options.minRecall ?? 0.95} against the exact index` : 'returns what the exact index returns', { timeout }, async () => {
        const n = c('recall');
        await s().upsert(n, records);
        const ref = c('recall-ref');
        await reference.upsert(ref, records);
        let hits = 0;
        for (const vector of queries) {
          const got = await s().query(n, { vector, limit: 10 });
          const want = await reference.query(ref, { vector, limit: 10 });
          expect(got).toHaveLength(10);
          expect(isBestFirst(got)).toBe(true);
          if (options.approximate) {
            const wanted = new Set(want.map((m) => m.id));
            hits += got.filter((m) => wanted.has(m.id)).length;
          } else {
            expect(got.map((m) => m.id)).toEqual(want.map((m) => m.id));
            got.forEach((m, i) => expect(m.score).toBeCloseTo(want[i]!.score, 4));
          }
        }
        if (options.approximate) expect(hits / (queries.length * 10)).toBeGreaterThanOrEqual(options.minRecall ?? 0.95);
      });

      it('honours limit and threshold', { timeout }, async () => {
        const n = c('limits');
        await s().upsert(n, records.slice(0, 300));
        expect(await s().query(n, { vector: queries[0]!, limit: 3 })).toHaveLength(3);
        expect((await s().query(n, { vector: queries[0]!, limit: 1000 })).length).toBe(300);
        const all = await s().query(n, { vector: queries[0]!, limit: 300 });
        const cut = all[20]!.score;
        const above = await s().query(n, { vector: queries[0]!, limit: 300, threshold: cut });
        expect(above.every((m) => m.score >= cut)).toBe(true);
        expect(above.length).toBeGreaterThanOrEqual(21);
        expect(above.length).toBe(all.filter((m) => m.score >= cut).length);
        expect(await s().query(n, { vector: queries[0]!, threshold: 1.01 })).toEqual([]);
        for (const m of all) {
          expect(m.score).toBeGreaterThanOrEqual(0);
          expect(m.score).toBeLessThanOrEqual(1 + 1e-6);
        }
      });

      it('returns vectors only when asked', { timeout }, async () => {
        const n = c('vectors');
        await s().upsert(n, records.slice(0, 10));
        const [plain] = await s().query(n, { vector: vectors[3]!, limit: 1 });
        expect(plain?.vector).toBeUndefined();
        const [withVector] = await s().query(n, { vector: vectors[3]!, limit: 1, includeVectors: true });
        withVector!.vector!.forEach((x, i) => expect(x).toBeCloseTo(vectors[3]![i]!, 5));
      });

      it('answers a query on a missing collection with no matches', { timeout }, async () => {
        expect(await s().query(c('never-written'), { vector: vectors[0]!, limit: 5 })).toEqual([]);
        expect(await s().count(c('never-written'))).toBe(0);
      });
    });

    describe('filters', () => {
      const vectors = clusteredVectors(120, dims, 6, 11);
      const records = recordsFor(vectors, 'f');
      let n = '';
      beforeAll(async () => {
        if (!store) return;
        n = c('filters');
        await s().upsert(n, records);
      }, timeout);

      for (const testCase of FILTER_CASES) {
        const supported = () => store !== undefined && testCase.operators.every((op) => s().capabilities.filterOperators.includes(op as FilterOperatorName));
        // Whether the store supports an operator is known once it exists: a lacking one skips at run time.
        it(`${testCase.name}: the matches of the filter language, nothing else`, { timeout }, async (context) => {
          if (!supported()) context.skip(`${name} does not support ${testCase.operators.join(' ')}`);
          if (options.unsupportedFilterCases?.includes(testCase.name)) {
            await expectCode(s().query(n, { vector: vectors[0]!, filter: testCase.filter }), 'UNSUPPORTED');
            await expectCode(s().count(n, { filter: testCase.filter }), 'UNSUPPORTED');
            context.skip(`${name} refuses this case with UNSUPPORTED`);
          }
          const node = parseFilter(testCase.filter);
          const expected = records.filter((r) => evaluateFilter(node, r.metadata ?? {})).map((r) => r.id).sort();
          expect(expected.length, 'the fixture should match something').toBeGreaterThan(0);
          const got = await s().query(n, { vector: vectors[0]!, limit: 200, filter: testCase.filter });
          expect(got.map((m) => m.id).sort()).toEqual(expected);
          expect(await s().count(n, { filter: testCase.filter })).toBe(expected.length);
        });
      }

      it('refuses an operator it does not list with UNSUPPORTED, never ignores it', { timeout }, async () => {
        const missing = SUPPORTED_CHECK.filter((op) => !s().capabilities.filterOperators.includes(op));
        for (const op of missing) {
          const testCase = FILTER_CASES.find((t) => t.operators.includes(op))!;
          await expectCode(s().query(n, { vector: vectors[0]!, filter: testCase.filter }), 'UNSUPPORTED');
        }
      });

      it('refuses a malformed filter with INVALID_ARGUMENT', { timeout }, async () => {
        await expectCode(s().query(n, { vector: vectors[0]!, filter: { year: { $near: 3 } } }), 'INVALID_ARGUMENT');
        await expectCode(s().query(n, { vector: vectors[0]!, filter: { year: { $gt: Number.NaN } } }), 'INVALID_ARGUMENT');
        await expectCode(s().query(n, { vector: vectors[0]!, filter: { $or: [] } }), 'INVALID_ARGUMENT');
        let deep: Record<string, unknown> = { category: 'tech' };
        for (let i = 0; i < 100; i++) deep = { $not: deep };
        await expectCode(s().query(n, { vector: vectors[0]!, filter: deep as never }), 'INVALID_ARGUMENT');
      });

      it('keeps hostile metadata keys and values inert', { timeout }, async () => {
        const h = c('hostile');
        const evil = `x' OR 1=1 --`;
        await s().upsert(h, [
          { id: 'a', vector: vectors[0]!, metadata: { [evil]: evil, 'we"ird`key': 'v', quote: "it's" } },
          { id: 'b', vector: vectors[1]!, metadata: { quote: 'plain' } },
        ]);
        expect((await s().query(h, { vector: vectors[0]!, filter: { quote: "it's" } })).map((m) => m.id)).toEqual(['a']);
        expect((await s().query(h, { vector: vectors[0]!, filter: { [evil]: evil } })).map((m) => m.id)).toEqual(['a']);
        expect((await s().query(h, { vector: vectors[0]!, filter: { quote: evil } })).map((m) => m.id)).toEqual([]);
        expect((await s().query(h, { vector: vectors[0]!, filter: { 'we"ird`key': 'v' } })).map((m) => m.id)).toEqual(['a']);
        expect(await s().count(h)).toBe(2);
        // An own "__proto__" key (as JSON.parse makes) is refused whole, never silently dropped.
        const parsed = JSON.parse('{"quote": "proto", "__proto__": 1}') as Record<string, string | number>;
        await expectCode(s().upsert(h, [{ id: 'c', vector: vectors[2]!, metadata: parsed }]), 'INVALID_ARGUMENT');
        expect(await s().count(h)).toBe(2);
      });
    });

    describe('writes', () => {
      const vectors = clusteredVectors(50, dims, 5, 3);
      const records = recordsFor(vectors, 'w');

      it('replaces a record on upsert of the same id (no merge)', { timeout }, async () => {
        const n = c('replace');
        await s().upsert(n, [{ id: 'x', vector: vectors[0]!, text: 'old', metadata: { a: 1, b: 'keep?' } }]);
        await s().upsert(n, [{ id: 'x', vector: vectors[1]!, text: 'new', metadata: { a: 2 } }]);
        expect(await s().count(n)).toBe(1);
        const [got] = await s().get(n, ['x']);
        expect(got?.text).toBe('new');
        expect(got?.metadata).toEqual({ a: 2 });
        got!.vector.forEach((x, i) => expect(x).toBeCloseTo(vectors[1]![i]!, 5));
      });

      it('gets records in the order asked, leaving out missing ids', { timeout }, async () => {
        const n = c('get');
        await s().upsert(n, records.slice(0, 5));
        expect((await s().get(n, ['w3', 'nope', 'w1'])).map((r) => r.id)).toEqual(['w3', 'w1']);
        expect(await s().get(c('get-missing'), ['w1'])).toEqual([]);
      });

      it('deletes by ids and by filter', { timeout }, async () => {
        const n = c('delete');
        await s().upsert(n, records);
        expect(await s().delete(n, { ids: ['w0', 'w1', 'missing'] })).toBe(2);
        expect(await s().get(n, ['w0', 'w1'])).toEqual([]);
        expect(await s().count(n)).toBe(48);
        const doomed = records.slice(2).filter((r) => (r.metadata!.year as number) < 2018).length;
        expect(await s().delete(n, { filter: { year: { $lt: 2018 } } })).toBe(doomed);
        expect(await s().count(n)).toBe(48 - doomed);
        expect(await s().count(n, { filter: { year: { $lt: 2018 } } })).toBe(0);
        const left = await s().query(n, { vector: vectors[0]!, limit: 100 });
        expect(left.every((m) => (m.metadata.year as number) >= 2018)).toBe(true);
      });

      it('lists and drops collections', { timeout }, async () => {
        const n = c('listed');
        await s().upsert(n, records.slice(0, 2));
        expect(await s().listCollections()).toContain(n);
        expect(await s().dropCollection(n)).toBe(true);
        expect(await s().listCollections()).not.toContain(n);
        expect(await s().count(n)).toBe(0);
        expect(await s().dropCollection(n)).toBe(false);
      });

      it('refuses bad input with INVALID_ARGUMENT and stores nothing of the batch', { timeout }, async () => {
        const n = c('bad');
        await s().upsert(n, records.slice(0, 3));
        const good = (id: string) => ({ id, vector: vectors[5]! });
        const bad: Array<[string, unknown[]]> = [
          ['wrong dimension', [good('ok1'), { id: 'd', vector: vectors[0]!.slice(1) }]],
          ['NaN', [good('ok2'), { id: 'n', vector: vectors[0]!.map((x, i) => (i === 3 ? Number.NaN : x)) }]],
          ['Infinity', [good('ok3'), { id: 'i', vector: vectors[0]!.map((x, i) => (i === 0 ? Infinity : x)) }]],
          ['empty id', [good('ok4'), { id: '', vector: vectors[0]! }]],
          ['id not a string', [good('ok5'), { id: 7, vector: vectors[0]! }]],
          ['duplicate id', [good('ok6'), good('ok6')]],
          ['nested metadata', [good('ok7'), { id: 'm', vector: vectors[0]!, metadata: { a: { b: 1 } } }]],
          ['NaN metadata', [good('ok8'), { id: 'm2', vector: vectors[0]!, metadata: { a: Number.NaN } }]],
          ['no vector', [good('ok9'), { id: 'v' }]],
        ];
        for (const [what, batch] of bad) {
          try {
            await expectCode(s().upsert(n, batch as never), 'INVALID_ARGUMENT');
          } catch (error) {
            throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
          }
        }
        expect(await s().count(n)).toBe(3);
        await expectCode(s().query(n, { vector: vectors[0]!.slice(2) }), 'INVALID_ARGUMENT');
        await expectCode(s().query(n, { vector: [Number.NaN, ...vectors[0]!.slice(1)] }), 'INVALID_ARGUMENT');
        await expectCode(s().query(n, { vector: vectors[0]!, limit: 0 }), 'INVALID_ARGUMENT');
        await expectCode(s().query(n, { vector: vectors[0]!, limit: 2.5 }), 'INVALID_ARGUMENT');
        await expectCode(s().query(n, { vector: vectors[0]!, threshold: Number.NaN }), 'INVALID_ARGUMENT');
        await expectCode(s().query('../escape', { vector: vectors[0]! }), 'INVALID_ARGUMENT');
        await expectCode(s().delete(n, {} as never), 'INVALID_ARGUMENT');
        await expectCode(s().delete(n, { ids: [''] }), 'INVALID_ARGUMENT');
        expect(await s().count(n)).toBe(3);
      });
    });

    describe('persistence and concurrency', () => {
      const vectors = clusteredVectors(200, dims, 5, 5);
      const records = recordsFor(vectors, 'p');

      it.skipIf(!options.reopen)('keeps records across instances', { timeout }, async () => {
        const n = c('persist');
        await s().upsert(n, records.slice(0, 20));
        const other = await options.reopen!();
        try {
          expect(await other.count(n)).toBe(20);
          const [best] = await other.query(n, { vector: vectors[4]!, limit: 1 });
          expect(best?.id).toBe('p4');
          await other.upsert(n, records.slice(20, 30));
          expect(await s().count(n)).toBe(30);
        } finally {
          await other.close?.();
        }
      });

      it('loses nothing when writers upsert distinct ids at once', { timeout }, async () => {
        const n = c('concurrent');
        const other = options.reopen ? await options.reopen() : s();
        try {
          const writers = Array.from({ length: 8 }, (_, w) => (w % 2 === 0 ? s() : other).upsert(n, records.slice(w * 25, (w + 1) * 25)));
          await Promise.all(writers);
          expect(await s().count(n)).toBe(200);
          expect(await other.count(n)).toBe(200);
        } finally {
          if (other !== s()) await other.close?.();
        }
      });
    });
  });
}

function isBestFirst(matches: VectorMatch[]): boolean {
  return matches.every((m, i) => i === 0 || matches[i - 1]!.score >= m.score);
}
