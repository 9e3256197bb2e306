import { randomBytes } from 'node:crypto';
import { type ObjectStore, createMemoryStore } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';
import { describe, expect, it } from 'vitest';
import { type MigrationProgress, migrate } from '../src/index';
import { contents, countingWrites, localStore, useTempDirs } from './support/stores';

const newDir = useTempDirs();

async function seed(store: ObjectStore, count: number, prefix = 'data/'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const key = `${prefix}${i % 3 === 0 ? 'logs/' : ''}item-${String(i).padStart(4, '0')}.${i % 5 === 0 ? 'tmp' : 'bin'}`;
    await store.put(key, randomBytes(64 + (i % 7) * 100), { contentType: 'application/octet-stream', metadata: { n: String(i) } });
  }
}

const userKeys = (map: Map<string, unknown>) => [...map.keys()].filter((k) => !k.startsWith('.agentmap/'));

describe('migrate', () => {
  it('copies a prefix byte for byte, with metadata, filters and progress, and leaves no checkpoint', async () => {
    const from = await localStore(await newDir());
    const to = await localStore(await newDir());
    await seed(from, 24);
    await from.put('other/skip.bin', 'outside the prefix');
    const events: MigrationProgress[] = [];
    const summary = await migrate({ store: from, prefix: 'data' }, { store: to, prefix: 'copy' }, { exclude: ['**/*.tmp'], verify: true, concurrency: 4, onProgress: (p) => events.push(p) });
    const expected = new Map([...(await contents(from, 'data/'))].filter(([k]) => !k.endsWith('.tmp')));
    expect(await contents(to, 'copy/')).toEqual(expected);
    expect(summary).toMatchObject({ success: true, copied: expected.size, total: expected.size, conflicts: 0, failed: 0, verified: true, conditionalWrites: true });
    expect(events.at(-1)).toMatchObject({ phase: 'done', processed: expected.size });
    expect((await to.head('copy/item-0001.bin'))?.metadata).toEqual({ n: '1' });
    expect(userKeys(await contents(to))).toHaveLength(expected.size);
    expect(await to.head(summary.checkpoint!.split('/').slice(-3).join('/'))).toBeUndefined();
    // A second run finds everything in place and writes nothing.
    const { store: counted, writes } = countingWrites(to);
    const again = await migrate({ store: from, prefix: 'data' }, { store: counted, prefix: 'copy' }, { exclude: ['**/*.tmp'] });
    expect(again).toMatchObject({ success: true, copied: 0, unchanged: expected.size });
    expect(userKeys(writes)).toEqual([]);
  });

  it('dry run writes nothing and says what it would do', async () => {
    const from = createMemoryStore();
    const to = createMemoryStore();
    await from.put('a', '1');
    await from.put('b', '2');
    await to.put('b', 'other');
    const summary = await migrate(from, to, { dryRun: true });
    expect(summary.planned.map((p) => [p.key, p.status])).toEqual([
      ['a', 'would-copy'],
      ['b', 'would-compare'],
    ]);
    expect(await to.head('a')).toBeUndefined();
    expect(summary.checkpoint).toBeUndefined();
  });

  it('after a crash, resume writes each remaining object exactly once', async () => {
    const from = createMemoryStore();
    const dir = await newDir();
    await seed(from, 150, '');
    const { store: to, writes } = countingWrites(await localStore(dir));
    const controller = new AbortController();
    let settled = 0;
    const first = migrate(from, to, {
      concurrency: 6,
      checkpointIntervalMs: 0,
      signal: controller.signal,
      onItem: () => {
        if (++settled === 50) controller.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' });
    const afterCrash = userKeys(writes).length;
    expect(afterCrash).toBeGreaterThanOrEqual(50);
    expect(afterCrash).toBeLessThan(150);

    const resumed = await migrate(from, to, { resume: true, concurrency: 6 });
    expect(resumed.success).toBe(true);
    expect(resumed.resumed).toBeGreaterThanOrEqual(40);
    expect(resumed.resumed + resumed.copied + resumed.unchanged).toBe(150);
    // In-flight copies of the crashed run are recognised, never written twice.
    for (const key of userKeys(writes)) expect(writes.get(key), key).toBe(1);
    expect(userKeys(writes)).toHaveLength(150);
    expect(await contents(await localStore(dir))).toEqual(await contents(from));
  });

  it('never clobbers different data at the destination unless told, and then only the version it compared', async () => {
    const from = createMemoryStore();
    const base = createMemoryStore();
    await from.put('x.json', '{"v":1}');
    await from.put('y.json', '{"v":1}');
    await base.put('x.json', '{"v":"newer"}');
    const kept = await migrate(from, base);
    expect(kept).toMatchObject({ success: false, conflicts: 1, copied: 1 });
    expect(kept.problems[0]).toMatchObject({ key: 'x.json', status: 'conflict', error: { code: 'ALREADY_EXISTS' } });
    expect(Buffer.from((await base.get('x.json')).body).toString()).toBe('{"v":"newer"}');

    // A writer lands between the comparison and the overwrite: the overwrite must lose.
    let raced = false;
    const racing = wrapStore(base, async (call, invoke) => {
      if (call.operation === 'put' && call.key === 'x.json' && (call.options as { ifMatch?: string } | undefined)?.ifMatch && !raced) {
        raced = true;
        await base.put('x.json', '{"v":"newest"}');
      }
      return invoke(call.signal);
    });
    const overwritten = await migrate(from, racing, { overwrite: 'changed' });
    expect(overwritten.problems[0]).toMatchObject({ key: 'x.json', status: 'conflict', error: { code: 'PRECONDITION_FAILED' } });
    expect(Buffer.from((await base.get('x.json')).body).toString()).toBe('{"v":"newest"}');
    const replaced = await migrate(from, base, { overwrite: 'changed' });
    expect(replaced).toMatchObject({ success: true, copied: 1, unchanged: 1 });
    expect(Buffer.from((await base.get('x.json')).body).toString()).toBe('{"v":1}');
  });

  it('verify catches an object altered at the destination', async () => {
    const from = createMemoryStore();
    const to = createMemoryStore();
    await from.put('a.bin', 'aaaa');
    await from.put('b.bin', 'bbbb');
    expect((await migrate(from, to, { verify: true })).success).toBe(true);
    await to.put('b.bin', 'BBBB');
    const summary = await migrate(from, to, { verify: true });
    expect(summary.success).toBe(false);
    expect(summary.problems.map((p) => [p.key, p.status])).toEqual([['b.bin', 'conflict']]);
  });

  it('refuses overlapping prefixes in one store and bad options', async () => {
    const store = createMemoryStore();
    await expect(migrate({ store, prefix: 'a' }, { store, prefix: 'a/b' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(migrate(store, createMemoryStore(), { concurrency: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(migrate({} as ObjectStore, store)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(migrate(store, createMemoryStore(), { include: [42 as unknown as string] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
