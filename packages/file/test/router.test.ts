import { createStorageRouter } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStorage } from '../src';
import { tempDir } from './helpers/temp-dir';

const dir = tempDir('router');
afterAll(dir.remove);

describe('file storage with a router', () => {
  const router = createStorageRouter({ config: { file: { default_provider: 'local', providers: { local: { base_dir: dir.path } } } } });
  const files = createFileStorage({ router });
  afterAll(() => router.close());

  it('places plain collection names through the file section of the config', async () => {
    await files.write('reports', 'quarterly', 'q1.txt');
    expect(readFileSync(join(dir.path, 'reports', 'q1.txt'), 'utf8')).toBe('quarterly');
    expect(await files.read('reports')).toEqual(['q1.txt']);
    expect(await files.listCollections()).toEqual(['reports']);
  });

  it('addresses other stores by URI and copies between them, streaming', async () => {
    await files.write('memory://scratch/docs', 'from memory', 'a.txt');
    expect(await files.read('memory://scratch/docs', 'a.txt')).toBe('from memory');
    expect(await files.copy('memory://scratch/docs', 'a.txt', 'a.txt', { toCollection: 'reports' })).toMatchObject({ success: true });
    expect(readFileSync(join(dir.path, 'reports', 'a.txt'), 'utf8')).toBe('from memory');
    expect(await files.move('reports', 'q1.txt', 'q1.txt', { toCollection: 'memory://archive/old' })).toMatchObject({ success: true });
    expect(await files.read('memory://archive/old', 'q1.txt')).toBe('quarterly');
    expect(await files.exists('reports', 'q1.txt')).toBe(false);
  });

  it('refuses hostile URIs and names before touching a store', async () => {
    await expectStorageError(files.read('memory://scratch/%2e%2e/%2e%2e/x'), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('memory://scratch/../x'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('..\\up', 'x', 'a.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('nope://bucket/docs'), 'UNSUPPORTED');
  });

  it('refuses URIs without a router', async () => {
    const { createMemoryStore } = await import('@agentmap/storage-core');
    const single = createFileStorage({ store: createMemoryStore() });
    await expectStorageError(single.read('memory://scratch/docs'), 'INVALID_ARGUMENT');
  });
});
