import { describe, expect, it } from 'vitest';
import { parseStorageConfig } from '../../src/index';
import { kvBackend } from '../support/kv-backend';
import { thrownBy } from './thrown';

const problems = (source: Record<string, unknown> | string) => thrownBy(() => parseStorageConfig(source, { env: {}, backends: [kvBackend] }));

describe('config validation', () => {
  it('names the exact path of a bad value and what is expected', () => {
    const error = problems({ json: { providers: { kvstore: { region: 42 } } } });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('storage.json.providers.kvstore.region: expected a region such as "eu-1"');
    expect(error.details).toEqual({ issues: [{ path: 'storage.json.providers.kvstore.region', message: expect.stringContaining('region') }] });
  });

  it('uses the same paths for YAML with or without the storage: key', () => {
    expect(problems('storage:\n  csv:\n    options:\n      max_file_size: lots\n').message).toContain('storage.csv.options.max_file_size: expected a size');
    expect(problems('csv:\n  options:\n    max_file_size: -5\n').message).toContain('storage.csv.options.max_file_size');
  });

  it('lists every problem, with list indexes and odd keys spelled out', () => {
    const error = problems({
      json: {
        providers: {
          kvstore: { timeout: 'soon', retry_count: 1.5, buckets: { users: 'a/b' }, endpoint: 'not a url', scopes: ['https://x', 7] },
          'my plugin': 'yes',
        },
      },
      file: { options: { allow_binary: 'maybe', allowed_extensions: '.txt' } },
      vector: ['pinecone'],
    });
    const paths = (error.details?.issues as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(
      [
        'storage.file.options.allow_binary',
        'storage.file.options.allowed_extensions',
        'storage.json.providers.kvstore.buckets.users',
        'storage.json.providers.kvstore.endpoint',
        'storage.json.providers.kvstore.retry_count',
        'storage.json.providers.kvstore.timeout',
        'storage.json.providers.kvstore.scopes[1]',
        'storage.json.providers["my plugin"]',
        'storage.vector',
      ].sort(),
    );
    expect(error.message).toContain('storage.json.providers.kvstore.timeout: expected a number of seconds');
    expect(error.message).toContain('storage.file.options.allow_binary: expected true or false');
    expect(error.message).toMatch(/9 problems/);
  });

  it('refuses a default_provider without its section, suggesting the config key for a scheme or alias', () => {
    expect(problems({ json: { default_provider: 'kvstore' } }).message).toContain('storage.json.default_provider: names provider "kvstore" but there is no providers.kvstore section');
    expect(problems({ json: { default_provider: 'kv', providers: { kvstore: {} } } }).message).toContain('write default_provider: kvstore');
    expect(problems({ csv: { default_provider: 'keyvalue' } }).message).toContain('write default_provider: kvstore');
    expect(problems({ csv: { providers: { kv: {} } } }).message).toContain('storage.csv.providers.kv: is a section for kv://, which the config calls "kvstore": rename it providers.kvstore');
    // local and memory need no section.
    expect(parseStorageConfig({ json: { default_provider: 'memory' } }).json?.default_provider).toBe('memory');
  });

  it('reports a YAML syntax error by line and column without quoting the line', () => {
    const yaml = 'storage:\n  json:\n    providers:\n      azure:\n        connection_string: "DefaultEndpointsProtocol=https;AccountKey=s3cr3t-key\n      aws: [\n';
    const error = problems(yaml);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/not valid YAML at line \d+, column \d+/);
    expect(error.message).not.toContain('s3cr3t');
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
  });

  it('refuses duplicate keys, which would silently drop a setting', () => {
    expect(problems('json:\n  default_provider: local\n  default_provider: memory\n').message).toMatch(/not valid YAML at line 3/);
  });

  it('keeps unknown keys for plugins and later packages when no backends are given', () => {
    const config = parseStorageConfig({ json: { providers: { dropbox: { app_folder: 'agentmap' }, kvstore: { backoff_mode: 'adaptive' } }, indent: 2 } });
    expect(config.json?.providers?.dropbox).toEqual({ app_folder: 'agentmap' });
    expect(config.json?.providers?.kvstore?.backoff_mode).toBe('adaptive');
    expect(config.json?.indent).toBe(2);
  });

  it('reports a provider section no given backend reads, saying what to install', () => {
    const error = problems({ json: { providers: { dropbox: { app_folder: 'agentmap' }, aws: { region: 'eu-west-1' } } } });
    expect(error.message).toContain('storage.json.providers.dropbox: no registered backend reads provider "dropbox"');
    expect(error.message).toContain('storage.json.providers.aws: no registered backend reads provider "aws". Install @agentmap/storage-s3 and pass s3Backend');
    expect(problems({ json: { default_provider: 'gcp', providers: { gcp: {} } } }).message).toContain('Install @agentmap/storage-gcs and pass gcsBackend');
  });

  it('loads the integrated agentmap: storage: form like the bare section', () => {
    const yaml = 'agentmap:\n  storage:\n    json:\n      default_provider: memory\n';
    expect(parseStorageConfig(yaml).json?.default_provider).toBe('memory');
    expect(problems('agentmap:\n  storage:\n    csv:\n      options:\n        max_file_size: lots\n').message).toContain('storage.csv.options.max_file_size');
  });
});
