import { describe, expect, it } from 'vitest';
import { type BackendDescriptor, parseStorageConfig, parseStorageConfig as parse } from '../../src/index';
import { kvBackend } from '../support/kv-backend';
import { thrownBy } from './thrown';

const load = (source: Record<string, unknown> | string, env: Record<string, string | undefined>, backends?: BackendDescriptor<unknown>[]) =>
  parse(source, { env, ...(backends ? { backends } : {}) });

describe('env: references', () => {
  it('resolve in every string value, not only credentials', () => {
    const config = load(
      {
        json: {
          default_provider: 'env:PROVIDER',
          providers: { local: { base_dir: 'env:DATA_DIR' }, aws: { region: 'env:REGION', buckets: { users: 'env:USERS_BUCKET' } } },
          options: { allowed_extensions: ['env:EXT', '.md'] },
        },
        monitoring: { alerting: { channels: [{ type: 'email', to: 'env:OPS_MAIL' }] } },
      },
      { PROVIDER: 'aws', DATA_DIR: '/srv/data', REGION: 'eu-central-1', USERS_BUCKET: 'users-eu', EXT: '.txt', OPS_MAIL: 'ops@example.com' },
    );
    expect(config.json?.default_provider).toBe('aws');
    expect(config.json?.providers?.local?.base_dir).toBe('/srv/data');
    expect((config.json?.providers?.aws?.buckets as Record<string, string> | undefined)?.users).toBe('users-eu');
    expect(config.json?.options?.allowed_extensions).toEqual(['.txt', '.md']);
    expect(config.monitoring).toEqual({ alerting: { channels: [{ type: 'email', to: 'ops@example.com' }] } });
  });

  it('use the default after the second colon when the variable is unset or empty, keeping later colons', () => {
    const config = load(
      { json: { providers: { azure: { endpoint: 'env:AZ_ENDPOINT:http://127.0.0.1:10000/devstoreaccount1', default_container: 'env:CONTAINER:docs' } } } },
      { CONTAINER: '' },
    );
    expect(config.json?.providers?.azure?.endpoint).toBe('http://127.0.0.1:10000/devstoreaccount1');
    expect(config.json?.providers?.azure?.default_container).toBe('docs');
  });

  it('turn numbers and flags from the environment into numbers and flags', () => {
    const config = load(
      { json: { providers: { kvstore: { timeout: 'env:TIMEOUT', retry_count: 'env:RETRIES:2', create_bucket: 'env:CREATE' } }, options: { max_file_size: 'env:MAX:10MB' } } },
      { TIMEOUT: '12.5', CREATE: 'false' },
      [kvBackend],
    );
    expect(config.json?.providers?.kvstore).toMatchObject({ timeout: 12.5, retry_count: 2, create_bucket: false });
    expect(config.json?.options?.max_file_size).toBe(10 * 1024 * 1024);
  });

  it('name the variable to set and the exact path when it is missing', () => {
    const error = thrownBy(() => load({ json: { providers: { aws: { region: 'env:AWS_REGION' } } } }, {}));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('storage.json.providers.aws.region');
    expect(error.message).toContain('set AWS_REGION');
    expect(error.message).toContain('env:AWS_REGION:<value>');
  });

  it('for a secret, ask for the variable without suggesting a default in the file', () => {
    const error = thrownBy(() => load({ json: { providers: { azure: { connection_string: 'env:AZURE_STORAGE_CONNECTION_STRING' } } } }, {}));
    expect(error.message).toContain('storage.json.providers.azure.connection_string');
    expect(error.message).toContain('set AZURE_STORAGE_CONNECTION_STRING in the environment');
    expect(error.message).not.toContain('<value>');
  });

  it('report every missing variable at once', () => {
    const error = thrownBy(() => load({ json: { providers: { aws: { access_key: 'env:A_KEY', secret_key: 'env:S_KEY' } } }, cache: { redis: { password: 'env:R_PASS' } } }, {}));
    expect(error.message).toMatch(/3 problems/);
    for (const name of ['A_KEY', 'S_KEY', 'R_PASS']) expect(error.message).toContain(name);
    expect(error.message).toContain('storage.cache.redis.password');
  });

  it('refuse a reference without a valid variable name', () => {
    const error = thrownBy(() => load({ json: { provider: 'env:' } }, {}));
    expect(error.message).toContain('storage.json.provider');
    expect(error.message).toMatch(/env:VAR/);
  });

  it('read process.env by default', () => {
    process.env.AGENTMAP_TEST_DIR = '/tmp/agentmap-env-test';
    try {
      expect(parseStorageConfig({ json: { providers: { local: { base_dir: 'env:AGENTMAP_TEST_DIR' } } } }).json?.providers?.local?.base_dir).toBe('/tmp/agentmap-env-test');
    } finally {
      delete process.env.AGENTMAP_TEST_DIR;
    }
  });
});
