import type { MetricsHistory } from '../telemetry/history';
import type { Alert, AlertSeverity } from './types';

/** What rules look at: the metrics history and, when a health check ran, its results. */
export interface AlertContext {
  history?: MetricsHistory;
  /** Health results by store name: `status` and, where known, capacity used in percent. */
  health?: ReadonlyArray<{ name: string; status: 'healthy' | 'degraded' | 'unhealthy'; capacityPercent?: number; message?: string }>;
  /** Audit events since the last evaluation (from `@agentmap/storage-governance`'s monitor or log). */
  auditEvents?: ReadonlyArray<{ action: string; outcome?: string; principal?: string; resource?: string; at?: number | string }>;
  now: number;
}

/** A condition to watch. Returns the alerts it fires now (none when all is well). */
export interface AlertRule {
  readonly name: string;
  evaluate(context: AlertContext): Array<Omit<Alert, 'at'>>;
}

/** Warning and critical thresholds; the higher one that is crossed sets the severity. */
interface Thresholds {
  warning?: number;
  critical?: number;
}

function severityFor(value: number, thresholds: Thresholds): AlertSeverity | undefined {
  if (thresholds.critical !== undefined && value >= thresholds.critical) return 'critical';
  if (thresholds.warning !== undefined && value >= thresholds.warning) return 'warning';
  return undefined;
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10} %`;

/**
 * Fires when the share of failed calls over `windowMs` reaches a threshold (in percent, as in
 * the guide's `error_rate` check), overall or per provider. Windows with fewer than
 * `minCalls` calls are ignored: two failures out of three are noise, not an outage.
 */
export function errorRateRule(options: Thresholds & { windowMs?: number; minCalls?: number; perProvider?: boolean }): AlertRule {
  const windowMs = options.windowMs ?? 300_000;
  const minCalls = options.minCalls ?? 20;
  return {
    name: 'error_rate',
    evaluate({ history }) {
      if (!history) return [];
      const scopes = options.perProvider === false ? ['*'] : history.providers();
      return scopes.flatMap((provider) => {
        const w = history.window(windowMs, provider === '*' ? undefined : provider);
        if (w.count < minCalls) return [];
        const severity = severityFor(w.errorRate * 100, options);
        if (!severity) return [];
        const where = provider === '*' ? 'all stores' : provider;
        return [{ key: `error_rate:${provider}`, severity, rule: 'error_rate', resource: where, summary: `${where}: ${percent(w.errorRate)} of ${w.count} calls failed in the last ${Math.round(windowMs / 1000)} s`, details: { errorRate: w.errorRate, calls: w.count, errors: w.errors, warning: options.warning, critical: options.critical } }];
      });
    },
  };
}

/** Fires when a latency percentile (p50, p90 or p99, in ms) over `windowMs` reaches a threshold. */
export function latencyRule(options: Thresholds & { percentile?: 'p50' | 'p90' | 'p99'; windowMs?: number; minCalls?: number }): AlertRule {
  const windowMs = options.windowMs ?? 300_000;
  const which = options.percentile ?? 'p90';
  const minCalls = options.minCalls ?? 20;
  return {
    name: 'latency',
    evaluate({ history }) {
      if (!history) return [];
      return history.providers().flatMap((provider) => {
        const w = history.window(windowMs, provider);
        if (w.count < minCalls) return [];
        const value = w[which];
        const severity = severityFor(value, options);
        if (!severity) return [];
        return [{ key: `latency:${provider}`, severity, rule: 'latency', resource: provider, summary: `${provider}: ${which} latency ${Math.round(value)} ms over the last ${Math.round(windowMs / 1000)} s`, details: { [which]: value, calls: w.count, warning: options.warning, critical: options.critical } }];
      });
    },
  };
}

/** Fires for every store a health check found unhealthy (critical) or degraded (warning). */
export function healthRule(): AlertRule {
  return {
    name: 'health',
    evaluate({ health }) {
      return (health ?? []).flatMap((h) =>
        h.status === 'healthy' ? [] : [{ key: `health:${h.name}`, severity: h.status === 'unhealthy' ? 'critical' : 'warning', rule: 'health', resource: h.name, summary: `${h.name} is ${h.status}${h.message ? `: ${h.message}` : ''}` }],
      );
    },
  };
}

/** Fires when a store's used capacity (percent) reaches a threshold (the guide's `storage_capacity`: 80 / 95). */
export function capacityRule(options: Thresholds = { warning: 80, critical: 95 }): AlertRule {
  return {
    name: 'capacity',
    evaluate({ health }) {
      return (health ?? []).flatMap((h) => {
        if (h.capacityPercent === undefined) return [];
        const severity = severityFor(h.capacityPercent, options);
        return severity ? [{ key: `capacity:${h.name}`, severity, rule: 'capacity', resource: h.name, summary: `${h.name} is ${Math.round(h.capacityPercent)} % full`, details: { capacityPercent: h.capacityPercent } }] : [];
      });
    },
  };
}

/**
 * Fires when one principal collects `threshold` or more audit events matching `match` (say,
 * `access_denied`, or deletes) among those given since the last evaluation: a burst of
 * denials or a bulk deletion.
 */
export function auditRule(options: { name?: string; match: (event: { action: string; outcome?: string }) => boolean; threshold: number; severity?: AlertSeverity }): AlertRule {
  const name = options.name ?? 'audit';
  return {
    name,
    evaluate({ auditEvents }) {
      const counts = new Map<string, number>();
      for (const e of auditEvents ?? []) if (options.match(e)) counts.set(e.principal ?? 'anonymous', (counts.get(e.principal ?? 'anonymous') ?? 0) + 1);
      return [...counts].flatMap(([principal, n]) =>
        n >= options.threshold ? [{ key: `${name}:${principal}`, severity: options.severity ?? 'warning', rule: name, resource: principal, summary: `${principal}: ${n} matching audit events (${name})`, details: { events: n, threshold: options.threshold } }] : [],
      );
    },
  };
}

/** Runs every rule over `context` and returns what fired; a rule that throws is reported as a critical alert of its own rather than silencing the others. */
export function evaluateRules(rules: readonly AlertRule[], context: AlertContext): Array<Omit<Alert, 'at'>> {
  return rules.flatMap((rule) => {
    try {
      return rule.evaluate(context);
    } catch (error) {
      return [{ key: `rule_failed:${rule.name}`, severity: 'critical' as const, rule: rule.name, summary: `The alert rule ${rule.name} failed: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}` }];
    }
  });
}
