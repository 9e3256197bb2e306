import { inspect } from 'node:util';
import { isStorageError } from '@agentmap/storage-core';
import { parse } from 'yaml';
import { freePort } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertChannelsFromConfig,
  alertRulesFromConfig,
  auditRule,
  createAlertManager,
  createMetricsHistory,
  emailChannel,
  errorRateRule,
  evaluateRules,
  healthRule,
  latencyRule,
  pagerDutyChannel,
  slackChannel,
  webhookChannel,
  type Alert,
} from '../src/observability';
import { startHttpEndpoint, startSmtpServer } from './alert-servers';

const fast = { baseDelayMs: 5, maxDelayMs: 2_000, timeoutMs: 2_000 };
const alert = (over: Partial<Alert> = {}): Alert => ({ key: 'error_rate:s3', severity: 'critical', rule: 'error_rate', resource: 's3', summary: 's3: 12 % of 100 calls failed', details: { errorRate: 0.12 }, at: Date.UTC(2026, 10, 30, 12), ...over });

let http: Awaited<ReturnType<typeof startHttpEndpoint>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  http = await startHttpEndpoint();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

const printed = (error: unknown) => [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? ''].join('\n');

describe('alert channels on local test servers', () => {
  it('webhook: POSTs the alert as JSON with its headers', async () => {
    http.received.length = 0;
    await webhookChannel({ url: `${http.url}/hook`, headers: { authorization: 'Bearer hook-token' }, ...fast }).send(alert());
    expect(http.received).toHaveLength(1);
    expect(http.received[0]!.headers['authorization']).toBe('Bearer hook-token');
    expect(http.received[0]!.body).toMatchObject({ key: 'error_rate:s3', severity: 'critical', summary: 's3: 12 % of 100 calls failed', at: '2026-11-30T12:00:00.000Z' });
  });

  it('slack: posts text and blocks to the incoming webhook', async () => {
    http.received.length = 0;
    await slackChannel({ webhookUrl: `${http.url}/services/T000/B000/XXXX`, ...fast }).send(alert());
    const body = http.received[0]!.body as { text: string; blocks: Array<{ type: string }> };
    expect(body.text).toContain('[CRITICAL] s3: 12 % of 100 calls failed');
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'context']);
  });

  it('pagerduty: sends an Events v2 trigger with the routing key and the alert key as dedup_key', async () => {
    http.received.length = 0;
    await pagerDutyChannel({ routingKey: 'R0UTINGKEY0000000000000000000000', url: `${http.url}/v2/enqueue`, ...fast }).send(alert());
    expect(http.received[0]!.body).toMatchObject({
      routing_key: 'R0UTINGKEY0000000000000000000000',
      event_action: 'trigger',
      dedup_key: 'error_rate:s3',
      payload: { summary: 's3: 12 % of 100 calls failed', source: 'agentmap-storage', severity: 'critical', timestamp: '2026-11-30T12:00:00.000Z', class: 'error_rate' },
    });
  });

  it('retries 503 and 429 with backoff, waiting as long as Retry-After asks', async () => {
    http.received.length = 0;
    http.script.push({ status: 503 }, { status: 429, retryAfter: '1' });
    const started = Date.now();
    await webhookChannel({ url: `${http.url}/hook`, ...fast }).send(alert());
    expect(http.received).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fails at once on 401/403/400 without echoing the URL, headers or key', async () => {
    http.received.length = 0;
    http.script.push({ status: 401 });
    const secretUrl = `${http.url}/services/T000/B000/very-secret-path`;
    const error = await slackChannel({ webhookUrl: secretUrl, ...fast }).send(alert()).catch((e: unknown) => e);
    expect(http.received).toHaveLength(1);
    expect(isStorageError(error, 'UNAUTHENTICATED')).toBe(true);
    expect(printed(error)).not.toContain('very-secret-path');

    http.script.push({ status: 400 });
    const bad = await pagerDutyChannel({ routingKey: 'PD-SECRET-ROUTING-KEY', url: `${http.url}/v2/enqueue`, ...fast }).send(alert()).catch((e: unknown) => e);
    expect(isStorageError(bad, 'INVALID_ARGUMENT')).toBe(true);
    expect(printed(bad)).not.toContain('PD-SECRET-ROUTING-KEY');
  });

  it('gives up after its retries when the endpoint keeps failing, and times out a hanging endpoint', async () => {
    http.script.push({ status: 500 }, { status: 500 }, { status: 500 });
    const error = await webhookChannel({ url: `${http.url}/hook`, ...fast, retries: 2 }).send(alert()).catch((e: unknown) => e);
    expect(isStorageError(error, 'UNAVAILABLE')).toBe(true);
    expect((error as { details: { attempts: number } }).details.attempts).toBe(3);

    http.script.push({ status: 200, hang: true });
    const started = Date.now();
    const hung = await webhookChannel({ url: `${http.url}/hook`, retries: 0, timeoutMs: 300 }).send(alert()).catch((e: unknown) => e);
    expect(isStorageError(hung, 'UNAVAILABLE')).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);

    const dead = await webhookChannel({ url: `http://127.0.0.1:${await freePort()}/hook`, retries: 1, baseDelayMs: 5 }).send(alert()).catch((e: unknown) => e);
    expect(isStorageError(dead, 'UNAVAILABLE')).toBe(true);
  });

  it('email: sends over SMTP with authentication, retries a 4xx reply, and keeps the password out of errors', async () => {
    const channel = emailChannel({ recipients: ['ops@example.com', 'oncall@example.com'], smtp: smtp.url, from: 'storage@example.com', ...fast });
    smtp.failures.push(451);
    await channel.send(alert());
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(smtp.messages[0]!.raw).toContain('Subject: [CRITICAL] s3: 12 % of 100 calls failed');
    expect(smtp.messages[0]!.raw).toContain('rule: error_rate');

    const wrong = emailChannel({ recipients: ['ops@example.com'], smtp: `smtp://alerts:wrong-password-123@127.0.0.1:${smtp.port}`, ...fast });
    const error = await wrong.send(alert()).catch((e: unknown) => e);
    expect(isStorageError(error, 'UNAUTHENTICATED')).toBe(true);
    expect(printed(error)).not.toContain('wrong-password-123');
  });
});

describe('alert manager', () => {
  it('deduplicates within the cooldown, routes by severity threshold, and reports each channel', async () => {
    let now = 1_000_000;
    http.received.length = 0;
    const manager = createAlertManager({
      now: () => now,
      cooldownMs: 60_000,
      channels: [webhookChannel({ url: `${http.url}/all`, minSeverity: 'info', ...fast }), slackChannel({ webhookUrl: `${http.url}/critical-only`, minSeverity: 'critical', ...fast })],
    });
    const first = await manager.notify({ key: 'latency:s3', severity: 'warning', rule: 'latency', summary: 's3 slow' });
    expect(first.outcome).toBe('delivered');
    expect(first.deliveries.map((d) => d.outcome)).toEqual(['sent', 'below_threshold']);
    const again = await manager.notify({ key: 'latency:s3', severity: 'warning', rule: 'latency', summary: 's3 slow' });
    expect(again.outcome).toBe('suppressed');
    now += 61_000;
    const later = await manager.notify({ key: 'latency:s3', severity: 'critical', rule: 'latency', summary: 's3 very slow' });
    expect(later.deliveries.map((d) => d.outcome)).toEqual(['sent', 'sent']);
    expect(http.received.map((r) => r.path)).toEqual(['/all', '/all', '/critical-only']);
    expect(manager.recent().map((r) => r.outcome)).toEqual(['delivered', 'suppressed', 'delivered']);
  });

  it('concurrent notifications of one key deliver once; a fully failed delivery is tried again next time', async () => {
    http.received.length = 0;
    const manager = createAlertManager({ channels: [webhookChannel({ url: `${http.url}/once`, ...fast })] });
    const results = await Promise.all(Array.from({ length: 5 }, () => manager.notify({ key: 'health:s3', severity: 'critical', rule: 'health', summary: 's3 down' })));
    expect(results.filter((r) => r.outcome === 'delivered')).toHaveLength(1);
    expect(http.received).toHaveLength(1);

    const failing = createAlertManager({ channels: [webhookChannel({ url: `http://127.0.0.1:${await freePort()}/x`, retries: 0 })] });
    expect((await failing.notify({ key: 'k', severity: 'critical', rule: 'r', summary: 's' })).outcome).toBe('failed');
    expect((await failing.notify({ key: 'k', severity: 'critical', rule: 'r', summary: 's' })).outcome).toBe('failed');
  });

  it('test() reaches every channel regardless of thresholds', async () => {
    http.received.length = 0;
    const manager = createAlertManager({ channels: [pagerDutyChannel({ routingKey: 'k'.repeat(32), url: `${http.url}/v2/enqueue`, ...fast })] });
    const result = await manager.test();
    expect(result.outcome).toBe('delivered');
    expect(http.received).toHaveLength(1);
  });
});

describe('alert rules', () => {
  it('error rate, latency, health, capacity and audit rules fire on their thresholds only', () => {
    let now = 10_000_000;
    const history = createMetricsHistory({ now: () => now });
    const event = (provider: string, outcome: 'ok' | 'error', durationMs: number) => ({ operation: 'put' as const, provider, location: 'x', key: 'k', bytesIn: 1, bytesOut: 0, durationMs, outcome, startedAt: now });
    for (let i = 0; i < 100; i++) history.onEvent(event('s3', i < 12 ? 'error' : 'ok', 20));
    for (let i = 0; i < 100; i++) history.onEvent(event('local', 'ok', i < 95 ? 2 : 2_000));
    for (let i = 0; i < 3; i++) history.onEvent(event('azure', 'error', 1));
    now += 1_000;
    const rules = [
      errorRateRule({ warning: 5, critical: 10 }),
      latencyRule({ percentile: 'p99', warning: 1_000, critical: 5_000 }),
      healthRule(),
      auditRule({ name: 'denial_burst', match: (e) => e.action === 'access_denied', threshold: 3 }),
    ];
    const fired = evaluateRules(rules, {
      now,
      history,
      health: [{ name: 'warehouse', status: 'unhealthy', message: 'UNAVAILABLE' }, { name: 'cache', status: 'healthy' }],
      auditEvents: [{ action: 'access_denied', principal: 'mallory' }, { action: 'access_denied', principal: 'mallory' }, { action: 'access_denied', principal: 'mallory' }, { action: 'access_denied', principal: 'bob' }],
    });
    const byKey = Object.fromEntries(fired.map((a) => [a.key, a.severity]));
    expect(byKey).toEqual({ 'error_rate:s3': 'critical', 'latency:local': 'warning', 'health:warehouse': 'critical', 'denial_burst:mallory': 'warning' });
  });

  it('reads the guide\'s monitoring block as written', () => {
    const guide = parse(`
monitoring:
  enabled: true
  check_interval: 60
  health_checks:
    - name: "provider_connectivity"
      enabled: true
      timeout: 10
      critical: true
    - name: "storage_capacity"
      enabled: true
      warning_threshold: 80
      critical_threshold: 95
    - name: "operation_latency"
      enabled: true
      warning_threshold: 1000
      critical_threshold: 5000
    - name: "error_rate"
      enabled: true
      window: 300
      warning_threshold: 5
      critical_threshold: 10
  alerting:
    enabled: true
    channels:
      - type: "email"
        recipients: ["ops@company.com"]
        severity_threshold: "warning"
      - type: "slack"
        webhook_url: "https://hooks.slack.com/services/T/B/secret"
        severity_threshold: "critical"
      - type: "pagerduty"
        service_key: "pd-service-key"
        severity_threshold: "critical"
`) as { monitoring: { health_checks: unknown; alerting: unknown } };
    expect(alertRulesFromConfig(guide.monitoring.health_checks).map((r) => r.name)).toEqual(['health', 'capacity', 'latency', 'error_rate']);
    const channels = alertChannelsFromConfig(guide.monitoring.alerting, { AGENTMAP_SMTP_URL: smtp.url });
    expect(channels.map((c) => [c.type, c.minSeverity])).toEqual([['email', 'warning'], ['slack', 'critical'], ['pagerduty', 'critical']]);

    const noSmtp = (() => { try { alertChannelsFromConfig(guide.monitoring.alerting, {}); } catch (e) { return e; } })();
    expect(isStorageError(noSmtp, 'INVALID_ARGUMENT')).toBe(true);
    expect((noSmtp as Error).message).toContain('monitoring.alerting.channels[0].smtp_url');
    const wrongType = (() => { try { alertChannelsFromConfig({ channels: [{ type: 'pager', url: 'x' }] }); } catch (e) { return e; } })();
    expect((wrongType as Error).message).toMatch(/monitoring\.alerting\.channels\.0.*email, slack, pagerduty or webhook/);
    expect(alertChannelsFromConfig({ enabled: false, channels: [{ type: 'slack', webhook_url: 'x' }] })).toEqual([]);
  });
});
