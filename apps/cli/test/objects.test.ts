import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, useWorkDirs } from './support/cli';

const workDir = useWorkDirs();

describe('agentmap-storage objects (built bin)', () => {
  it('put, stat, cat, ls and rm a local object, with exit codes', async () => {
    const cwd = await workDir();
    await writeFile(join(cwd, 'notes.txt'), 'hello world\n');
    const put = await cli(['put', 'local://data/docs/notes.txt', 'notes.txt'], { cwd });
    expect(put.code, put.stderr).toBe(0);
    expect(put.stdout).toContain('12 bytes');

    const stat = await cli(['stat', 'local://data/docs/notes.txt', '--json'], { cwd });
    expect(stat.code).toBe(0);
    expect(JSON.parse(stat.stdout)).toMatchObject({ key: 'notes.txt', size: 12, contentType: 'text/plain; charset=utf-8' });
    const table = await cli(['stat', `local://${cwd}/data/docs/notes.txt`], { cwd });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/size\s*│\s*12/);

    const cat = await cli(['cat', 'local://data/docs/notes.txt'], { cwd });
    expect(cat).toMatchObject({ code: 0, stdout: 'hello world\n' });

    const catJson = await cli(['cat', 'local://data/docs/notes.txt', '--json'], { cwd });
    expect(JSON.parse(catJson.stdout)).toMatchObject({ size: 12, base64: Buffer.from('hello world\n').toString('base64') });

    const fromStdin = await cli(['put', 'local://data/docs/piped.bin', '-', '--if-none-match'], { cwd, stdin: Buffer.from([0, 1, 2, 255]) });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const again = await cli(['put', 'local://data/docs/piped.bin', '-', '--if-none-match'], { cwd, stdin: 'x' });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/^agentmap-storage: PRECONDITION_FAILED: .+\n$/);

    const ls = await cli(['ls', 'local://data', '--json'], { cwd });
    expect(JSON.parse(ls.stdout)).toEqual([{ key: 'docs/', folder: true }]);
    const deep = await cli(['ls', 'local://data', '-r', '--json'], { cwd });
    expect((JSON.parse(deep.stdout) as Array<{ key: string }>).map((e) => e.key)).toEqual(['docs/notes.txt', 'docs/piped.bin']);

    expect((await cli(['rm', 'local://data/docs/notes.txt'], { cwd })).code).toBe(0);
    const missing = await cli(['rm', 'local://data/docs/notes.txt'], { cwd });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('NOT_FOUND');
    expect((await cli(['rm', 'local://data/docs/notes.txt', '--force'], { cwd })).code).toBe(0);
    expect((await cli(['cat', 'local://data/docs/notes.txt'], { cwd })).code).toBe(3);
  });

  it('errors are one line on stderr with the code; --debug adds the stack; --json adds a JSON error', async () => {
    const cwd = await workDir();
    const bad = await cli(['stat', 'local://'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^agentmap-storage: INVALID_ARGUMENT: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(['stat', 'local://', '--debug'], { cwd });
    expect(debug.stderr).toMatch(/\n\s+at /);
    const json = await cli(['stat', 'local://nope.txt', '--json'], { cwd });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const missingFile = await cli(['put', 'local://x.txt', 'no-such-file.txt'], { cwd });
    expect(missingFile.code).toBe(3);
  });

  it('usage errors exit 2; help exits 0 and documents the exit codes', async () => {
    const cwd = await workDir();
    expect((await cli(['ls'], { cwd })).code).toBe(2);
    expect((await cli(['frobnicate'], { cwd })).code).toBe(2);
    expect((await cli(['ls', 'local://x', '--bogus'], { cwd })).code).toBe(2);
    expect((await cli(['ls', 's3:/bucket/key'], { cwd })).code).toBe(2);
    const help = await cli(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
  });
});
