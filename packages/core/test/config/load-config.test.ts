import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectStorageError } from '@agentmap/storage-testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStorageConfig, parseStorageConfig } from '../../src/index';
import { ENV, PRODUCTION_YAML } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'agentmap-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadStorageConfig', () => {
  it('loads a YAML file, a file: URL, YAML text and an object alike', async () => {
    const file = join(dir, 'agentmap.yaml');
    writeFileSync(file, PRODUCTION_YAML);
    const fromFile = await loadStorageConfig(file, { env: ENV });
    const fromUrl = await loadStorageConfig(pathToFileURL(file), { env: ENV });
    const fromText = await loadStorageConfig(PRODUCTION_YAML, { env: ENV });
    expect(fromUrl).toEqual(fromFile);
    expect(fromText).toEqual(fromFile);
    const fromObject = await loadStorageConfig({ json: { default_provider: 'local', providers: { local: { base_dir: './data' } } } });
    expect(fromObject.json?.providers?.local?.base_dir).toBe('./data');
  });

  it('reads the sections of the storage: key, resolving env references and sizes', async () => {
    const config = await loadStorageConfig(PRODUCTION_YAML, { env: ENV });
    expect(config.json?.default_provider).toBe('azure');
    expect(config.json?.providers?.azure?.connection_string).toBe(ENV.AZURE_STORAGE_CONNECTION_STRING);
    expect(config.json?.providers?.azure?.containers).toEqual({ users: 'users-prod', analytics: 'analytics-prod' });
    expect(config.json?.providers?.aws?.region).toBe('us-west-2');
    expect(config.json?.providers?.aws?.secret_key).toBe(ENV.AWS_SECRET_ACCESS_KEY);
    expect(config.csv?.options?.max_file_size).toBe(100 * 1024 * 1024);
    expect(config.file?.options?.max_file_size).toBe(50 * 1024 * 1024);
    expect(config.file?.options?.allowed_extensions).toEqual(['.txt', '.md', '.pdf']);
    // Sections core does not know are kept, with env references and sizes resolved there too.
    expect((config.vector as { options: { api_key: string } }).options.api_key).toBe(ENV.PINECONE_API_KEY);
    expect((config.cache as { validation: { redis: { password: string } } }).validation.redis.password).toBe(ENV.REDIS_PASSWORD);
    expect(config.batch_processing).toEqual({ providers: { aws: { multipart_threshold: 64 * 1024 * 1024 } } });
  });

  it('accepts a bare section without the storage: key, and an empty document', async () => {
    const bare = parseStorageConfig('json:\n  default_provider: memory\n');
    expect(bare.json?.default_provider).toBe('memory');
    expect(parseStorageConfig('')).toEqual({});
    expect(parseStorageConfig('storage:\n')).toEqual({});
  });

  it('says which file is missing with NOT_FOUND', async () => {
    await expectStorageError(loadStorageConfig(join(dir, 'nope.yaml')), 'NOT_FOUND');
    await expect(loadStorageConfig(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml.*does not exist/);
  });

  it('refuses sources that are not a path, YAML or a mapping', async () => {
    await expectStorageError(loadStorageConfig(42 as never), 'INVALID_ARGUMENT');
    await expectStorageError(loadStorageConfig('- just\n- a list\n'), 'INVALID_ARGUMENT');
    await expectStorageError(loadStorageConfig({ storage: 'text' }), 'INVALID_ARGUMENT');
  });

  it('does not change the object it was given', () => {
    const source = { json: { providers: { aws: { region: 'env:REGION:eu-west-1' } } } };
    const config = parseStorageConfig(source, { env: {} });
    expect(config.json?.providers?.aws?.region).toBe('eu-west-1');
    expect(source.json.providers.aws.region).toBe('env:REGION:eu-west-1');
  });
});
