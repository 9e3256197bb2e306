import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createS3Store } from '@agentmap/storage-s3';
import { type RunningS3rver, startS3rver } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, useWorkDirs } from './support/cli';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const workDir = useWorkDirs();
let server: RunningS3rver;
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(async () => {
  await server?.stop();
});

async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    // The local store keeps content types in .agentmap~meta~ sidecar files: not objects.
    if (!entry.isFile() || entry.name.startsWith('.agentmap')) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), (await readFile(path)).toString('base64'));
  }
  return out;
}

async function seed(dir: string, count: number, size: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const sub = join(dir, i % 4 === 0 ? 'a' : 'b');
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `f-${String(i).padStart(4, '0')}.${i % 10 === 0 ? 'log' : 'bin'}`), randomBytes(size));
  }
}

function s3Config(cwd: string): Promise<string> {
  const path = join(cwd, 'agentmap.yaml');
  const yaml = [
    'storage:',
    '  json:',
    '    default_provider: aws',
    '    providers:',
    '      aws:',
    `        endpoint: ${server.url}`,
    '        region: us-east-1',
    '        force_path_style: true',
    '        access_key: env:TEST_S3_KEY',
    '        secret_key: env:TEST_S3_SECRET',
    '        create_bucket: true',
  ].join('\n');
  return writeFile(path, `${yaml}\n`).then(() => path);
}
const s3Env = () => ({ TEST_S3_KEY: server.credentials.accessKeyId, TEST_S3_SECRET: server.credentials.secretAccessKey });

describe('agentmap-storage migrate (built bin)', () => {
  it('killed with SIGKILL midway, --resume finishes a byte-identical copy in S3', async () => {
    const cwd = await workDir();
    await seed(join(cwd, 'src'), 120, 1024);
    await s3Config(cwd);
    const bucket = `cli-${Date.now()}`;
    let killedAt = '';
    const first = await cli(['migrate', 'local://src', `s3://${bucket}/copy`, '--concurrency', '2', '--progress-interval', '50'], {
      cwd,
      env: s3Env(),
      onStderr: (text, kill) => {
        const done = [...text.matchAll(/progress: (\d+)\//g)].map((m) => Number(m[1]));
        if (!killedAt && done.some((n) => n >= 20)) {
          killedAt = text;
          kill('SIGKILL');
        }
      },
    });
    expect(first.signal, first.stderr + first.stdout).toBe('SIGKILL');

    const resumed = await cli(['migrate', 'local://src', `s3://${bucket}/copy`, '--resume', '--json', '--quiet'], { cwd, env: s3Env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { resumed: number; copied: number; unchanged: number; success: boolean };
    expect(summary.success).toBe(true);
    expect(summary.resumed).toBeGreaterThan(0);
    expect(summary.resumed + summary.copied + summary.unchanged).toBe(120);

    const store = createS3Store({ bucket, endpoint: server.url, region: server.region, credentials: { ...server.credentials } });
    const copied = new Map<string, string>();
    for await (const entry of store.list('')) {
      if (entry.kind === 'object') copied.set(entry.key, Buffer.from((await store.get(entry.key)).body).toString('base64'));
    }
    await store.close?.();
    const expected = new Map([...(await files(join(cwd, 'src')))].map(([k, v]) => [`copy/${k}`, v]));
    expect(copied).toEqual(expected);
  });

  it('--dry-run writes nothing; --include/--exclude filter; --verify catches an altered object', async () => {
    const cwd = await workDir();
    await seed(join(cwd, 'src'), 12, 300);
    const dry = await cli(['migrate', 'local://src', 'local://dst', '--dry-run', '--json'], { cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, copied: 0 });
    await expect(readdir(join(cwd, 'dst'))).resolves.toEqual([]);

    const run = await cli(['migrate', 'local://src', 'local://dst', '--exclude', '**/*.log', '--include', 'b/**', '--include', 'a/**'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('migrated local://src -> local://dst');
    const expected = new Map([...(await files(join(cwd, 'src')))].filter(([k]) => !k.endsWith('.log')));
    expect(await files(join(cwd, 'dst'))).toEqual(expected);

    await writeFile(join(cwd, 'dst', 'b', 'f-0001.bin'), randomBytes(300));
    const verify = await cli(['migrate', 'local://src', 'local://dst', '--exclude', '**/*.log', '--include', 'b/**', '--include', 'a/**', '--verify'], { cwd });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/conflict: b\/f-0001\.bin/);
    const fixed = await cli(['migrate', 'local://src', 'local://dst', '--exclude', '**/*.log', '--include', 'b/**', '--include', 'a/**', '--verify', '--overwrite', '--json'], { cwd });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ copied: 1, success: true, verified: true });
    expect(await files(join(cwd, 'dst'))).toEqual(expected);
  });
});
