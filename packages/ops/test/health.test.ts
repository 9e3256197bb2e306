import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createMemoryStore, createStoreMetrics, withMetrics } from '@agentmap/storage-core';
import { createS3Store } from '@agentmap/storage-s3';
import { freePort, listenOnLoopback } from '@agentmap/test-servers';
import { describe, expect, it } from 'vitest';
import { checkHealth, healthForDashboard, healthSettingsFromConfig } from '../src/index';
import { localStore, useTempDirs } from './support/stores';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const newDir = useTempDirs();
const credentials = { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'health-test-secret-value' };

describe('checkHealth', () => {
  it('reports a reachable local store healthy with latency and its file system capacity', async () => {
    const report = await checkHealth([{ name: 'local', store: await localStore(await newDir()) }], { capacityPercent: { warning: 100, critical: 100 } });
    expect(report.status).toBe('healthy');
    const [target] = report.targets;
    expect(target!.checks.map((c) => [c.name, c.status])).toEqual([
      ['provider_connectivity', 'healthy'],
      ['operation_latency', 'healthy'],
      ['error_rate', 'healthy'],
      ['storage_capacity', 'healthy'],
    ]);
    expect(target!.capacityPercent).toBeGreaterThan(0);
    expect(target!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('grades latency and error rate against the monitoring thresholds', async () => {
    const settings = healthSettingsFromConfig({
      monitoring: {
        health_checks: [
          { name: 'operation_latency', enabled: true, warning_threshold: 0, critical_threshold: 60_000 },
          { name: 'error_rate', warning_threshold: 5, critical_threshold: 10 },
          { name: 'storage_capacity', enabled: false },
        ],
      },
    });
    const metrics = createStoreMetrics();
    const store = withMetrics(createMemoryStore(), { metrics });
    await store.put('a', 'x');
    await store.get('missing').catch(() => undefined);
    const report = await checkHealth([{ name: 'mem', store, metrics }], settings);
    const checks = Object.fromEntries(report.targets[0]!.checks.map((c) => [c.name, c.status]));
    expect(checks).toEqual({ provider_connectivity: 'healthy', operation_latency: 'warning', error_rate: 'critical' });
    expect(report.status).toBe('unhealthy');
    expect(healthForDashboard(report)[0]).toMatchObject({ name: 'mem', status: 'unhealthy' });
    expect(() => healthSettingsFromConfig({ health_checks: [{ name: 'error_rate', warning_threshold: 'high' }] })).toThrow(/storage\.monitoring\.health_checks\[0\]\.warning_threshold/);
  });

  it('returns within its timeout when an endpoint accepts connections and never answers', async () => {
    const sockets: Socket[] = [];
    const server = createServer(() => undefined);
    server.on('connection', (socket) => void sockets.push(socket));
    const hanging = await listenOnLoopback(server);
    const store = createS3Store({ bucket: 'hangs', endpoint: hanging.url, region: 'us-east-1', credentials, forcePathStyle: true, createBucket: false });
    const started = performance.now();
    const report = await checkHealth([{ name: 'hanging', store }], { timeoutMs: 800 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3000);
    expect(report.status).toBe('unhealthy');
    expect(report.targets[0]!.checks[0]).toMatchObject({ name: 'provider_connectivity', status: 'critical', code: 'TIMEOUT' });
    expect(JSON.stringify(report)).not.toContain(credentials.secretAccessKey);
    for (const socket of sockets) socket.destroy();
    await store.close?.();
    await hanging.close();
  });

  it('reports a closed port as unavailable, quickly', async () => {
    const port = await freePort();
    const store = createS3Store({ bucket: 'gone', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, forcePathStyle: true, createBucket: false, retries: 0 });
    const report = await checkHealth([{ name: 'dead', store }], { timeoutMs: 5000 });
    expect(report.targets[0]!.checks[0]).toMatchObject({ status: 'critical', code: 'UNAVAILABLE' });
    expect(report.targets[0]!.durationMs).toBeLessThan(5000);
    await store.close?.();
  });
});
