import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStorageConfig, parseStorageConfig } from '@agentmap/storage-core';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudBackends } from '../src/cloud-backends';
import { runDemo } from '../src/run-demo';

const dir = mkdtempSync(join(tmpdir(), 'agentmap-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo', () => {
  it('runs the services tour and the guide flows on a fresh directory, offline', { timeout: 60_000 }, async () => {
    process.env.AGENTMAP_DEMO_DIR = dir;
    const config = await loadStorageConfig(join(import.meta.dirname, '..', 'storage.yaml'));
    const lines: string[] = [];
    const result = await runDemo(config, (l) => lines.push(l));
    const out = lines.join('\n');

    // The services tour: no concurrent update lost.
    expect(result.counters).toBe(50);
    expect(result.chunks).toBeGreaterThan(1);
    expect(out).toContain('read ada.preferences.theme -> "dark"');
    expect(out).toContain('"stock":11');

    const flow = (name: string) => result.flows.find((f) => f.name === name)!;
    // DataPipeline: Azure in, S3 out, the valid articles indexed.
    expect(flow('DataPipeline').result.path).toEqual(['ReadFromAzure', 'ValidateData', 'TransformData', 'StoreToAWS', 'IndexVector', 'NotifyComplete', 'End']);
    const output = JSON.parse(readFileSync(join(dir, 's3', 'processed-data', 'output.json'), 'utf8')) as Array<{ id: string }>;
    expect(output.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    // VectorFlow: the storage article answers the storage question.
    expect(flow('VectorFlow').result.path).toEqual(['EmbedQuery', 'SearchSimilar', 'ExtractContext', 'GenerateResponse', 'End']);
    expect((flow('VectorFlow').result.state.similar_docs as Array<{ id: string }>)[0]!.id).toBe('a2');
    expect(flow('VectorFlow').answer).toMatch(/Azure, S3/);
    // CloudFlow: active users only, saved to the S3 directory.
    expect(flow('CloudFlow').answer).toBe('Multi-cloud processing complete: saved to s3://processed-data/users.json');
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 's3', 'processed-data', 'users.json'), 'utf8')) as object)).toEqual(['u1', 'u2']);
    // SmartRouting: the second run is served by the routing cache.
    expect(flow('SmartRouting').result.path).toContain('MakeRoutingDecision');
    expect(flow('SmartRouting again').result.path).toEqual(['DetermineRoute', 'RouteData', 'ProcessData', 'StoreResult', 'End']);
    // The failing run reaches the error handler with the storage error.
    const failing = flow('DataPipeline (failing)');
    expect(failing.result.path).toEqual(['ReadFromAzure', 'ErrorHandler']);
    expect(failing.result.state.error).toMatchObject({ node: 'ReadFromAzure', code: 'NOT_FOUND' });
    expect(failing.answer).toMatch(/^NOT_FOUND at ReadFromAzure/);

    // Every step printed, answers at the end, the audit chain verified.
    expect(out).toContain('== Final answers');
    expect(out).toMatch(/ 1\. ReadAzure \(cloud_json_reader\) azure_data = /);
    expect(result.audit.valid).toBe(true);
    expect(result.audit.entries).toBeGreaterThan(50);
    expect(existsSync(join(dir, 'azure', 'prod-data', 'users.json'))).toBe(true);
  });
});

describe('switching to real clouds is a YAML edit', () => {
  it('serves a provider section with local_dir from a local directory', async () => {
    const config = parseStorageConfig({ storage: { json: { providers: { azure: { local_dir: dir } } } } });
    const [azure, s3, gs] = await cloudBackends(config, dir);
    expect([azure!.scheme, s3!.scheme, gs!.scheme]).toEqual(['azure', 's3', 'gs']);
    expect(azure!.packageName).toBeUndefined();
  });

  it('loads the real backend package for a section with credentials instead', async () => {
    const config = parseStorageConfig({
      storage: { json: { providers: { azure: { connection_string: 'UseDevelopmentStorage=true' }, aws: { region: 'eu-west-1' }, gcp: { project_id: 'p' } } } },
    });
    const backends = await cloudBackends(config, dir);
    expect(backends.map((b) => b.packageName)).toEqual(['@agentmap/storage-azure', '@agentmap/storage-s3', '@agentmap/storage-gcs']);
  });
});
