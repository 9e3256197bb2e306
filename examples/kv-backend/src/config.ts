import { commonProviderFields, configReaders, namespaceFields } from '@agentmap/storage-core/kit';
import { z } from 'zod';

/**
 * The `providers.kv` section, built from core's shared readers so `"1MB"`, `"30"` from an
 * `env:` reference and `"true"` read as everywhere else.
 *
 * ```yaml
 * storage:
 *   json:
 *     default_provider: kv
 *     providers:
 *       kv: { default_namespace: main, namespaces: { users: people }, max_object_size: 1MB }
 * ```
 */
export const kvConfigSchema = z.looseObject({
  ...commonProviderFields,
  ...namespaceFields('namespace'),
  max_object_size: configReaders.size().optional(),
});

/** The parsed `providers.kv` section. */
export type KvConfigSection = z.infer<typeof kvConfigSchema>;
