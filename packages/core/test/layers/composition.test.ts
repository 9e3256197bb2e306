import { describe, expect, it } from 'vitest';
import { type ObjectStore, createMemoryStore, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '../../src/index';
import { createFaultStore } from './fault-store';

const layers: Array<[string, (s: ObjectStore) => ObjectStore]> = [
  ['retry', (s) => withRetry(s, { minDelayMs: 1, maxDelayMs: 2 })],
  ['timeout', (s) => withTimeout(s, { timeoutMs: 5_000 })],
  ['concurrency', (s) => withConcurrencyLimit(s, { maxConcurrent: 2 })],
  ['metrics', (s) => withMetrics(s)],
];

describe('layers', () => {
  it.each(layers)('%s forwards provider, location, capabilities, presign and close', async (_name, layer) => {
    let closed = false;
    const inner = createMemoryStore({ name: 'fwd' });
    const presigning: ObjectStore = {
      ...inner,
      capabilities: { ...inner.capabilities, presign: true },
      presign: async (key, options) => `https://example.test/${key}?m=${options.method}`,
      close: async () => {
        closed = true;
      },
    };
    const store = layer(presigning);
    expect(store.provider).toBe('memory');
    expect(store.location).toBe('memory://fwd');
    expect(store.capabilities.presign).toBe(true);
    expect(await store.presign!('a.txt', { method: 'GET', expiresIn: 60 })).toBe('https://example.test/a.txt?m=GET');
    expect('presign' in layer(inner)).toBe(false);
    await store.close!();
    expect(closed).toBe(true);
  });

  it('compose in any order: a flaky store behind every one of the 24 orders still serves', async () => {
    const orders = permutations(layers);
    for (const order of orders) {
      const inner = createFaultStore();
      await inner.put('k', 'value');
      inner.failNext(1, 'UNAVAILABLE', 'get');
      const store = order.reduce<ObjectStore>((s, [, layer]) => layer(s), inner);
      expect(Buffer.from((await store.get('k')).body).toString(), order.map(([n]) => n).join(' > ')).toBe('value');
    }
    expect(orders).toHaveLength(24);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
