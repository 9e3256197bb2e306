import { type MeteredStore, withMetrics } from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** Conditional writes under contention, and the etag-keyed cache staying correct. */
export function consistencySection(f: SuiteContext): void {
  describe('concurrency and caching', () => {
    it('loses no upsert when many run at once', async () => {
      const c = f.name('contended');
      const writers = Array.from({ length: 4 }, () => f.service({ maxAttempts: 200 }));
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => writers[i % writers.length]!.write(c, { worker: i % 4, n: i }, `row-${i}`, { mode: 'update' })),
      );
      expect(await f.csv().count(c)).toBe(40);
      expect(new Set((await f.csv().read(c, undefined, { format: 'records' }))!.map((r) => r.id)).size).toBe(40);
    });

    it('sees changes made by another writer at once', async () => {
      const c = f.name('shared');
      const reader = f.csv();
      await f.put(c, 'id,v\n1,old\n');
      expect(await reader.read(c, 1)).toEqual({ id: 1, v: 'old' });
      await f.put(c, 'id,v\n1,new\n');
      expect(await reader.read(c, 1)).toEqual({ id: 1, v: 'new' });
      await f.service({}).write(c, { v: 'newer' }, 1);
      expect(await reader.read(c, 1)).toEqual({ id: 1, v: 'newer' });
      await f.store().delete(f.key(c));
      expect(await reader.read(c, 1)).toBeUndefined();
    });

    it('serves repeated reads from the parsed cache: one head each, no download', async () => {
      const c = f.name('cached');
      await f.put(c, `id,v\n${Array.from({ length: 50 }, (_, i) => `${i},v${i}`).join('\n')}\n`);
      const metered = withMetrics(f.store());
      const csv = createCsvStorage({ store: metered }, { prefix: f.prefix });
      for (let i = 0; i < 20; i++) expect(await csv.read(c, i)).toEqual({ id: i, v: `v${i}` });
      expect(calls(metered, 'get')).toBe(1);
      expect(calls(metered, 'head')).toBe(19);
      await csv.write(c, { v: 'changed' }, 3, { mode: 'update' });
      const gets = calls(metered, 'get');
      expect(await csv.read(c, 3)).toEqual({ id: 3, v: 'changed' });
      expect(calls(metered, 'get')).toBe(gets);
    });
  });
}

function calls(store: MeteredStore, operation: 'get' | 'head'): number {
  return store.metrics.snapshot().providers[store.provider]?.[operation]?.count ?? 0;
}
