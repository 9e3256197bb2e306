import { join } from 'node:path';
import { type BackendDescriptor, type StorageConfig, createLocalStore, defineBackend } from '@agentmap/storage-core';
import { z } from 'zod';

/** The three clouds of the guide: URI scheme, config key under `providers`, and the package that reaches the real one. */
const CLOUDS = [
  { scheme: 'azure', configKey: 'azure', noun: 'container', pkg: '@agentmap/storage-azure', exportName: 'azureBlobBackend' },
  { scheme: 's3', configKey: 'aws', noun: 'bucket', pkg: '@agentmap/storage-s3', exportName: 's3Backend' },
  { scheme: 'gs', configKey: 'gcp', noun: 'bucket', pkg: '@agentmap/storage-gcs', exportName: 'gcsBackend' },
] as const;

/** The first `providers.<configKey>` section of any service section. */
function providerSection(config: StorageConfig, configKey: string): Record<string, unknown> | undefined {
  for (const section of Object.values(config as Record<string, { providers?: Record<string, Record<string, unknown>> } | undefined>)) {
    const found = section?.providers?.[configKey];
    if (found) return found;
  }
  return undefined;
}

/**
 * One backend per cloud. A provider section with `local_dir` serves that cloud's URIs from
 * `<local_dir>/<scheme>/<container>/<key>` (offline development); any other section loads the
 * real backend package, so switching is a YAML edit. A cloud with no section stays local too,
 * under the demo directory.
 */
export async function cloudBackends(config: StorageConfig, fallbackDir: string): Promise<BackendDescriptor<unknown>[]> {
  const backends: BackendDescriptor<unknown>[] = [];
  for (const cloud of CLOUDS) {
    const section = providerSection(config, cloud.configKey);
    if (section === undefined || typeof section.local_dir === 'string') {
      const root = typeof section?.local_dir === 'string' ? section.local_dir : fallbackDir;
      backends.push(
        defineBackend({
          scheme: cloud.scheme,
          configKey: cloud.configKey,
          noun: cloud.noun,
          configSchema: z.looseObject({ local_dir: z.string().min(1).optional() }),
          create: (namespace) => createLocalStore({ baseDir: join(root, cloud.scheme, namespace) }),
        }),
      );
      continue;
    }
    // Loaded only when asked for: the offline demo never pays for three cloud SDKs.
    const module = (await import(cloud.pkg)) as Record<string, BackendDescriptor<unknown>>;
    backends.push(module[cloud.exportName]!);
  }
  return backends;
}
