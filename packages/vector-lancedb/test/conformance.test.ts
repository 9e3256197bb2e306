import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeVectorStore } from '@agentmap/storage-testkit/vector';
import { afterAll } from 'vitest';
import { createLanceDbVectorStore } from '../src/index';

const flat = mkdtempSync(join(tmpdir(), 'lancedb-flat-'));
const indexed = mkdtempSync(join(tmpdir(), 'lancedb-ivf-'));
afterAll(() => {
  rmSync(flat, { recursive: true, force: true });
  rmSync(indexed, { recursive: true, force: true });
});

describeVectorStore('lancedb (exact)', () => createLanceDbVectorStore({ uri: flat, indexThreshold: Infinity }), {
  reopen: () => createLanceDbVectorStore({ uri: flat, indexThreshold: Infinity }),
});

// An IVF-PQ index is built once a collection has 1,000 records: the recall test runs on it.
describeVectorStore('lancedb (IVF-PQ index)', () => createLanceDbVectorStore({ uri: indexed, indexThreshold: 1000 }), {
  reopen: () => createLanceDbVectorStore({ uri: indexed, indexThreshold: 1000 }),
  approximate: true,
});
