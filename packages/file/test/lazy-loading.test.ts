import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir';

const HEAVY = /node_modules\/(unpdf|mammoth|html-to-text|@langchain|csv-parse|js-tiktoken)\//;
const dir = tempDir('imports');
afterAll(dir.remove);

/** Runs read-files.ts in a fresh Node process and returns every module URL it resolved. */
async function importsWhileReading(kind: string): Promise<string[]> {
  const log = join(dir.path, `${kind}.log`);
  await promisify(execFile)(
    process.execPath,
    ['--conditions=@agentmap/source', '--import', 'tsx', '--import', './test/helpers/register-import-log.mjs', './test/helpers/read-files.ts', kind],
    { cwd: join(import.meta.dirname, '..'), env: { ...process.env, IMPORT_LOG: log } },
  );
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('loader libraries load only when a format needs them', () => {
  it('reading text, Markdown and HTML as text, bytes, listings and metadata loads none of them', { timeout: 60_000 }, async () => {
    const urls = await importsWhileReading('text');
    expect(urls.some((u) => u.includes('/packages/file/src/'))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it('reading a PDF loads unpdf (so the check above can see a loader when one loads)', { timeout: 60_000 }, async () => {
    const urls = await importsWhileReading('pdf');
    expect(urls.some((u) => u.includes('node_modules/unpdf/'))).toBe(true);
    expect(urls.filter((u) => /node_modules\/(mammoth|html-to-text|@langchain)\//.test(u))).toEqual([]);
  });
});
