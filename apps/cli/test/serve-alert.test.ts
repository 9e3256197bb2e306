import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listenOnLoopback } from '@agentmap/test-servers';
import { describe, expect, it } from 'vitest';
import { BIN } from './support/build-bin';
import { cli, useWorkDirs } from './support/cli';

const workDir = useWorkDirs();

describe('agentmap-storage serve (built bin)', () => {
  it('serves health, metrics and the page for the given store, and exits 0 on SIGTERM', async () => {
    const cwd = await workDir();
    await mkdir(join(cwd, 'data'));
    await writeFile(join(cwd, 'data', 'a.txt'), 'hello');
    const child = spawn(process.execPath, [BIN, 'serve', 'local://data', '--port', '0', '--interval', '1', '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
          const found = /"url":\s*"(http[^"]+)"/.exec(stdout);
          if (found) resolve(found[1]!);
        });
        void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'healthy', stores: [{ name: 'local://data', status: 'healthy' }] });
      // The health probes go through the metrics layer, so /metrics and the charts have data.
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/agentmap_storage_operations_total\{provider="local",operation="\w+",outcome="ok",code=""\} \d+/);
      expect(await (await fetch(`${url}/`)).text()).toContain('<script src="/assets/dashboard.js"></script>');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a non-loopback address without a token (exit 2)', async () => {
    const cwd = await workDir();
    const result = await cli(['serve', `local://${cwd}`, '--host', '0.0.0.0', '--port', '0'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INVALID_ARGUMENT.*token/);
  });
});

describe('agentmap-storage alert test (built bin)', () => {
  it('sends a test alert to every configured channel; exit 1 when one fails, without printing its URL', async () => {
    const cwd = await workDir();
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(req.url === '/broken' ? 404 : 200).end();
      });
    });
    const endpoint = await listenOnLoopback(server);
    try {
      const config = join(cwd, 'agentmap.yaml');
      const yaml = (channels: string[]) => ['storage:', '  monitoring:', '    alerting:', '      enabled: true', '      channels:', ...channels, ''].join('\n');
      await writeFile(config, yaml(['        - type: webhook', `          url: ${endpoint.url}/hook`, '          severity_threshold: critical', '        - type: slack', '          webhook_url: env:TEST_SLACK_URL']));
      const ok = await cli(['alert', 'test'], { cwd, env: { TEST_SLACK_URL: `${endpoint.url}/services/secret-slack-path` } });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('webhook: sent');
      expect(ok.stdout).toContain('slack: sent');
      expect(received).toHaveLength(2);

      await writeFile(config, yaml(['        - type: slack', `          webhook_url: ${endpoint.url}/broken`]));
      const failed = await cli(['alert', 'test'], { cwd });
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/slack: FAILED NOT_FOUND|slack: FAILED INVALID_ARGUMENT/);
      expect(failed.stdout + failed.stderr).not.toContain('/broken');

      await writeFile(config, 'storage: {}\n');
      const none = await cli(['alert', 'test'], { cwd });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('monitoring.alerting.channels');
    } finally {
      await endpoint.close();
    }
  });
});
