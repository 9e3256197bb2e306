import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { applyLifecyclePlan, compressBytes, decompressBytes, planLifecycle } from '../src/index';

describe('compress', () => {
  it.each(['gzip', 'zstd'] as const)('%s round-trips bytes, and the action keeps the original unless told', async (format) => {
    const bytes = new Uint8Array(Buffer.concat([randomBytes(1000), Buffer.alloc(50_000, 'a')]));
    const packed = await compressBytes(format, bytes);
    expect(packed.byteLength).toBeLessThan(bytes.byteLength / 5);
    expect(Buffer.from(await decompressBytes(format, packed)).equals(Buffer.from(bytes))).toBe(true);

    const store = createMemoryStore();
    await store.put('logs/a.log', bytes, { contentType: 'text/plain', metadata: { team: 'ops' } });
    const plan = await planLifecycle(store, { policies: [{ name: 'c', conditions: {}, actions: [{ type: 'compress', format }] }] });
    const report = await applyLifecyclePlan(store, plan);
    expect(report.counts.done).toBe(1);
    const suffix = format === 'gzip' ? '.gz' : '.zst';
    const got = await store.get(`logs/a.log${suffix}`);
    expect(got.info.metadata).toMatchObject({ team: 'ops', 'content-encoding': format });
    expect(Buffer.from(await decompressBytes(format, got.body)).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.head('logs/a.log')).toBeDefined();
    const replan = await planLifecycle(store, { policies: [{ name: 'c', conditions: {}, actions: [{ type: 'compress', format }] }] });
    expect(replan.items.map((i) => i.key)).toEqual(['logs/a.log']);
    expect((await applyLifecyclePlan(store, replan)).counts).toMatchObject({ done: 0, unchanged: 1 });
  });
});
