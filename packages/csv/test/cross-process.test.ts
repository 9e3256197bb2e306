import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalStore } from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WRITERS = 8;
const ROWS_EACH = 50;
const script = fileURLToPath(new URL('./fixtures/upsert-writer.ts', import.meta.url));

/** Runs one writer process to completion; rejects with its stderr when it fails. */
function runWriter(baseDir: string, worker: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@agentmap/source', '--import', 'tsx', script, baseDir, String(worker), String(ROWS_EACH)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${worker} exited with ${code}: ${stderr}`))));
  });
}

describe('CSV storage across processes (local store)', () => {
  let baseDir: string;
  beforeAll(async () => {
    baseDir = await mkdtemp(join(tmpdir(), 'agentmap-csv-procs-'));
  });
  afterAll(async () => {
    await rm(baseDir, { recursive: true, force: true });
  });

  it(`keeps every row when ${WRITERS} processes upsert ${ROWS_EACH} rows each into one file`, async () => {
    await Promise.all(Array.from({ length: WRITERS }, (_, worker) => runWriter(baseDir, worker)));
    const csv = createCsvStorage({ store: createLocalStore({ baseDir }) });
    const rows = (await csv.read('shared', undefined, { format: 'records' }))!;
    expect(rows).toHaveLength(WRITERS * ROWS_EACH);
    expect(new Set(rows.map((r) => r.id)).size).toBe(WRITERS * ROWS_EACH);
    for (let worker = 0; worker < WRITERS; worker++) {
      expect(rows.filter((r) => r.worker === worker).map((r) => r.n)).toEqual(Array.from({ length: ROWS_EACH }, (_, n) => n));
    }
    expect(await csv.read('shared', 'w7-49')).toEqual({ id: 'w7-49', worker: 7, n: 49, note: 'writer 7, "row" 49' });
  }, 120_000);
});
