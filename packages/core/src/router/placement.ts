import { StorageError } from '../errors/storage-error';
import type { ServiceConfig, StorageConfig } from '../config/types';
import { providerOfScheme, schemeOfProvider } from './schemes';

/** Where a plain collection name, or a service's default store, lives. */
export interface Placement {
  /** The config provider name (`aws`) and its URI scheme (`s3`). */
  provider: string;
  scheme: string;
  /** Container, bucket or namespace; for `local`, the base directory. */
  container: string;
  /** The provider's config section, `env:` already resolved. */
  providerConfig: Record<string, unknown> | undefined;
}

/** A service section of the config, when it is a mapping. */
export function serviceSection(config: StorageConfig, name: string): ServiceConfig | undefined {
  const section = config[name];
  return typeof section === 'object' && section !== null ? (section as ServiceConfig) : undefined;
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
 * The provider section for a scheme: from `preferred` first, else from the first service
 * section that configures it (so `s3://` URIs find `providers.aws` wherever it is).
 */
export function providerConfigFor(config: StorageConfig, scheme: string, preferred: string): Record<string, unknown> | undefined {
  const provider = providerOfScheme(scheme);
  const names = [preferred, ...Object.keys(config).filter((name) => name !== preferred)];
  for (const name of names) {
    const found = serviceSection(config, name)?.providers?.[provider];
    if (found) return found;
  }
  return undefined;
}

/** The base directory of a section's local provider: `providers.local.base_dir`, else `options.base_directory`. */
export function localBaseDir(section: ServiceConfig | undefined): string | undefined {
  return section?.providers?.local?.base_dir ?? section?.options?.base_directory;
}

/**
 * Places a plain collection name (or, without one, the section's default store): the
 * section's `default_provider` (else `local`), then its `containers` / `buckets` map, else
 * `default_container` / `default_bucket`; `local` uses the base directory.
 */
export function placeCollection(config: StorageConfig, sectionName: string, collection: string | undefined): Placement {
  const section = serviceSection(config, sectionName);
  const provider = section?.default_provider ?? 'local';
  const scheme = schemeOfProvider(provider);
  const path = `storage.${sectionName}`;
  if (provider === 'local') {
    const baseDir = localBaseDir(section);
    if (baseDir === undefined) {
      throw new StorageError(
        'INVALID_ARGUMENT',
        `${describe(collection)} cannot be placed: ${path} has no local directory. Set ${path}.providers.local.base_dir (or ${path}.options.base_directory), or use a URI such as local://${collection ?? 'name'}.`,
        { provider: 'router', key: collection },
      );
    }
    return { provider, scheme, container: baseDir, providerConfig: section?.providers?.local };
  }
  const providerConfig = section?.providers?.[provider];
  const isBucket = provider === 'aws' || provider === 'gcp';
  const word = isBucket ? 'bucket' : 'container';
  const map = (providerConfig?.[isBucket ? 'buckets' : 'containers'] ?? providerConfig?.containers ?? providerConfig?.buckets) as Record<string, string> | undefined;
  const fallback = (providerConfig?.[`default_${word}`] ?? providerConfig?.default_container ?? providerConfig?.default_bucket) as string | undefined;
  const container = (collection === undefined ? undefined : map?.[collection]) ?? fallback ?? (provider === 'memory' ? 'default' : undefined);
  if (container === undefined) {
    const at = `${path}.providers.${provider}`;
    throw new StorageError(
      'INVALID_ARGUMENT',
      `${describe(collection)} has no ${word}: add ${collection === undefined ? '' : `${at}.${word}s.${collection} or `}${at}.default_${word}.`,
      { provider: 'router', key: collection },
    );
  }
  return { provider, scheme, container, providerConfig };
}

function describe(collection: string | undefined): string {
  return collection === undefined ? 'The default store' : `Collection "${collection}"`;
}
