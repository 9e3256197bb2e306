import { type ObjectStore, type StorageConfig, StorageError, createLocalStore } from '@agentmap/storage-core';
import { type HealthReport, type HealthTarget, checkHealth, healthSettingsFromConfig } from '@agentmap/storage-ops';
import Table from 'cli-table3';
import type { Targets } from '../context';
import { EXIT_CODES } from '../exit-codes';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';

export interface HealthCommandOptions extends GlobalOptions {
  timeout?: string;
}

/** `health [targets...]`: checks the given URIs, or every store the config names. */
export async function healthCommand(io: Io, targets: Targets, uris: string[], options: HealthCommandOptions): Promise<number> {
  const settings = healthSettingsFromConfig(targets.config?.monitoring);
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new StorageError('INVALID_ARGUMENT', `--timeout must be a number of seconds above 0; got ${JSON.stringify(options.timeout)}.`, { provider: 'cli' });
    settings.timeoutMs = Math.round(seconds * 1000);
  }
  const list: HealthTarget[] = uris.length > 0 ? uris.map((uri) => ({ name: uri, store: targets.prefix(uri).store })) : configuredTargets(targets);
  if (list.length === 0) {
    throw new StorageError('INVALID_ARGUMENT', 'Nothing to check: give URIs (agentmap-storage health s3://bucket) or a config whose services name providers.', { provider: 'cli' });
  }
  const report = await checkHealth(list, settings);
  if (options.json) writeJson(io, report);
  else printReport(io, report);
  return report.status === 'healthy' ? EXIT_CODES.OK : EXIT_CODES.PROBLEMS;
}

/** Every store the config places collections in: each service's providers and their containers. */
export function configuredTargets(targets: Targets): HealthTarget[] {
  const config: StorageConfig | undefined = targets.config;
  if (!config) return [];
  const router = targets.routerFor();
  const byKey = new Map(router.backends().map((b) => [b.configKey, b]));
  const seen = new Map<string, HealthTarget>();
  const add = (name: string, store: ObjectStore) => {
    if (!seen.has(store.location)) seen.set(store.location, { name, store });
  };
  for (const [sectionName, section] of Object.entries(config)) {
    const providers = (section as { providers?: Record<string, Record<string, unknown> | undefined> } | undefined)?.providers;
    if (!providers || typeof providers !== 'object') continue;
    for (const [configKey, provider] of Object.entries(providers)) {
      const backend = byKey.get(configKey);
      if (!backend || backend.scheme === 'memory' || !provider) continue;
      if (backend.scheme === 'local') {
        const baseDir = (provider.base_dir as string | undefined) ?? '.';
        add(`${sectionName}/local`, createLocalStore({ baseDir }));
        continue;
      }
      const containers = new Set<string>();
      const fallback = provider[`default_${backend.noun}`];
      if (typeof fallback === 'string' && fallback !== '') containers.add(fallback);
      const map = provider[`${backend.noun}s`];
      if (map && typeof map === 'object') for (const value of Object.values(map)) if (typeof value === 'string' && value !== '') containers.add(value);
      for (const container of containers) {
        const { store } = router.resolve(`${backend.scheme}://${container}/_`);
        add(`${sectionName}/${configKey}/${container}`, store);
      }
    }
  }
  return [...seen.values()];
}

function printReport(io: Io, report: HealthReport): void {
  const table = new Table({ head: ['store', 'status', 'latency ms', 'errors %', 'capacity %', 'message'], style: { head: [], border: [] }, wordWrap: true });
  for (const t of report.targets) {
    const bad = t.checks.find((c) => c.status === 'critical') ?? t.checks.find((c) => c.status === 'warning');
    table.push([t.name, t.status, t.latencyMs ?? '-', t.errorRatePercent ?? '-', t.capacityPercent ?? '-', bad ? `${bad.name}: ${bad.code ? `${bad.code} ` : ''}${bad.message}` : 'ok']);
  }
  writeLine(io, table.toString());
  writeLine(io, `overall: ${report.status}`);
}
