import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStalledStreams } from '@agentmap/storage-testkit';
import { afterAll, expect } from 'vitest';
import { createLocalStore, createMemoryStore } from '../src/index';

const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-stalled-'));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

describeStalledStreams('memory', () => createMemoryStore());
describeStalledStreams('local', () => createLocalStore({ baseDir }), {
  afterAbortedPuts(_store, key) {
    const folder = join(baseDir, key.split('/')[0]!);
    expect(readdirSync(folder).filter((n) => n.startsWith('.agentmap~'))).toEqual([]);
  },
});
