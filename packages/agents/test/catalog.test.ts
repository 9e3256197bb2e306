import { describe, expect, it } from 'vitest';
import { findStorageAgents, storageAgentCatalog, storageAgents } from '../src';

const GUIDE_AGENTS = [
  'csv_reader', 'csv_writer', 'json_reader', 'json_writer', 'file_reader', 'file_writer', 'blob_reader', 'blob_writer',
  'cloud_json_reader', 'cloud_json_writer', 'vector_reader', 'vector_searcher', 'vector_writer', 'vector_embedder',
  'text_splitter', 'routing_decision_cache', 'routing_cache_writer',
];

describe('storageAgentCatalog', () => {
  it('has one complete entry per storage agent', () => {
    expect(Object.keys(storageAgentCatalog).sort()).toEqual([...GUIDE_AGENTS].sort());
    for (const [type, entry] of Object.entries(storageAgentCatalog)) {
      expect(entry.type).toBe(type);
      expect(entry.description.length).toBeGreaterThan(20);
      expect(entry.capabilities.length).toBeGreaterThan(0);
      expect(entry.inputs.length).toBeGreaterThan(0);
      expect(entry.output.length).toBeGreaterThan(5);
      expect(storageAgents[type]).toBe(entry);
    }
  });

  it('exports each config schema as JSON Schema a host can use without zod', () => {
    for (const entry of Object.values(storageAgentCatalog)) {
      const schema = entry.jsonSchema;
      expect(schema).toMatchObject({ $schema: expect.stringContaining('json-schema.org'), type: 'object' });
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
      expect(Object.keys(schema.properties as object)).toContain('collection');
    }
    const csv = storageAgentCatalog.csv_reader!.jsonSchema as { properties: Record<string, { enum?: string[]; default?: unknown }> };
    expect(csv.properties.format).toMatchObject({ enum: ['dict', 'records', 'dataframe'], default: 'dict' });
  });

  it('validates a node context with the zod schema, keeping keys it does not know', () => {
    const ok = storageAgentCatalog.vector_searcher!.configSchema.safeParse({ collection: 'knowledge_base', limit: 5, include_metadata: true });
    expect(ok.success && ok.data).toEqual({ collection: 'knowledge_base', limit: 5, include_metadata: true });
    expect(storageAgentCatalog.vector_searcher!.configSchema.safeParse({ limit: 'five' }).success).toBe(false);
  });

  it('finds agents by capability', () => {
    expect(findStorageAgents('vector').map((a) => a.type).sort()).toEqual(['vector_embedder', 'vector_reader', 'vector_searcher', 'vector_writer']);
    expect(findStorageAgents('cloud').map((a) => a.type)).toContain('cloud_json_reader');
    expect(findStorageAgents('nothing')).toEqual([]);
  });
});
