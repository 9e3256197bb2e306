import { StorageError } from '@agentmap/storage-core';
import { z } from 'zod';

/** A warning and a critical level; a measurement at or above a level reaches it. */
export interface Thresholds {
  warning: number;
  critical: number;
}

/** What {@link checkHealth} measures and where it draws the lines (the guide's `monitoring.health_checks`). */
export interface HealthSettings {
  /** Each store's checks together must finish within this (ms), even if an endpoint hangs. Default 10 000. */
  timeoutMs?: number;
  /** A connectivity failure is `critical` (default) or only a `warning`. */
  connectivityCritical?: boolean;
  /** Probe latency in ms. Default warning 1000, critical 5000. */
  latencyMs?: Thresholds;
  /** Failed calls in percent. Default warning 5, critical 10. */
  errorRatePercent?: Thresholds;
  /** Used capacity in percent, where the backend can tell. Default warning 80, critical 95. */
  capacityPercent?: Thresholds;
  /** Probes per store (latency is their median, the error rate their failures). Default 3. */
  samples?: number;
  /** Checks turned off (`enabled: false` in config): `provider_connectivity`, `operation_latency`, `error_rate`, `storage_capacity`. */
  disabled?: readonly HealthCheckName[];
}

export type HealthCheckName = 'provider_connectivity' | 'operation_latency' | 'error_rate' | 'storage_capacity';

export const HEALTH_DEFAULTS = {
  timeoutMs: 10_000,
  connectivityCritical: true,
  latencyMs: { warning: 1000, critical: 5000 },
  errorRatePercent: { warning: 5, critical: 10 },
  capacityPercent: { warning: 80, critical: 95 },
  samples: 3,
  disabled: [] as readonly HealthCheckName[],
};

const number = (what: string) => z.number({ error: `expected ${what}` }).min(0, { error: `expected ${what}, 0 or more` });

const check = z.looseObject(
  {
    name: z.string({ error: 'expected a check name such as "provider_connectivity"' }),
    enabled: z.boolean({ error: 'expected true or false' }).optional(),
    timeout: number('a number of seconds').optional(),
    critical: z.boolean({ error: 'expected true or false' }).optional(),
    warning_threshold: number('a number').optional(),
    critical_threshold: number('a number').optional(),
    window: number('a number of seconds').optional(),
  },
  { error: 'expected a mapping (name: …, enabled: …)' },
);

/** The `storage.monitoring` section as the guide writes it; keys it does not read are kept. */
export const monitoringConfigSchema = z.looseObject(
  {
    enabled: z.boolean({ error: 'expected true or false' }).optional(),
    check_interval: number('a number of seconds').optional(),
    health_checks: z.array(check, { error: 'expected a list of checks' }).optional(),
  },
  { error: 'expected a mapping (health_checks: […])' },
);

/**
 * Reads `storage.monitoring` (the section, or a loaded config holding it) into
 * {@link HealthSettings}: `provider_connectivity.timeout` (seconds) becomes `timeoutMs`, the
 * thresholds of `operation_latency` (ms), `error_rate` and `storage_capacity` (percent) are
 * taken as written. A bad value is `INVALID_ARGUMENT` naming its exact path.
 */
export function healthSettingsFromConfig(config: unknown): HealthSettings {
  const holder = config as { monitoring?: unknown } | undefined;
  const section = holder !== null && typeof holder === 'object' && 'monitoring' in holder ? holder.monitoring : config;
  if (section === undefined || section === null) return {};
  const parsed = monitoringConfigSchema.safeParse(section);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `storage.monitoring${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`);
    throw new StorageError('INVALID_ARGUMENT', `The monitoring settings have ${issues.length} problem(s): ${issues.join('; ')}.`, { provider: 'config', details: { issues } });
  }
  const settings: HealthSettings = {};
  const disabled: HealthCheckName[] = [];
  const thresholds = (c: z.infer<typeof check>, defaults: Thresholds): Thresholds => ({ warning: c.warning_threshold ?? defaults.warning, critical: c.critical_threshold ?? defaults.critical });
  for (const c of parsed.data.health_checks ?? []) {
    if (c.enabled === false && isCheckName(c.name)) disabled.push(c.name);
    if (c.name === 'provider_connectivity') {
      if (c.timeout !== undefined) settings.timeoutMs = Math.round(c.timeout * 1000);
      if (c.critical !== undefined) settings.connectivityCritical = c.critical;
    } else if (c.name === 'operation_latency') settings.latencyMs = thresholds(c, HEALTH_DEFAULTS.latencyMs);
    else if (c.name === 'error_rate') settings.errorRatePercent = thresholds(c, HEALTH_DEFAULTS.errorRatePercent);
    else if (c.name === 'storage_capacity') settings.capacityPercent = thresholds(c, HEALTH_DEFAULTS.capacityPercent);
  }
  if (disabled.length > 0) settings.disabled = disabled;
  return settings;
}

function isCheckName(name: string): name is HealthCheckName {
  return name === 'provider_connectivity' || name === 'operation_latency' || name === 'error_rate' || name === 'storage_capacity';
}
