import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalStore } from '@agentmap/storage-core';
import { type JsonLayout, createJsonStorage } from '@agentmap/storage-json';
import { afterAll, describe, expect, it } from 'vitest';

const PROCESSES = 4;
const WRITES = 100;
const writer = resolve(import.meta.dirname, 'fixtures/json-writer.ts');
const repoRoot = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the writer in separate Node processes at once; rejects with their stderr if any fails. */
async function runWriters(baseDir: string, layout: JsonLayout, job: 'documents' | 'append'): Promise<void> {
  const runs = Array.from({ length: PROCESSES }, (_, worker) =>
    new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--conditions=@agentmap/source', '--import', 'tsx', writer, baseDir, layout, job, String(worker), String(WRITES)], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`writer ${worker} exited with ${code}: ${stderr}`))));
    }),
  );
  await Promise.all(runs);
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'json-xproc-'));
  dirs.push(dir);
  return dir;
}

describe.each(['single-file', 'per-document'] as const)('%s layout across %i processes', (layout) => {
  it(`${PROCESSES} processes × ${WRITES} writes of distinct documents of one collection keep all ${PROCESSES * WRITES}`, { timeout: 120_000 }, async () => {
    const baseDir = freshDir();
    await runWriters(baseDir, layout, 'documents');
    const json = createJsonStorage({ store: createLocalStore({ baseDir }) }, { layout });
    expect(await json.count('shared')).toBe(PROCESSES * WRITES);
    for (let worker = 0; worker < PROCESSES; worker++) {
      expect(await json.read('shared', `w${worker}-${WRITES - 1}`)).toEqual({ worker, i: WRITES - 1 });
    }
    if (layout === 'single-file') {
      // The file itself is plain JSON keyed by id, readable by any other tool.
      const onDisk = JSON.parse(readFileSync(join(baseDir, 'shared.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(onDisk)).toHaveLength(PROCESSES * WRITES);
    }
  });

  it(`${PROCESSES} processes × ${WRITES} appends to one array keep all ${PROCESSES * WRITES} items`, { timeout: 120_000 }, async () => {
    const baseDir = freshDir();
    await runWriters(baseDir, layout, 'append');
    const json = createJsonStorage({ store: createLocalStore({ baseDir }) }, { layout });
    const items = (await json.read<Array<{ worker: number; i: number }>>('feed', 'f', { path: 'items' }))!;
    expect(items).toHaveLength(PROCESSES * WRITES);
    for (let worker = 0; worker < PROCESSES; worker++) {
      // Each process's items arrive in its own order.
      expect(items.filter((item) => item.worker === worker).map((item) => item.i)).toEqual(Array.from({ length: WRITES }, (_, i) => i));
    }
  });
});
