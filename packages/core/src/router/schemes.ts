import { StorageError } from '../errors/storage-error';

// The config calls AWS `aws` and GCP `gcp`, while their URIs are `s3://` and `gs://`.
const SCHEME_OF_PROVIDER: Readonly<Record<string, string>> = { aws: 's3', gcp: 'gs' };
const PROVIDER_OF_SCHEME: Readonly<Record<string, string>> = { s3: 'aws', gs: 'gcp' };

/** The URI scheme of a config provider name: `aws` -> `s3`, `gcp` -> `gs`, others unchanged. */
export function schemeOfProvider(provider: string): string {
  return SCHEME_OF_PROVIDER[provider] ?? provider;
}

/** The config provider name of a URI scheme: `s3` -> `aws`, `gs` -> `gcp`, others unchanged. */
export function providerOfScheme(scheme: string): string {
  return PROVIDER_OF_SCHEME[scheme] ?? scheme;
}

/** The packages that add the cloud schemes, and the function that registers each on a router. */
const CLOUD_PACKAGES: Readonly<Record<string, { pkg: string; register: string }>> = {
  azure: { pkg: '@agentmap/storage-azure', register: 'registerAzure' },
  s3: { pkg: '@agentmap/storage-s3', register: 'registerS3' },
  gs: { pkg: '@agentmap/storage-gcs', register: 'registerGcs' },
};

/** Schemes people write by mistake, and the one they mean. */
const MISSPELLED: Readonly<Record<string, string>> = { gcs: 'gs', gcp: 'gs', aws: 's3', file: 'local', az: 'azure', blob: 'azure', mem: 'memory' };

/** Schemes that are known, whether or not a router has them registered yet. */
export const KNOWN_SCHEMES: ReadonlySet<string> = new Set(['local', 'memory', ...Object.keys(CLOUD_PACKAGES)]);

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

/** The `UNSUPPORTED` error for a scheme nobody registered, saying what to install or register. */
export function unregisteredScheme(scheme: string, registered: readonly string[], target: string): StorageError {
  const known = `Registered schemes: ${registered.map((s) => `${s}://`).join(', ') || 'none'}.`;
  const cloud = CLOUD_PACKAGES[scheme];
  const meant = MISSPELLED[scheme];
  let hint: string;
  if (cloud) hint = `Install ${cloud.pkg} and call ${cloud.register}(router) before resolving ${scheme}:// targets.`;
  else if (meant) hint = `Did you mean ${meant}://?`;
  else hint = `A plugin adds it with router.register('${scheme}', factory).`;
  return new StorageError('UNSUPPORTED', `No backend is registered for ${scheme}:// (in "${target}"). ${known} ${hint}`, { provider: 'router', key: target });
}
