import { describe, expect, it } from 'vitest';
import { parseStorageConfig } from '../../src/index';
import { thrownBy } from './thrown';

const problems = (source: Record<string, unknown> | string) => thrownBy(() => parseStorageConfig(source, { env: {} }));

describe('config validation', () => {
  it('names the exact path of a bad value and what is expected', () => {
    const error = problems({ json: { providers: { aws: { region: 42 } } } });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('storage.json.providers.aws.region: expected an AWS region such as "us-west-2"');
    expect(error.details).toEqual({ issues: [{ path: 'storage.json.providers.aws.region', message: expect.stringContaining('AWS region') }] });
  });

  it('uses the same paths for YAML with or without the storage: key', () => {
    expect(problems('storage:\n  csv:\n    options:\n      max_file_size: lots\n').message).toContain('storage.csv.options.max_file_size: expected a size');
    expect(problems('csv:\n  options:\n    max_file_size: -5\n').message).toContain('storage.csv.options.max_file_size');
  });

  it('lists every problem, with list indexes and odd keys spelled out', () => {
    const error = problems({
      json: {
        providers: {
          azure: { timeout: 'soon', retry_count: 1.5, containers: { users: 'a/b' }, endpoint: 'not a url' },
          gcp: { scopes: ['https://x', 7] },
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
        'storage.json.providers.azure.containers.users',
        'storage.json.providers.azure.endpoint',
        'storage.json.providers.azure.retry_count',
        'storage.json.providers.azure.timeout',
        'storage.json.providers.gcp.scopes[1]',
        'storage.json.providers["my plugin"]',
        'storage.vector',
      ].sort(),
    );
    expect(error.message).toContain('storage.json.providers.azure.timeout: expected a number of seconds');
    expect(error.message).toContain('storage.file.options.allow_binary: expected true or false');
    expect(error.message).toMatch(/9 problems/);
  });

  it('refuses a default_provider without its section, suggesting the config name for s3 and gs', () => {
    expect(problems({ json: { default_provider: 'azure' } }).message).toContain('storage.json.default_provider: names provider "azure" but there is no providers.azure section');
    expect(problems({ json: { default_provider: 's3', providers: { aws: {} } } }).message).toContain('write default_provider: aws');
    expect(problems({ csv: { default_provider: 'gs' } }).message).toContain('write default_provider: gcp');
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

  it('keeps unknown keys for plugins and later packages', () => {
    const config = parseStorageConfig({ json: { providers: { dropbox: { app_folder: 'agentmap' }, aws: { backoff_mode: 'adaptive' } }, indent: 2 } });
    expect(config.json?.providers?.dropbox).toEqual({ app_folder: 'agentmap' });
    expect(config.json?.providers?.aws?.backoff_mode).toBe('adaptive');
    expect(config.json?.indent).toBe(2);
  });
});
