import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore, withMetrics } from '@agentmap/storage-core';
import { CHROMIUM_ARGS, ensureChromium } from '@agentmap/test-servers';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertManager, createDashboard, createMetricsHistory, createPrometheusExporter, fanOutEvents, type RunningDashboard } from '../src/observability';

/** Screenshots are kept here for people to look at after a run (git-ignored). */
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');

function setup(token?: string) {
  const history = createMetricsHistory({ intervalMs: 250 });
  const prometheus = createPrometheusExporter();
  const store = withMetrics(createMemoryStore(), { onEvent: fanOutEvents(history.onEvent, prometheus.onEvent) });
  let healthy = true;
  let hits = 0;
  const alerts = createAlertManager({ channels: [] });
  const dashboard = createDashboard({
    history,
    prometheus,
    alerts,
    caches: { documents: { stats: () => ({ hits, misses: 10, hitRate: hits / (hits + 10) }) } },
    denials: async () => [{ at: Date.now(), principal: 'mallory', action: 'write', resource: 'users/1.json' }],
    health: async () => [{ name: 'memory', status: healthy ? 'healthy' : 'unhealthy', latencyMs: 1.5 }, { name: 'archive', status: 'healthy', latencyMs: 12 }],
    healthIntervalMs: 0,
    refreshMs: 300,
    ...(token === undefined ? {} : { token }),
  });
  return { dashboard, store, alerts, setHealthy: (v: boolean) => (healthy = v), hit: () => hits++ };
}

describe('dashboard HTTP API', () => {
  let running: RunningDashboard;
  let ctx: ReturnType<typeof setup>;
  beforeAll(async () => {
    ctx = setup('dash-token-123456');
    running = await ctx.dashboard.listen();
  });
  afterAll(() => running?.close());

  it('binds to 127.0.0.1, requires its token, and serves health, snapshot and metrics', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${running.url}/api/health`)).status).toBe(401);
    const auth = { authorization: 'Bearer dash-token-123456' };
    await ctx.store.put('a.json', '{}');
    const health = await fetch(`${running.url}/api/health`, { headers: auth });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', stores: [{ name: 'memory', status: 'healthy' }, { name: 'archive' }] });
    ctx.setHealthy(false);
    expect((await fetch(`${running.url}/api/health?token=dash-token-123456`)).status).toBe(503);
    ctx.setHealthy(true);
    const metrics = await fetch(`${running.url}/metrics`, { headers: auth });
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('agentmap_storage_operations_total{provider="memory",operation="put",outcome="ok",code=""} 1');
    const page = await fetch(`${running.url}/`, { headers: auth });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect((await fetch(`${running.url}/assets/uplot.js`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${running.url}/api/health`, { method: 'POST', headers: auth })).status).toBe(405);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    await expect(setup().dashboard.listen({ host: '0.0.0.0' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('dashboard in Chromium', () => {
  let browser: Browser;
  let running: RunningDashboard;
  let ctx: ReturnType<typeof setup>;
  let traffic: NodeJS.Timeout;

  beforeAll(async () => {
    const executablePath = ensureChromium();
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    ctx = setup();
    running = await ctx.dashboard.listen();
    let i = 0;
    // Live traffic: writes, reads, some misses, cache hits, and an alert.
    traffic = setInterval(() => {
      i++;
      void ctx.store.put(`k${i % 20}`, 'x'.repeat(i % 7)).then(() => ctx.store.get(`k${i % 23}`)).catch(() => undefined);
      ctx.hit();
    }, 20);
    await ctx.alerts.notify({ key: 'latency:memory', severity: 'warning', rule: 'latency', summary: 'memory: p90 latency 1200 ms' });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    clearInterval(traffic);
    await browser?.close();
    await running?.close();
  });

  it('renders health, charts, cache hit rates, alerts and denials, updates them live, and logs no console error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));

    await page.goto(running.url, { waitUntil: 'load' });
    await page.waitForFunction(() => Number(document.body.dataset['updates']) >= 1, undefined, { timeout: 15_000 });
    expect(await page.locator('#overall').textContent()).toBe('healthy');
    expect(await page.locator('#health td').first().textContent()).toBe('memory');
    for (const id of ['latency', 'errors', 'throughput']) expect(await page.locator(`#${id} canvas`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-first.png'), fullPage: true });

    
    const firstHits = await page.locator('#caches td').nth(2).textContent();
    const seen = Number(await page.evaluate(() => document.body.dataset['updates']));
    await page.waitForFunction((n) => Number(document.body.dataset['updates']) >= n + 2, seen, { timeout: 15_000 });
    const laterHits = await page.locator('#caches td').nth(2).textContent();
    expect(Number(laterHits)).toBeGreaterThan(Number(firstHits));
    expect(await page.locator('#caches td').nth(1).textContent()).toMatch(/^\d+\.\d %$/);
    expect(await page.locator('#alerts').textContent()).toContain('memory: p90 latency 1200 ms');
    expect(await page.locator('#denials').textContent()).toContain('mallory');
    // The chart holds the live series: some interval saw calls.
    const plotted = await page.evaluate(() => document.querySelectorAll('#throughput .u-legend, #throughput canvas').length);
    expect(plotted).toBeGreaterThan(0);

    ctx.setHealthy(false);
    await page.waitForFunction(() => document.querySelector('#overall')?.textContent === 'unhealthy', undefined, { timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-unhealthy.png'), fullPage: true });
    ctx.setHealthy(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
