import { type ObjectStore, StorageError, withMetrics } from '@agentmap/storage-core';
import { readAuditLog } from '@agentmap/storage-governance';
import {
  type DashboardDenial,
  type HealthTarget,
  alertChannelsFromConfig,
  alertRulesFromConfig,
  checkHealth,
  createAlertManager,
  createDashboard,
  createMetricsHistory,
  createPrometheusExporter,
  evaluateRules,
  fanOutEvents,
  healthForDashboard,
  healthSettingsFromConfig,
} from '@agentmap/storage-ops';
import type { Targets } from '../context';
import { EXIT_CODES } from '../exit-codes';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';
import { configuredTargets } from './health';

export interface ServeOptions extends GlobalOptions {
  port?: string;
  host?: string;
  token?: string;
  interval?: string;
  audit?: string;
}

function number(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new StorageError('INVALID_ARGUMENT', `${name} must be a number of at least ${min}; got ${JSON.stringify(value)}.`, { provider: 'cli' });
  return n;
}

/**
 * `serve [targets...]`: the dashboard, `/metrics` and `/api/health` for the given stores (or
 * every store in the config). Health checks run every `--interval` seconds (default: the
 * config's `monitoring.check_interval`, else 30) through the metrics layer, so the charts show
 * their latency and errors; alert rules from `monitoring.health_checks` are evaluated after each
 * round and sent to the `monitoring.alerting` channels. Runs until interrupted (exit 0).
 */
export async function serveCommand(io: Io, targets: Targets, uris: string[], options: ServeOptions, signal: AbortSignal): Promise<number> {
  const monitoring = targets.config?.monitoring as { check_interval?: unknown; health_checks?: unknown; alerting?: unknown } | undefined;
  const port = number(options.port, '--port', 9464, 0);
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (io.env.AGENTMAP_DASHBOARD_TOKEN || undefined);
  const configured = monitoring?.check_interval;
  const intervalMs = number(options.interval ?? (typeof configured === 'number' || typeof configured === 'string' ? String(configured) : undefined), '--interval', 30, 1) * 1000;

  const history = createMetricsHistory({ intervalMs: Math.min(5_000, intervalMs) });
  const prometheus = createPrometheusExporter();
  const onEvent = fanOutEvents(history.onEvent, prometheus.onEvent);
  const list: HealthTarget[] = (uris.length > 0 ? uris.map((uri) => ({ name: uri, store: targets.prefix(uri).store })) : configuredTargets(targets)).map((t) => ({
    name: t.name,
    store: withMetrics(t.store, { onEvent }),
  }));
  if (list.length === 0) throw new StorageError('INVALID_ARGUMENT', 'Nothing to watch: give URIs (agentmap-storage serve s3://bucket) or a config whose services name providers.', { provider: 'cli' });

  const settings = healthSettingsFromConfig(monitoring);
  const alerts = createAlertManager({ channels: alertChannelsFromConfig(monitoring?.alerting, io.env) });
  const rules = alertRulesFromConfig(monitoring?.health_checks);
  const auditStore: ObjectStore | undefined = options.audit === undefined ? undefined : targets.prefix(options.audit).store;
  const auditPrefix = options.audit === undefined ? undefined : targets.prefix(options.audit).key;

  let latest: ReturnType<typeof healthForDashboard> = [];
  const round = async () => {
    const report = await checkHealth(list, settings);
    latest = healthForDashboard(report);
    for (const alert of evaluateRules(rules, { history, health: latest, now: Date.now() })) await alerts.notify(alert);
  };
  const denials = async (): Promise<DashboardDenial[]> => {
    if (!auditStore) return [];
    const found: DashboardDenial[] = [];
    for await (const { event } of readAuditLog(auditStore, auditPrefix ? { prefix: auditPrefix } : {})) {
      if (event.result === 'denied' || event.eventType === 'access_denied') found.unshift({ at: event.timestamp, principal: event.principal, action: event.action, resource: event.resource });
      if (found.length > 100) found.length = 100;
    }
    return found;
  };

  await round();
  const dashboard = createDashboard({ history, prometheus, alerts, denials, health: async () => latest, healthIntervalMs: 0, ...(token ? { token } : {}) });
  const running = await dashboard.listen({ port, host });
  if (options.json) writeJson(io, { url: running.url, stores: list.map((t) => t.name) });
  else writeLine(io, `dashboard: ${running.url}/  metrics: ${running.url}/metrics  health: ${running.url}/api/health  (Ctrl-C stops)`);

  const timer = setInterval(() => void round().catch(() => undefined), intervalMs);
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(timer);
  await running.close();
  return EXIT_CODES.OK;
}
