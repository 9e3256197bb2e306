import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore, createMemoryStore } from '@agentmap/storage-core';
import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { afterAll } from 'vitest';
import { createLocalVectorStore } from '../src/index';

const memory = createMemoryStore();
describeVectorStore('local index on memory', () => createLocalVectorStore({ store: memory }), {
  reopen: () => createLocalVectorStore({ store: memory }),
});

const dir = mkdtempSync(join(tmpdir(), 'vector-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Two ObjectStore instances on one directory: what two processes see.
describeVectorStore('local index on local disk', () => createLocalVectorStore({ store: createLocalStore({ baseDir: dir }), compactAfter: 4 }), {
  reopen: () => createLocalVectorStore({ store: createLocalStore({ baseDir: dir }), compactAfter: 4 }),
});
