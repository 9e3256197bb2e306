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

  it('redacts tokens in the user part of URLs (GitHub tokens, Sentry DSNs), wherever the URL is', () => {
    const redacted = redactConfig({
      repo: 'https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo.git',
      sentry_dsn: 'https://examplePublicKey0123456789abcdef@o1.ingest.sentry.io/1',
      oauth: 'https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz012345@github.com/org/repo',
      gitlab_mirror: 'https://glpat-abcdefghij0123456789:x-oauth-basic@gitlab.com/group/repo',
      note: 'mirror of https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo.git',
      endpoint: 'https://storage.example.com:9000/bucket',
      email_in_path: 'https://example.com/users/alice@example.com',
    });
    expect(redacted).toEqual({
      repo: `https://${REDACTED}@github.com/org/repo.git`,
      sentry_dsn: `https://${REDACTED}@o1.ingest.sentry.io/1`,
      oauth: `https://x-access-token:${REDACTED}@github.com/org/repo`,
      gitlab_mirror: `https://${REDACTED}:${REDACTED}@gitlab.com/group/repo`,
      note: `mirror of https://${REDACTED}@github.com/org/repo.git`,
      endpoint: 'https://storage.example.com:9000/bucket',
      email_in_path: 'https://example.com/users/alice@example.com',
    });
    const printed = JSON.stringify(parseStorageConfig({ json: { default_provider: 'local', providers: { local: { type: 'local', base_path: './d', mirror: 'https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/x' } } } }));
    expect(printed).not.toContain('ghp_');
  });
});
