import type { ConfigIssue } from '../config/issues';
import { formatPath } from '../config/issues';
import type { StorageConfig } from '../config/types';
import type { BackendDescriptor } from './define-backend';
import { placingSections, serviceSection } from './placement';
import { installHint } from './schemes';

/** Provider sections as each backend's schema parsed them, by `<section>\u0000<configKey>`. */
export type ParsedSections = Map<string, Record<string, unknown>>;

/** The key of a parsed provider section in {@link ParsedSections}. */
export const sectionId = (sectionName: string, configKey: string) => `${sectionName}\u0000${configKey}`;

/**
 * Checks the provider sections of every placing section against the backends given: each
 * section is parsed by its backend's schema (issues carry their exact path), and
 * `default_provider` must name a backend's config key. With `strict`, a provider section
 * no backend handles is an issue saying what to install; without it (loading a config
 * before the backends are known) it is kept as given.
 */
export function checkBackendSections(
  config: StorageConfig,
  backends: readonly BackendDescriptor<unknown>[],
  strict: boolean,
): { issues: ConfigIssue[]; parsed: ParsedSections } {
  const issues: ConfigIssue[] = [];
  const parsed: ParsedSections = new Map();
  const byKey = new Map(backends.map((backend) => [backend.configKey, backend]));
  const byAlias = (name: string) => backends.find((backend) => backend.scheme === name || backend.aliases.includes(name));

  for (const sectionName of placingSections(config)) {
    const section = serviceSection(config, sectionName)!;
    const providers = typeof section.providers === 'object' && section.providers !== null && !Array.isArray(section.providers) ? section.providers : {};
    for (const [configKey, value] of Object.entries(providers)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const at = ['providers', configKey];
      const backend = byKey.get(configKey);
      if (!backend) {
        const meant = byAlias(configKey.toLowerCase());
        if (meant) issues.push({ path: formatPath([sectionName, ...at]), message: `is a section for ${meant.scheme}://, which the config calls "${meant.configKey}": rename it providers.${meant.configKey}` });
        else if (strict) issues.push({ path: formatPath([sectionName, ...at]), message: `no registered backend reads provider "${configKey}". ${installHint(configKey)}` });
        continue;
      }
      if (!backend.configSchema) {
        if (value) parsed.set(sectionId(sectionName, configKey), value);
        continue;
      }
      const result = backend.configSchema.safeParse(plainCopy(value));
      if (result.success) parsed.set(sectionId(sectionName, configKey), result.data as Record<string, unknown>);
      else for (const issue of result.error.issues) issues.push({ path: formatPath([sectionName, ...at, ...issue.path]), message: issue.message });
    }

    const named = section.default_provider;
    if (typeof named !== 'string') continue;
    const path = formatPath([sectionName, 'default_provider']);
    const backend = byKey.get(named);
    if (backend) {
      if (!backend.containerless && backend.scheme !== 'memory' && providers[named] === undefined) {
        issues.push({ path, message: `names provider "${named}" but there is no providers.${named} section: add it with its default_${backend.noun}` });
      }
      continue;
    }
    const meant = byAlias(named.toLowerCase());
    if (meant) issues.push({ path, message: `names provider "${named}", which the config calls "${meant.configKey}": write default_provider: ${meant.configKey}` });
    else if (strict) issues.push({ path, message: `names provider "${named}", which no registered backend reads. ${installHint(named)}` });
    else if (providers[named] === undefined) issues.push({ path, message: `names provider "${named}" but there is no providers.${named} section: add it, or use local, memory or a registered backend's config key` });
  }
  return { issues, parsed };
}

/** The enumerable data of a section, without the redaction hooks a loaded config carries. */
function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainCopy);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item !== 'function') out[key] = plainCopy(item);
  }
  return out;
}
