import { describe, expect, it } from 'vitest';
import { ParsedCache, createMemoryStore, updateObject, withMetrics } from '../../src/index';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('updateObject', () => {
  it('creates with ifNoneMatch, updates with ifMatch, and deletes when asked', async () => {
    const store = createMemoryStore();
    await updateObject(store, 'k', (cur) => ({ body: cur ? text(cur.body) + 'b' : 'a', result: 0 }));
    await updateObject(store, 'k', (cur) => ({ body: cur ? text(cur.body) + 'b' : 'a', result: 0 }));
    expect(text((await store.get('k')).body)).toBe('ab');
    await updateObject(store, 'k', () => ({ delete: true, result: 0 }));
    expect(await store.head('k')).toBeUndefined();
  });

  it('retries when another writer got in first, so 50 concurrent appends all land', async () => {
    const store = createMemoryStore();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        updateObject(store, 'list', (cur) => {
          const items = cur ? (JSON.parse(text(cur.body)) as number[]) : [];
          return { body: JSON.stringify([...items, i]), result: items.length };
        }, { maxAttempts: 1000 }),
      ),
    );
    expect((JSON.parse(text((await store.get('list')).body)) as number[]).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('gives up with PRECONDITION_FAILED after maxAttempts', async () => {
    const store = createMemoryStore();
    await store.put('hot', '0');
    await expect(
      updateObject(store, 'hot', async (cur) => {
        await store.put('hot', 'changed by someone else');
        return { body: text(cur!.body) + '1', result: 0 };
      }, { maxAttempts: 3 }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', retryable: true });
  });
});

describe('ParsedCache', () => {
  it('revalidates with one head and re-reads only after a change', async () => {
    const store = withMetrics(createMemoryStore());
    await store.put('c.json', '{"a":1}');
    const cache = new ParsedCache<unknown>();
    const parse = (b: Uint8Array) => JSON.parse(text(b)) as unknown;
    expect((await cache.load(store, 'c.json', parse))?.value).toEqual({ a: 1 });
    expect((await cache.load(store, 'c.json', parse))?.value).toEqual({ a: 1 });
    expect(cache.hits).toBe(1);
    await store.put('c.json', '{"a":2}');
    expect((await cache.load(store, 'c.json', parse))?.value).toEqual({ a: 2 });
    const ops = store.metrics.snapshot().providers.memory!;
    expect(ops.get!.count).toBe(2);
    expect(ops.head!.count).toBe(2);
    await store.delete('c.json');
    expect(await cache.load(store, 'c.json', parse)).toBeUndefined();
  });

  it('adopts a version already read without any I/O', async () => {
    const store = withMetrics(createMemoryStore());
    await store.put('c.json', '{"a":1}');
    const cache = new ParsedCache<unknown>();
    const read = await store.get('c.json');
    let parses = 0;
    const parse = (b: Uint8Array) => (parses++, JSON.parse(text(b)) as unknown);
    expect(cache.adopt(store, 'c.json', read, parse)).toEqual({ a: 1 });
    expect(cache.adopt(store, 'c.json', read, parse)).toEqual({ a: 1 });
    expect(parses).toBe(1);
    expect((await cache.load(store, 'c.json', parse))?.value).toEqual({ a: 1 });
    expect(parses).toBe(1);
  });
});
