import { describe, expect, it } from 'vitest';
import { mediaUpload, useServer } from './helpers';

interface ListResponse {
  kind: string;
  items?: Array<{ name: string }>;
  prefixes?: string[];
  nextPageToken?: string;
}

describe('objects.list', () => {
  const names = ['a/1.txt', 'a/2.txt', 'a/sub/3.txt', 'a/sub/4.txt', 'a/z.txt', 'b.txt', 'a/', 'c/deep/x'];
  const { url, server } = useServer({ buckets: ['lst', 'order'] });
  const list = async (query: string): Promise<ListResponse> => (await (await fetch(url(`/storage/v1/b/lst/o?${query}`))).json()) as ListResponse;

  it('lists every object in name order as storage#objects', async () => {
    for (const name of names) expect((await mediaUpload(server().url, 'lst', name, name)).status).toBe(200);
    const all = await list('');
    expect(all.kind).toBe('storage#objects');
    expect(all.items!.map((o) => o.name)).toEqual([...names].sort());
    expect(all.prefixes).toBeUndefined();
    expect(all.nextPageToken).toBeUndefined();
  });

  it('filters by prefix and groups by delimiter into prefixes', async () => {
    const page = await list('prefix=a/&delimiter=/');
    expect(page.items!.map((o) => o.name)).toEqual(['a/', 'a/1.txt', 'a/2.txt', 'a/z.txt']);
    expect(page.prefixes).toEqual(['a/sub/']);
    const top = await list('delimiter=/');
    expect(top.items!.map((o) => o.name)).toEqual(['b.txt']);
    expect(top.prefixes).toEqual(['a/', 'c/']);
  });

  it('includes objects ending in the delimiter with includeTrailingDelimiter', async () => {
    const top = await list('delimiter=/&includeTrailingDelimiter=true');
    expect(top.items!.map((o) => o.name)).toEqual(['a/', 'b.txt']);
    expect(top.prefixes).toEqual(['a/', 'c/']);
  });

  it('pages with maxResults and nextPageToken, counting items and prefixes together', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list(`delimiter=/&prefix=a/&maxResults=2${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`);
      const entries = [...(page.items ?? []).map((o) => o.name), ...(page.prefixes ?? [])];
      expect(entries.length).toBeLessThanOrEqual(2);
      seen.push(...entries);
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['a/', 'a/1.txt', 'a/2.txt', 'a/sub/', 'a/z.txt']);
  });

  it('pages without a delimiter one object at a time', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await list(`maxResults=1${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`);
      seen.push(...(page.items ?? []).map((o) => o.name));
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual([...names].sort());
  });

  it('filters by startOffset (inclusive) and endOffset (exclusive)', async () => {
    const page = await list('startOffset=a/2.txt&endOffset=a/z.txt');
    expect(page.items!.map((o) => o.name)).toEqual(['a/2.txt', 'a/sub/3.txt', 'a/sub/4.txt']);
  });

  it('refuses a bad maxResults or page token with 400', async () => {
    expect((await fetch(url('/storage/v1/b/lst/o?maxResults=0'))).status).toBe(400);
    expect((await fetch(url('/storage/v1/b/lst/o?pageToken=%%%'))).status).toBe(400);
  });

  it('orders names by their UTF-8 bytes, not UTF-16 code units', async () => {
    // U+FF5A (EF BD 9A) sorts before U+1F600 (F0 9F 98 80) in UTF-8, the other way round in UTF-16.
    for (const name of ['\u{1F600}', '\uFF5A', 'e\u0301', '\u00E9']) await mediaUpload(server().url, 'order', name, 'x');
    const page = (await (await fetch(url('/storage/v1/b/order/o'))).json()) as ListResponse;
    expect(page.items!.map((o) => o.name)).toEqual(['e\u0301', '\u00E9', '\uFF5A', '\u{1F600}']);
  });
});

describe('objects.list with short pages', () => {
  const { url, server } = useServer({ buckets: ['short'], maxPageSize: 2 });

  it('holds at most maxPageSize entries a page and continues with nextPageToken', async () => {
    for (const name of ['1', '2', '3', '4', '5']) expect((await mediaUpload(server().url, 'short', name, name)).status).toBe(200);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (await (await fetch(url(`/storage/v1/b/short/o?maxResults=100${token ? `&pageToken=${token}` : ''}`))).json()) as ListResponse;
      expect(page.items!.length).toBeLessThanOrEqual(2);
      seen.push(...page.items!.map((o) => o.name));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
    expect(pages).toBe(3);
  });
});
