import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendEach, withLostReplies } from '@agentmap/storage-testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type ObjectStore, createLocalStore, createMemoryStore, withRetry } from '../../src/index';

// Local and memory have no network to lose a reply on: a layer makes one put in five commit
// and then fail as UNAVAILABLE, and withRetry replays it as an SDK would.
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const backends: Array<[string, () => Promise<ObjectStore>]> = [
  ['memory', async () => createMemoryStore()],
  ['local', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exactly-once-'));
    dirs.push(dir);
    return createLocalStore({ baseDir: dir });
  }],
];

describe.each(backends)('read-modify-write on %s with replies lost after commit', (_name, make) => {
  it('appends 200 items exactly once at 20 % lost replies', async () => {
    const lossy = withLostReplies(await make(), { rate: 0.2, seed: 5 });
    const store = withRetry(lossy, { retries: 20, minDelayMs: 0, maxDelayMs: 1 });
    const items = await appendEach(store, 'list.json', 200);
    expect(lossy.lost).toBeGreaterThan(20);
    expect(items).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('reports success when the retries ran out but the write had landed', async () => {
    const lossy = withLostReplies(await make(), { rate: 1 });
    const items = await appendEach(lossy, 'once.json', 3);
    expect(items).toEqual([0, 1, 2]);
  });
});
