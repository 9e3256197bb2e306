import { describe, expect, it } from 'vitest';
import { isStorageUri, parseStorageUri } from '../../src/index';
import { thrownBy } from '../config/thrown';

describe('parseStorageUri', () => {
  it.each([
    ['azure://documents/users.json', { scheme: 'azure', container: 'documents', key: 'users.json' }],
    ['s3://my-bucket/data/config.json', { scheme: 's3', container: 'my-bucket', key: 'data/config.json' }],
    ['gs://my-bucket/reports/monthly.json', { scheme: 'gs', container: 'my-bucket', key: 'reports/monthly.json' }],
    ['memory://scratch/a/b.txt', { scheme: 'memory', container: 'scratch', key: 'a/b.txt' }],
    ['S3://Upper/Key.TXT', { scheme: 's3', container: 'Upper', key: 'Key.TXT' }],
    ['dropbox://team/notes/ünïcødé 1.md', { scheme: 'dropbox', container: 'team', key: 'notes/ünïcødé 1.md' }],
    ['local://data/users.json', { scheme: 'local', key: 'data/users.json' }],
  ])('parses %s', (target, expected) => {
    expect(parseStorageUri(target)).toEqual(expected);
    expect(isStorageUri(target)).toBe(true);
  });

  it.each([
    ['s3://', /names no container or bucket: write s3:\/\/container\/path\/to\/object/],
    ['s3:///key.json', /names no container or bucket/],
    ['azure://docs', /names no object: write azure:\/\/docs\/path\/to\/object/],
    ['azure://docs/', /names no object/],
    ['local://', /names no object/],
    ['s3://bucket/../escape', /unsafe or invalid object path.*no path traversal/],
    ['s3://bucket/a//b', /unsafe or invalid object path/],
    ['local:///etc/passwd', /unsafe or invalid object path.*absolute/],
    ['local://a/../../etc/passwd', /no path traversal/],
    ['memory://ns/nul\u0000byte', /NUL/],
    ['s3://bad bucket/key', /invalid container or bucket name/],
    ['s3://../key', /invalid container or bucket name/],
    ['users.json', /is not a storage URI/],
  ])('refuses %j with INVALID_ARGUMENT', (target, message) => {
    const error = thrownBy(() => parseStorageUri(target));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });
});
