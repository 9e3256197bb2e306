import type { ServiceConfig, StorageConfig } from '../config/types';
import { StorageError } from '../errors/storage-error';
import type { BackendDescriptor } from './define-backend';

/** Where a plain collection name, or a section's default store, lives. */
export interface Placement {
  /** The backend that serves it. */
  backend: BackendDescriptor<unknown>;
  /** Container, bucket or namespace; for containerless backends (`local`), the base directory. */
  container: string;
  /** The path of the provider section used, for messages (`storage.json.providers.aws`). */
  at: string;
}

/** A section of the config, when it is a mapping. */
export function serviceSection(config: StorageConfig, name: string): ServiceConfig | undefined {
  const section = config[name];
  return typeof section === 'object' && section !== null && !Array.isArray(section) ? (section as ServiceConfig) : undefined;
}

/** The sections that place collections: mappings with `default_provider` or `providers`, in config order. */
export function placingSections(config: StorageConfig): string[] {
  return Object.keys(config).filter((name) => {
    const section = serviceSection(config, name);
    return section !== undefined && (section.default_provider !== undefined || section.providers !== undefined);
  });
}

/**
 * The section plain names are looked up in: the one asked for when it is configured, else
 * the router's default, else the one named like the extension (`.csv` -> `csv`), else the
 * first section that places collections (the one asked for when none does).
 */
export function chooseSection(config: StorageConfig, asked: string | undefined, extension: string | undefined, routerDefault: string | undefined): string {
  if (asked !== undefined && serviceSection(config, asked)) return asked;
  if (routerDefault !== undefined) return routerDefault;
  const sections = placingSections(config);
  const byExtension = extension?.replace(/^\./, '').toLowerCase();
  if (byExtension !== undefined && sections.includes(byExtension)) return byExtension;
  return sections[0] ?? asked ?? 'default';
}

/**
 * The section of a provider (`providers.aws`) for a URI of its scheme: from `preferred`
 * first, else from the first section that configures it (so `s3://` URIs find
 * `providers.aws` wherever it is).
 */
export function providerSectionFor(config: StorageConfig, configKey: string, preferred: string): { section: Record<string, unknown>; sectionName: string } | undefined {
  for (const name of [preferred, ...Object.keys(config).filter((key) => key !== preferred)]) {
    const found = serviceSection(config, name)?.providers?.[configKey];
    if (found) return { section: found, sectionName: name };
  }
  return undefined;
}

/** The base directory of a section's local provider: `providers.local.base_dir`, else `options.base_directory`. */
export function localBaseDir(section: ServiceConfig | undefined): string | undefined {
  return (section?.providers?.local?.base_dir) ?? (section?.options?.base_directory);
}

/**
 * Places a plain collection name (or, without one, the section's default store): the
 * section's `default_provider` (else `local`), then its `<noun>s` map (`buckets`,
 * `containers`), else `default_<noun>`; a containerless backend uses the base directory.
 */
export function placeCollection(
  config: StorageConfig,
  sectionName: string,
  collection: string | undefined,
  backendFor: (configKey: string, target: string) => BackendDescriptor<unknown>,
): Placement {
  const section = serviceSection(config, sectionName);
  const configKey = section?.default_provider ?? 'local';
  const path = `storage.${sectionName}`;
  const at = `${path}.providers.${configKey}`;
  const backend = backendFor(configKey, collection ?? path);
  if (backend.containerless) {
    const baseDir = localBaseDir(section);
    if (baseDir === undefined) {
      throw new StorageError(
        'INVALID_ARGUMENT',
        `${describe(collection)} cannot be placed: ${path} has no local directory. Set ${at}.base_dir (or ${path}.options.base_directory), or use a URI such as local://${collection ?? 'name'}.`,
        { provider: 'router', key: collection },
      );
    }
    return { backend, container: baseDir, at };
  }
  const providerSection = section?.providers?.[configKey];
  const noun = backend.noun;
  const map = providerSection?.[`${noun}s`] as Record<string, string> | undefined;
  const fallback = providerSection?.[`default_${noun}`] as string | undefined;
  const container = (collection === undefined ? undefined : map?.[collection]) ?? fallback ?? (backend.scheme === 'memory' ? 'default' : undefined);
  if (container === undefined) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `${describe(collection)} has no ${noun}: add ${collection === undefined ? '' : `${at}.${noun}s.${collection} or `}${at}.default_${noun}.`,
      { provider: 'router', key: collection },
    );
  }
  return { backend, container, at };
}

function describe(collection: string | undefined): string {
  return collection === undefined ? 'The default store' : `Collection "${collection}"`;
}
