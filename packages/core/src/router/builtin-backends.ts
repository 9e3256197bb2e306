import { z } from 'zod';
import { createLocalStore } from '../backends/local/local-store';
import { createMemoryStore } from '../backends/memory/memory-store';
import { commonProviderFields, configReaders } from '../config/readers';
import { type BackendDescriptor, defineBackend } from './define-backend';

/** `providers.local`: the directory collections live in. */
export const localConfigSchema = z.looseObject({ ...commonProviderFields, base_dir: configReaders.text('a directory path').optional() });

/** `providers.memory`: a default namespace and a map of collection names to namespaces. */
export const memoryConfigSchema = z.looseObject({
  ...commonProviderFields,
  default_container: configReaders.containerName().optional(),
  containers: configReaders.nameMap('namespace').optional(),
});

/** `local://path`: a local store rooted at the base directory. */
export const localBackend: BackendDescriptor<z.infer<typeof localConfigSchema>> = defineBackend({
  scheme: 'local',
  noun: 'directory',
  packageName: '@agentmap/storage-core',
  aliases: ['file', 'filesystem'],
  containerless: true,
  configSchema: localConfigSchema,
  create: (baseDir) => createLocalStore({ baseDir }),
});

/** `memory://name/path`: one memory store per name, alive as long as the router. */
export const memoryBackend: BackendDescriptor<z.infer<typeof memoryConfigSchema>> = defineBackend({
  scheme: 'memory',
  noun: 'container',
  packageName: '@agentmap/storage-core',
  aliases: ['mem'],
  configSchema: memoryConfigSchema,
  create: (name) => createMemoryStore({ name }),
});

/** The backends every router has. */
export const BUILTIN_BACKENDS: readonly BackendDescriptor<unknown>[] = [localBackend, memoryBackend];
