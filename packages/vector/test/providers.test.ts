import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLocalVectorStore, defineVectorProvider, isVectorProviderDescriptor, KNOWN_VECTOR_PROVIDERS, localVectorProvider, vectorStoreFromConfig } from '../src/index';
import { createMemoryStore } from '@agentmap/storage-core';
import { codeOf, errorOf } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'vector-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vector providers from config', () => {
  it('creates the store the section names', async () => {
    const store = await vectorStoreFromConfig({ provider: 'local', options: { base_dir: dir, metric: 'euclidean' } }, { backends: [localVectorProvider] });
    await store.upsert('cfg', [{ id: 'a', vector: [1, 2, 3] }]);
    const [hit] = await store.query('cfg', { vector: [1, 2, 3] });
    expect(hit?.score).toBe(1);
  });

  it('says which package to install for a known provider nobody registered', async () => {
    const error = await errorOf(vectorStoreFromConfig({ provider: 'chroma', options: {} }, { backends: [localVectorProvider] }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain(KNOWN_VECTOR_PROVIDERS.chroma);
    expect(await codeOf(vectorStoreFromConfig({ provider: 'nosuchdb' }, { backends: [] }))).toBe('UNSUPPORTED');
  });

  it('names the path of a bad option, and refuses keys outside provider and options', async () => {
    const error = await errorOf(vectorStoreFromConfig({ provider: 'local', options: { metric: 'manhattan' } }, { backends: [localVectorProvider] }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('vector.options.metric');
    expect(await codeOf(vectorStoreFromConfig({ provider: 'local', base_dir: dir }, { backends: [localVectorProvider] }))).toBe('INVALID_ARGUMENT');
  });

  it('lets a plugin register its own provider', async () => {
    const memory = defineVectorProvider({
      provider: 'memory-plugin',
      package: 'my-vector-plugin',
      configSchema: z.strictObject({}),
      create: () => createLocalVectorStore({ store: createMemoryStore() }),
    });
    expect(isVectorProviderDescriptor(memory)).toBe(true);
    const store = await vectorStoreFromConfig({ provider: 'memory-plugin' }, { backends: [memory] });
    expect(store.provider).toBe('local-vector');
    expect(await codeOf(() => defineVectorProvider({ provider: 'Bad Name', package: 'x', configSchema: z.object({}), create: () => store }))).toBe('INVALID_ARGUMENT');
  });
});
