import { z } from 'zod';
import { type ObjectStore, createMemoryStore, defineBackend } from '../../src/index';
import { commonProviderFields, configReaders, namespaceFields } from '../../src/kit';

/** A plugin backend as a third-party package would write one: its own scheme, config key, noun and schema. */
export const kvSchema = z.looseObject({
  ...commonProviderFields,
  ...namespaceFields('bucket'),
  region: configReaders.text('a region such as "eu-1"').optional(),
  endpoint: configReaders.url().optional(),
  scopes: z.array(configReaders.text('a scope URL'), { error: 'expected a list of scope URLs' }).optional(),
});

/** What the kv backend's create() was handed, in order. */
export const kvMade: Array<{ namespace: string; section: z.infer<typeof kvSchema> | undefined }> = [];

export const kvBackend = defineBackend({
  scheme: 'kv',
  configKey: 'kvstore',
  noun: 'bucket',
  provider: 'kv',
  packageName: 'agentmap-storage-kv',
  aliases: ['keyvalue'],
  configSchema: kvSchema,
  create: (namespace, section): ObjectStore => {
    kvMade.push({ namespace, section });
    return { ...createMemoryStore({ name: `kv-${namespace}` }), provider: 'kv', location: `kv://${namespace}` };
  },
});
