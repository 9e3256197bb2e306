import { createMemoryStore, withRetry } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { withLostReplies } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';

describe('JSON append exactly once when replies are lost after commit', () => {
  it('200 appends at 20 % lost replies store exactly 200 items', async () => {
    const lossy = withLostReplies(createMemoryStore(), { rate: 0.2, seed: 4 });
    const json = createJsonStorage({ store: withRetry(lossy, { retries: 20, minDelayMs: 0, maxDelayMs: 1 }) });
    for (let i = 0; i < 200; i++) expect((await json.write('events', { n: i }, undefined, { mode: 'append' })).success).toBe(true);
    expect(lossy.lost).toBeGreaterThan(20);
    const items = (await json.read('events')) as Array<{ n: number }>;
    expect(items.map((item) => item.n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});
