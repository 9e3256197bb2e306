import { StorageError } from '../errors/storage-error';
import { checkBackendSections } from '../router/backend-sections';
import { BUILTIN_BACKENDS } from '../router/builtin-backends';
import type { BackendDescriptor } from '../router/define-backend';
import { type EnvSource, resolveValues } from './env';
import { type ConfigIssue, configError, formatPath } from './issues';
import { storageConfigSchema } from './schema';
import { protectConfig } from './secrets';
import { type ConfigSource, checkConfigDepth, parseYaml, readConfigSource, storageSection } from './source';
import type { StorageConfig } from './types';

/** Options of {@link loadStorageConfig}. */
export interface LoadStorageConfigOptions {
  /** Where `env:` references are looked up. Default: `process.env`. */
  env?: EnvSource;
  /**
   * Backends whose provider sections are validated now (each by its own schema), and whose
   * absence is then reported: a provider section no backend given reads is an issue saying
   * which package to install. Without it, sections of unknown providers are kept as given
   * and checked when a router is created.
   */
  backends?: readonly BackendDescriptor<unknown>[];
}

const LOADED = Symbol.for('@agentmap/storage-core/loaded-config');

/** True when `config` came out of {@link loadStorageConfig} or {@link parseStorageConfig}. */
export function isLoadedConfig(config: unknown): config is StorageConfig {
  return typeof config === 'object' && config !== null && (config as Record<symbol, unknown>)[LOADED] === true;
}

/**
 * Loads the `storage:` section of an AgentMap config from a YAML file path (or `file:` URL),
 * YAML text, or an object. A document with a top-level `storage:` key and the bare section
 * are both accepted.
 *
 * Every string value may be `env:VAR` or `env:VAR:default`; sizes such as `"100MB"` become
 * byte counts. Invalid values throw one `INVALID_ARGUMENT` listing each exact path
 * (`storage.json.providers.aws.region`) and what is expected; no value is ever printed.
 * The result prints redacted: `JSON.stringify` and `console.log` of it show `[redacted]`
 * for secrets, while reading a property gives the real value.
 *
 * ```ts
 * const config = await loadStorageConfig('agentmap.yaml');
 * const router = createStorageRouter({ config });
 * ```
 */
export async function loadStorageConfig(source: ConfigSource, options: LoadStorageConfigOptions = {}): Promise<StorageConfig> {
  const raw = await readConfigSource(source);
  return finish(raw.tree, raw.origin, options);
}

/** Like {@link loadStorageConfig} for YAML text or an object, synchronously (no file access). */
export function parseStorageConfig(source: string | Record<string, unknown>, options: LoadStorageConfigOptions = {}): StorageConfig {
  if (typeof source === 'string') return finish(parseYaml(source, 'YAML text'), 'YAML text', options);
  return finish(source, 'object', options);
}

function finish(tree: unknown, origin: string, options: LoadStorageConfigOptions): StorageConfig {
  checkConfigDepth(tree, origin);
  const section = storageSection(tree);
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new StorageError('INVALID_ARGUMENT', `The storage config (${origin}) must be a mapping of sections (json, csv, file, vector, cache…); storage is not one.`, {
      provider: 'config',
    });
  }
  const issues: ConfigIssue[] = [];
  const resolved = resolveValues(section, options.env ?? process.env, issues);
  const parsed = storageConfigSchema.safeParse(resolved);
  const known = new Set(issues.map((issue) => issue.path));
  const add = (issue: ConfigIssue) => {
    // A variable that was not set already explains why the value is missing.
    if (known.has(issue.path)) return;
    known.add(issue.path);
    issues.push(issue);
  };
  if (!parsed.success) for (const issue of parsed.error.issues) add({ path: formatPath(issue.path), message: issue.message });
  // Provider sections are checked even when the rest failed, so one pass reports everything.
  const backends = [...BUILTIN_BACKENDS, ...(options.backends ?? [])];
  const checked = (parsed.success ? parsed.data : resolved) as StorageConfig;
  const sections = checkBackendSections(checked, backends, options.backends !== undefined);
  for (const issue of sections.issues) add(issue);
  // Sections the given backends parsed are kept as parsed ("30" from env: becomes 30).
  if (parsed.success) {
    for (const [id, section] of sections.parsed) {
      const [sectionName, configKey] = id.split('\u0000') as [string, string];
      const providers = (parsed.data[sectionName] as { providers?: Record<string, unknown> } | undefined)?.providers;
      if (providers && configKey in providers) providers[configKey] = section;
    }
  }
  if (issues.length > 0 || !parsed.success) throw configError(issues, origin);
  Object.defineProperty(parsed.data, LOADED, { value: true, enumerable: false });
  return protectConfig(parsed.data);
}
