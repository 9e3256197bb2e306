import { statfs } from 'node:fs/promises';
import { type MetricsSnapshot, type ObjectStore, StorageError } from '@agentmap/storage-core';
import { asStorageError, raceSignal } from '../batch/errors';
import { HEALTH_DEFAULTS, type HealthCheckName, type HealthSettings, type Thresholds } from './settings';

/** One store to check. */
export interface HealthTarget {
  /** How the report names it: a collection, a URI, `json/aws`. */
  name: string;
  store: ObjectStore;
  /** The key probed with `head` (it need not exist). Default `.agentmap/health-probe`. */
  probeKey?: string;
  /** Live counters of the store (from `withMetrics`), for the error rate of real traffic. */
  metrics?: { snapshot(): MetricsSnapshot };
  /** Used and total bytes, where known; local stores report their file system's by default. */
  capacity?: (signal: AbortSignal) => Promise<{ usedBytes: number; totalBytes: number } | undefined>;
}

export type CheckStatus = 'healthy' | 'warning' | 'critical' | 'unknown';
export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy';

/** The outcome of one check on one store. */
export interface HealthCheckResult {
  name: HealthCheckName;
  status: CheckStatus;
  message: string;
  /** The measurement: ms for latency, percent for error rate and capacity. */
  value?: number;
  /** The error code, when a call failed. */
  code?: string;
}

/** One store's health. */
export interface TargetHealth {
  name: string;
  provider: string;
  location: string;
  /** `unhealthy` when a check is critical, `degraded` when one warns. */
  status: OverallStatus;
  latencyMs?: number;
  errorRatePercent?: number;
  capacityPercent?: number;
  /** How long the checks of this store took (ms); never much more than `timeoutMs`. */
  durationMs: number;
  checks: HealthCheckResult[];
}

/** What {@link checkHealth} found. */
export interface HealthReport {
  /** The worst status of any store. */
  status: OverallStatus;
  checkedAt: string;
  durationMs: number;
  targets: TargetHealth[];
}

/** Options of {@link checkHealth}. */
export interface CheckHealthOptions extends HealthSettings {
  signal?: AbortSignal;
}

/**
 * Checks each store, all at once: connectivity (a `head` probe), latency (median of
 * `samples` probes), error rate (of the probes, or of real traffic when `metrics` is given)
 * and used capacity where the backend can tell. Thresholds come from the guide's
 * `monitoring.health_checks` (see `healthSettingsFromConfig`). Every store's checks end within
 * `timeoutMs` even when its endpoint accepts connections and never answers.
 *
 * ```ts
 * const report = await checkHealth([{ name: 'uploads', store }], healthSettingsFromConfig(config));
 * if (report.status !== 'healthy') process.exitCode = 1;
 * ```
 */
export async function checkHealth(targets: readonly HealthTarget[], options: CheckHealthOptions = {}): Promise<HealthReport> {
  if (!Array.isArray(targets) || targets.some((t) => !t || typeof t.name !== 'string' || typeof t.store?.head !== 'function')) {
    throw new StorageError('INVALID_ARGUMENT', 'checkHealth needs a list of { name, store } targets.', { provider: 'ops' });
  }
  const started = performance.now();
  const results = await Promise.all(targets.map((target) => checkTarget(target, options)));
  return { status: worst(results.map((r) => r.status)), checkedAt: new Date().toISOString(), durationMs: performance.now() - started, targets: results };
}

async function checkTarget(target: HealthTarget, options: CheckHealthOptions): Promise<TargetHealth> {
  const timeoutMs = options.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  const samples = Math.max(1, options.samples ?? HEALTH_DEFAULTS.samples);
  const disabled = new Set(options.disabled ?? []);
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new StorageError('TIMEOUT', `No answer within ${timeoutMs} ms; check the endpoint and network, or raise provider_connectivity.timeout.`, { provider: target.store.provider })), timeoutMs);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const checks: HealthCheckResult[] = [];
  const result: TargetHealth = { name: target.name, provider: target.store.provider, location: target.store.location, status: 'healthy', durationMs: 0, checks };
  try {
    const probeKey = target.probeKey ?? '.agentmap/health-probe';
    const latencies: number[] = [];
    let failures = 0;
    let firstError: StorageError | undefined;
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      try {
        await raceSignal(target.store.head(probeKey, { signal: controller.signal }), controller.signal);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures++;
        firstError ??= asStorageError(error, target.store.provider);
        // A hang or an unreachable endpoint will not answer the next probe either.
        if (controller.signal.aborted || i === 0) break;
      }
    }
    const reachable = latencies.length > 0;
    if (!disabled.has('provider_connectivity')) {
      checks.push(
        reachable
          ? { name: 'provider_connectivity', status: 'healthy', message: `${target.store.location} answered` }
          : {
              name: 'provider_connectivity',
              status: (options.connectivityCritical ?? HEALTH_DEFAULTS.connectivityCritical) ? 'critical' : 'warning',
              message: firstLine(firstError?.message ?? 'no answer'),
              ...(firstError ? { code: firstError.code } : {}),
            },
      );
    }
    if (reachable) {
      const latency = median(latencies);
      result.latencyMs = round(latency);
      if (!disabled.has('operation_latency')) checks.push(grade('operation_latency', latency, options.latencyMs ?? HEALTH_DEFAULTS.latencyMs, `median of ${latencies.length} probe(s): ${round(latency)} ms`));
    }
    if (!disabled.has('error_rate') && reachable) {
      const snapshot = target.metrics?.snapshot();
      const [errors, total, what] = snapshot && snapshot.totals.count > 0 ? [snapshot.totals.errorCount, snapshot.totals.count, 'calls'] : [failures, failures + latencies.length, 'probes'];
      const rate = (errors / total) * 100;
      result.errorRatePercent = round(rate);
      checks.push(grade('error_rate', rate, options.errorRatePercent ?? HEALTH_DEFAULTS.errorRatePercent, `${errors} of ${total} ${what} failed`));
    }
    if (!disabled.has('storage_capacity') && reachable) {
      checks.push(await capacityCheck(target, controller.signal, options.capacityPercent ?? HEALTH_DEFAULTS.capacityPercent, result));
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  result.status = worst(checks.map((c) => (c.status === 'critical' ? 'unhealthy' : c.status === 'warning' ? 'degraded' : 'healthy')));
  result.durationMs = round(performance.now() - started);
  return result;
}

async function capacityCheck(target: HealthTarget, signal: AbortSignal, thresholds: Thresholds, result: TargetHealth): Promise<HealthCheckResult> {
  const measure = target.capacity ?? localCapacity(target.store);
  if (!measure) return { name: 'storage_capacity', status: 'unknown', message: `${target.store.provider} does not report capacity` };
  try {
    const capacity = await raceSignal(measure(signal), signal);
    if (!capacity || capacity.totalBytes <= 0) return { name: 'storage_capacity', status: 'unknown', message: 'capacity not reported' };
    const percent = (capacity.usedBytes / capacity.totalBytes) * 100;
    result.capacityPercent = round(percent);
    return grade('storage_capacity', percent, thresholds, `${round(percent)}% used of ${formatBytes(capacity.totalBytes)}`);
  } catch (error) {
    const failure = asStorageError(error, target.store.provider);
    return { name: 'storage_capacity', status: 'unknown', message: firstLine(failure.message), code: failure.code };
  }
}

/** The file system holding a local store's directory, from its `location` (`local:<dir>`). */
function localCapacity(store: ObjectStore): HealthTarget['capacity'] | undefined {
  if (store.provider !== 'local' || !store.location.startsWith('local:')) return undefined;
  const dir = store.location.slice('local:'.length);
  return async () => {
    const fs = await statfs(dir);
    const total = fs.blocks * fs.bsize;
    return { usedBytes: total - fs.bavail * fs.bsize, totalBytes: total };
  };
}

function grade(name: HealthCheckName, value: number, thresholds: Thresholds, message: string): HealthCheckResult {
  const status: CheckStatus = value >= thresholds.critical ? 'critical' : value >= thresholds.warning ? 'warning' : 'healthy';
  const note = status === 'healthy' ? '' : ` (${status} at ${status === 'critical' ? thresholds.critical : thresholds.warning})`;
  return { name, status, message: message + note, value: round(value) };
}

function worst(statuses: OverallStatus[]): OverallStatus {
  if (statuses.includes('unhealthy')) return 'unhealthy';
  if (statuses.includes('degraded')) return 'degraded';
  return 'healthy';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(1)} ${units[i]}`;
}

/** The report as the dashboard's health list (`createDashboard({ health })`). */
export function healthForDashboard(report: HealthReport): Array<{ name: string; status: OverallStatus; latencyMs?: number; message?: string }> {
  return report.targets.map((t) => {
    const bad = t.checks.find((c) => c.status === 'critical') ?? t.checks.find((c) => c.status === 'warning');
    return { name: t.name, status: t.status, ...(t.latencyMs === undefined ? {} : { latencyMs: t.latencyMs }), ...(bad ? { message: bad.message } : {}) };
  });
}
