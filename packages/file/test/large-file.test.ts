import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir';

const SIZE = 256 * 1024 * 1024;
const MiB = 1024 * 1024;
const dir = tempDir('large');
afterAll(dir.remove);

describe('a 256 MiB file on the local store', () => {
  it('round-trips through write and readStream with peak memory far below its size', { timeout: 120_000 }, async () => {
    // A child process, so the figures are this round trip's alone, not the test runner's.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@agentmap/source', '--import', 'tsx', './test/helpers/round-trip.ts', dir.path, String(SIZE)],
      { cwd: join(import.meta.dirname, '..'), maxBuffer: 1 << 20 },
    );
    const figures = JSON.parse(stdout.trim().split('\n').pop()!) as {
      success: boolean;
      writtenSha: string;
      read: { sha256: string; size: number };
      rssBefore: number;
      peakRss: number;
    };
    expect(figures.success).toBe(true);
    expect(figures.read).toEqual({ sha256: figures.writtenSha, size: SIZE });
    expect(figures.peakRss - figures.rssBefore).toBeLessThan(96 * MiB);
    expect(figures.peakRss).toBeLessThan(SIZE * 0.75);
  });
});
