import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore } from '../../src/index';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const root = join(import.meta.dirname, '..', '..', '..', '..');
const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-local-locks-'));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

/** Lock files left anywhere under `dir`. */
function locksUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.split('/').pop()!.startsWith('.agentmap~lock~'));
}

/** Runs a fixture in a child Node process whose descriptor limit is `limit`. */
function runWithFdLimit(limit: number, file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const command = `ulimit -n ${limit} && exec "$0" --conditions=@agentmap/source --import tsx "$@"`;
    const child = spawn('sh', ['-c', command, process.execPath, file, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('local locks', () => {
  it('an empty lock file (a crash between create and write) is recovered at once', async () => {
    const store = createLocalStore({ baseDir, lockTimeoutMs: 3_000 });
    await store.put('empty/doc.txt', 'before');
    writeFileSync(join(baseDir, 'empty', '.agentmap~lock~doc.txt'), '');
    const start = Date.now();
    await store.put('empty/doc.txt', 'after');
    expect(Date.now() - start).toBeLessThan(1_000);
    expect(locksUnder(join(baseDir, 'empty'))).toEqual([]);
  });

  it('an unreadable lock file (damaged owner line) is recovered at once', async () => {
    const store = createLocalStore({ baseDir, lockTimeoutMs: 3_000 });
    await store.put('garbled/doc.txt', 'before');
    writeFileSync(join(baseDir, 'garbled', '.agentmap~lock~doc.txt'), '\u0000\u0000garbage');
    const start = Date.now();
    await store.put('garbled/doc.txt', 'after');
    expect(Date.now() - start).toBeLessThan(1_000);
  });

  it('never leaves a lock or temp file behind, and a held lock is never empty', async () => {
    const store = createLocalStore({ baseDir });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.put('busy/doc.txt', `v${i}`)));
    expect(readdirSync(join(baseDir, 'busy')).filter((n) => n.startsWith('.agentmap~'))).toEqual([]);
  });

  it('releases its lock with every file descriptor in use (EMFILE)', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(baseDir, 'nofds-'));
    const run = await runWithFdLimit(150, join(fixtures, 'release-without-fds.ts'), [dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ exhausted: true, lockLeft: false });
  });

  it('400 concurrent mixed operations under ulimit -n 150 leave no lock behind', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(baseDir, 'starved-'));
    const run = await runWithFdLimit(150, join(fixtures, 'fd-starved-worker.ts'), [dir]);
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout) as { ok: number; codes: Record<string, number> };
    // Failures are StorageErrors (descriptor exhaustion is UNAVAILABLE), never raw errors.
    for (const code of Object.keys(outcome.codes)) expect(code).not.toMatch(/^raw /);
    expect(outcome.ok).toBeGreaterThan(0);
    expect(locksUnder(dir)).toEqual([]);
    // And every key is writable at once afterwards.
    const store = createLocalStore({ baseDir: dir, lockTimeoutMs: 500 });
    for (let i = 0; i < 8; i++) await store.put(`k/${i}.txt`, 'after');
  });
});
