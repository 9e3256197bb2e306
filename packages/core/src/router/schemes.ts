import { StorageError } from '../errors/storage-error';
import type { BackendDescriptor } from './define-backend';

/**
 * AgentMap's own backend packages, for the hint when a URI or a config section needs one
 * that is not registered. Data only: core imports none of them, and a plugin's descriptor
 * carries its own package name.
 */
const OWN_PACKAGES: readonly { scheme: string; configKey: string; packageName: string; descriptor: string; aliases: readonly string[] }[] = [
  { scheme: 's3', configKey: 'aws', packageName: '@agentmap/storage-s3', descriptor: 's3Backend', aliases: ['amazon'] },
  { scheme: 'azure', configKey: 'azure', packageName: '@agentmap/storage-azure', descriptor: 'azureBlobBackend', aliases: ['az', 'blob'] },
  { scheme: 'gs', configKey: 'gcp', packageName: '@agentmap/storage-gcs', descriptor: 'gcsBackend', aliases: ['gcs', 'google'] },
];

/** One of AgentMap's own packages known by scheme, config key or alias. */
export function ownPackageFor(name: string): (typeof OWN_PACKAGES)[number] | undefined {
  const lower = name.toLowerCase();
  return OWN_PACKAGES.find((entry) => entry.scheme === lower || entry.configKey === lower || entry.aliases.includes(lower));
}

/** Schemes known whether or not a router has them registered, for near-miss URIs (`s3:/b/k`). */
export const KNOWN_SCHEMES: ReadonlySet<string> = new Set(['local', 'memory', ...OWN_PACKAGES.map((entry) => entry.scheme)]);

const SCHEME = /^[a-z][a-z0-9+.-]*$/;

/** Checks a scheme name given to `register`, returning it lower-cased. */
export function checkSchemeName(scheme: unknown): string {
  const name = typeof scheme === 'string' ? scheme.trim().replace(/:(\/\/)?$/, '').toLowerCase() : '';
  if (!SCHEME.test(name)) {
    throw new StorageError('INVALID_ARGUMENT', `A scheme must be a name such as "dropbox" (letters, digits, "+", "-", "."; starting with a letter); got ${JSON.stringify(scheme)}.`, {
      provider: 'router',
    });
  }
  return name;
}

/** How to get a backend for `name` (a scheme or config key) onto a router. */
export function installHint(name: string): string {
  const own = ownPackageFor(name);
  if (own) return `Install ${own.packageName} and pass ${own.descriptor} in createStorageRouter({ backends: [${own.descriptor}] }).`;
  return `Install the package that provides it and pass its descriptor (made with defineBackend) in createStorageRouter({ backends }).`;
}

/** The `UNSUPPORTED` error for a scheme nobody registered, saying what to install or register. */
export function unregisteredScheme(scheme: string, registered: readonly BackendDescriptor<unknown>[], target: string): StorageError {
  const known = `Registered schemes: ${registered.map((d) => `${d.scheme}://`).join(', ') || 'none'}.`;
  const meant = registered.find((d) => d.aliases.includes(scheme) || d.configKey === scheme);
  const own = ownPackageFor(scheme);
  const hint = meant ? `Did you mean ${meant.scheme}://?` : own && own.scheme !== scheme ? `Did you mean ${own.scheme}://? ${installHint(own.scheme)}` : installHint(scheme);
  return new StorageError('UNSUPPORTED', `No backend is registered for ${scheme}:// (in "${target}"). ${known} ${hint}`, { provider: 'router', key: target });
}
