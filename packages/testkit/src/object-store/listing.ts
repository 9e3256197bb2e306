import { beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../assertions';
import type { SuiteContext } from './context';

/** Listing: byte order, string prefixes, delimiters, lazy pages, `startAfter`. */
export function listingTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('listing', () => {
    const keys = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/b/3/deep.txt', 'list/c.txt', 'list/d-e.txt', 'list/e/x.txt', 'listing-other.txt'];
    beforeAll(async () => {
      for (const key of keys) await suite.store.put(k(key), key);
    });
    const objectKeys = (entries: Array<{ kind: string; key?: string; prefix?: string }>) => entries.map((e) => (e.kind === 'object' ? e.key : `P:${e.prefix}`));

    it('lists every key under a prefix in byte order', { timeout }, async () => {
      const entries = await collect(suite.store.list(k('list/')));
      expect(objectKeys(entries)).toEqual(keys.filter((x) => x.startsWith('list/')).map(k).sort());
      for (const e of entries) if (e.kind === 'object') expect(e.size).toBeGreaterThan(0);
    });

    it('treats the prefix as a string prefix, not a folder', { timeout }, async () => {
      const entries = await collect(suite.store.list(k('list')));
      expect(objectKeys(entries)).toContain(k('listing-other.txt'));
      expect(await collect(suite.store.list(k('nothing-here/')))).toEqual([]);
    });

    it('groups by delimiter into common prefixes', { timeout }, async () => {
      const entries = await collect(suite.store.list(k('list/'), { delimiter: '/' }));
      expect(objectKeys(entries)).toEqual([k('list/a.txt'), `P:${k('list/b/')}`, k('list/c.txt'), k('list/d-e.txt'), `P:${k('list/e/')}`]);
      const inner = await collect(suite.store.list(k('list/b/'), { delimiter: '/' }));
      expect(objectKeys(inner)).toEqual([k('list/b/1.txt'), k('list/b/2.txt'), `P:${k('list/b/3/')}`]);
    });

    it('pages through small pages lazily and resumes after a key', { timeout }, async () => {
      const paged = await collect(suite.store.list(k('list/'), { pageSize: 2 }));
      expect(objectKeys(paged)).toEqual(keys.filter((x) => x.startsWith('list/')).map(k).sort());
      const firstTwo: string[] = [];
      for await (const e of suite.store.list(k('list/'), { pageSize: 1 })) {
        if (e.kind === 'object') firstTwo.push(e.key);
        if (firstTwo.length === 2) break;
      }
      expect(firstTwo).toEqual([k('list/a.txt'), k('list/b/1.txt')]);
      const rest = await collect(suite.store.list(k('list/'), { startAfter: k('list/b/3/deep.txt') }));
      expect(objectKeys(rest)).toEqual([k('list/c.txt'), k('list/d-e.txt'), k('list/e/x.txt')]);
    });
  });
}
