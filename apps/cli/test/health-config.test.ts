import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalStore } from '@agentmap/storage-core';
import { withAudit } from '@agentmap/storage-governance';
import { listenOnLoopback } from '@agentmap/test-servers';
import { describe, expect, it } from 'vitest';
import { cli, useWorkDirs } from './support/cli';

const workDir = useWorkDirs();
const SECRET = 'sEcReT-value-that-must-not-leak';

describe('agentmap-storage health (built bin)', () => {
  it('reports local stores from the config healthy, and a hanging S3 endpoint unhealthy within the timeout', async () => {
    const cwd = await workDir();
    const sockets: Socket[] = [];
    const server = createServer(() => undefined);
    server.on('connection', (socket) => void sockets.push(socket));
    const hanging = await listenOnLoopback(server);
    try {
      const config = join(cwd, 'storage.yaml');
      await writeFile(
        config,
        ['storage:', '  json:', '    providers:', '      local:', `        base_dir: ${cwd}`, '      aws:', `        endpoint: ${hanging.url}`, '        region: us-east-1', '        access_key: AKIAEXAMPLE', `        secret_key: ${SECRET}`, '        default_bucket: stuck', '        create_bucket: false', '  monitoring:', '    health_checks:', '      - name: provider_connectivity', '        timeout: 1.5', ''].join('\n'),
      );
      const local = await cli(['health', `local://${cwd}`, '--json'], { cwd });
      expect(local.code, local.stderr).toBe(0);
      expect(JSON.parse(local.stdout)).toMatchObject({ status: 'healthy' });

      const all = await cli(['health', '--config', config], { cwd });
      expect(all.code).toBe(1);
      expect(all.stdout).toMatch(/json\/aws\/stuck.*unhealthy/);
      expect(all.stdout).toMatch(/json\/local.*healthy/);
      expect(all.stdout).toContain('TIMEOUT');
      expect(all.ms).toBeLessThan(12_000);
      expect(all.stdout + all.stderr).not.toContain(SECRET);
    } finally {
      for (const socket of sockets) socket.destroy();
      await hanging.close();
    }
  });
});

describe('agentmap-storage config and audit (built bin)', () => {
  it('config validate names the exact path of every problem; config print redacts secrets', async () => {
    const cwd = await workDir();
    await writeFile(join(cwd, 'agentmap.yaml'), ['storage:', '  json:', '    providers:', '      aws:', '        region: 42', '        secret_key: env:MY_SECRET', '        access_key: AKIAEXAMPLE', '  monitoring:', '    health_checks:', '      - name: error_rate', '        warning_threshold: high', ''].join('\n'));
    const invalid = await cli(['config', 'validate', '--json'], { cwd, env: { MY_SECRET: SECRET } });
    expect(invalid.code).toBe(1);
    const paths = (JSON.parse(invalid.stdout) as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['storage.json.providers.aws.region', 'storage.monitoring.health_checks[0].warning_threshold']));
    expect(invalid.stdout + invalid.stderr).not.toContain(SECRET);

    const good = join(cwd, 'good.yaml');
    await writeFile(good, ['storage:', '  json:', '    providers:', '      aws:', '        region: us-east-1', '        secret_key: env:MY_SECRET', '        access_key: AKIAEXAMPLE', ''].join('\n'));
    const valid = await cli(['config', 'validate'], { cwd, env: { MY_SECRET: SECRET, AGENTMAP_STORAGE_CONFIG: good } });
    expect(valid).toMatchObject({ code: 0, stdout: 'config is valid\n' });
    const print = await cli(['config', 'print', '--config', 'good.yaml'], { cwd, env: { MY_SECRET: SECRET } });
    expect(print.code, print.stderr).toBe(0);
    expect(print.stdout).toContain('us-east-1');
    expect(print.stdout).not.toContain(SECRET);

    const none = await cli(['config', 'validate', '--config', 'missing.yaml'], { cwd });
    expect(none.code).toBe(3);
  });

  it('audit verify accepts an intact log and rejects a tampered one', async () => {
    const cwd = await workDir();
    const log = createLocalStore({ baseDir: join(cwd, 'logs') });
    const audited = withAudit(createLocalStore({ baseDir: join(cwd, 'data') }), { log, level: 'standard' });
    await audited.put('users/1.json', '{"a":1}');
    await audited.put('users/2.json', '{"a":2}');
    await audited.delete('users/1.json');
    await (audited as { close?: () => Promise<void> }).close?.();
    const ok = await cli(['audit', 'verify', 'local://logs', '--json'], { cwd });
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true });

    const keys: string[] = [];
    for await (const entry of log.list('audit/')) if (entry.kind === 'object' && !entry.key.endsWith('head.json')) keys.push(entry.key);
    const segment = keys.find((k) => k.endsWith('.jsonl')) ?? keys[0]!;
    const text = Buffer.from((await log.get(segment)).body).toString('utf8');
    await log.put(segment, text.replace('users/2.json', 'users/9.json'));
    const bad = await cli(['audit', 'verify', 'local://logs'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('INVALID');
  });
});
