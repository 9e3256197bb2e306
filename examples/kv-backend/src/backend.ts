import { defineBackend } from '@agentmap/storage-core';
import { type KvConfigSection, kvConfigSchema } from './config';
import { createKvStore } from './store';

/**
 * The descriptor a router needs: `kv://namespace/key` URIs, the `providers.kv` config
 * section (validated by its own schema when the router is created), and namespaces as the
 * noun (`default_namespace`, `namespaces`).
 *
 * ```ts
 * const router = createStorageRouter({ config: await loadStorageConfig('agentmap.yaml'), backends: [kvBackend] });
 * ```
 */
export const kvBackend = defineBackend<KvConfigSection>({
  scheme: 'kv',
  configKey: 'kv',
  noun: 'namespace',
  packageName: '@agentmap/example-kv-backend',
  aliases: ['keyvalue'],
  configSchema: kvConfigSchema,
  create: (namespace, section) => createKvStore({ namespace, ...(section?.max_object_size === undefined ? {} : { maxObjectSize: section.max_object_size }) }),
});
