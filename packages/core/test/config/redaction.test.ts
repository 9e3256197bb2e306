import { inspect } from 'node:util';
import { kvBackend } from '../support/kv-backend';
import { describe, expect, it } from 'vitest';
import { REDACTED, StorageError, isSecretKey, loadStorageConfig, parseStorageConfig, redactConfig } from '../../src/index';
import { ENV, PRODUCTION_YAML, SECRETS, secretsIn } from './fixtures';

describe('secrets', () => {
  it('recognises secret keys in snake, camel and kebab case', () => {
    const secret = ['connection_string', 'account_key', 'secret_key', 'access_key', 'session_token', 'sas_token', 'password', 'api_key', 'apiKey', 'credentials', 'private_key', 'accessKeyId', 'client-secret', 'service_key', 'webhook_url', 'slack_webhook_url', 'key'];
    const plain = ['region', 'account_name', 'credentials_file', 'kms_key_id', 'key_vault_url', 'key_prefix', 'default_container', 'host', 'use_default_credentials_file', 'index_name'];
    for (const key of secret) expect(isSecretKey(key), key).toBe(true);
    for (const key of plain) expect(isSecretKey(key), key).toBe(false);
  });

  it('redactConfig replaces secrets, connection strings and URL passwords, and leaves the rest', () => {
    const redacted = redactConfig({
      region: 'us-west-2',
      secret_key: 'abc',
      nested: [{ password: 'p' }, { url: 'redis://user:pa55@redis.local:6379/0' }],
      dsn: 'Endpoint=sb://x;SharedAccessKey=abc',
      credentials: { client_email: 'a@b', private_key: 'k' },
      use_default_credentials: true,
      empty_token: '',
    });
    expect(redacted).toEqual({
      region: 'us-west-2',
      secret_key: REDACTED,
      nested: [{ password: REDACTED }, { url: `redis://user:${REDACTED}@redis.local:6379/0` }],
      dsn: REDACTED,
      credentials: REDACTED,
      use_default_credentials: true,
      empty_token: '',
    });
  });

  it('a loaded config prints redacted through JSON.stringify, console formatting and inspect', async () => {
    const config = await loadStorageConfig(PRODUCTION_YAML, { env: ENV });
    const printed = [JSON.stringify(config), inspect(config, { depth: 10 }), String(inspect(config.json?.providers?.aws)), JSON.stringify(config.cache)];
    for (const text of printed) expect(secretsIn(text)).toEqual([]);
    expect(JSON.stringify(config)).toContain(REDACTED);
    expect(JSON.stringify(config)).toContain('us-west-2');
    // Reading a value still gives it.
    expect(config.json?.providers?.aws?.secret_key).toBe(SECRETS.AWS_SECRET_ACCESS_KEY);
    expect(redactConfig(config).json?.providers?.aws?.secret_key).toBe(REDACTED);
  });

  it('never puts a secret value into a validation error', () => {
    const source = {
      json: {
        providers: {
          kvstore: { connection_string: SECRETS.AZURE_STORAGE_CONNECTION_STRING, buckets: SECRETS.REDIS_PASSWORD, region: { nested: SECRETS.AWS_SECRET_ACCESS_KEY }, endpoint: SECRETS.AWS_ACCESS_KEY_ID },
        },
        default_provider: 'nowhere',
      },
    };
    let error: unknown;
    try {
      parseStorageConfig(source, { backends: [kvBackend] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    const text = [(error as StorageError).message, JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify((error as StorageError).details)].join('\n');
    expect(secretsIn(text)).toEqual([]);
    expect((error as StorageError).message).toContain('storage.json.providers.kvstore.region');
    expect((error as StorageError).message).toContain('storage.json.providers.kvstore.endpoint');
  });
});
