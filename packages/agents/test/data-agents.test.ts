import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStep, workspace } from './fixtures';

const ws = workspace();
afterAll(() => ws.close());

describe('json_reader / json_writer', () => {
  it('writes a document, updates a path, and reads it back by id, path and query', async () => {
    await ws.services.json().write('users', { name: 'Ada', age: 36 }, 'ada');
    const written = await runStep(ws, { agent: 'json_writer', context: "{'collection': 'users', 'document_id': 'ada', 'mode': 'update', 'path': 'email'}", inputs: 'email' }, { email: 'ada@example.com' });
    expect(written.path).toEqual(['Step', 'Done']);
    expect(written.output).toMatchObject({ success: true, operation: 'update', collection: 'users' });
    const byId = await runStep(ws, { agent: 'json_reader', inputs: 'collection,document_id' }, { collection: 'users', document_id: 'ada' });
    expect(byId.output).toEqual({ name: 'Ada', age: 36, email: 'ada@example.com' });
    const byPath = await runStep(ws, { agent: 'json_reader', context: "{'document_id': 'ada', 'path': 'email'}", prompt: 'users' });
    expect(byPath.output).toBe('ada@example.com');
    const queried = await runStep(ws, { agent: 'json_reader', context: "{'collection': 'users', 'format': 'records', 'query': {'age': {'$gte': 30}}}" });
    expect(queried.output).toEqual([{ name: 'Ada', age: 36, email: 'ada@example.com' }]);
  });

  it('routes a missing document, a failed update and a missing collection to the failure edge', async () => {
    const missing = await runStep(ws, { agent: 'json_reader', context: "{'collection': 'users', 'document_id': 'nobody'}" });
    expect(missing.path).toEqual(['Step', 'Failed']);
    expect(missing.error).toMatchObject({ node: 'Step', code: 'NOT_FOUND' });
    const optional = await runStep(ws, { agent: 'json_reader', context: "{'collection': 'users', 'document_id': 'nobody', 'required': False}" });
    expect(optional.path).toEqual(['Step', 'Done']);
    const update = await runStep(ws, { agent: 'json_writer', context: "{'collection': 'users', 'document_id': 'nobody', 'mode': 'update'}", inputs: 'patch' }, { patch: { a: 1 } });
    expect(update.path).toEqual(['Step', 'Failed']);
    expect(update.error?.code).toBe('NOT_FOUND');
  });

  it('refuses bad input: no collection, nothing to write, unsafe names, bad mode', async () => {
    expect((await runStep(ws, { agent: 'json_reader' })).error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('has no collection') });
    expect((await runStep(ws, { agent: 'json_writer', prompt: 'users', inputs: 'payload' })).error?.message).toContain('the state has no "payload"');
    expect((await runStep(ws, { agent: 'json_reader', prompt: '../etc/passwd' })).error?.code).toBe('INVALID_ARGUMENT');
    expect((await runStep(ws, { agent: 'json_reader', inputs: 'collection' }, { collection: 42 })).error?.message).toContain('collection input must be a string');
    await expect(runStep(ws, { agent: 'json_writer', context: "{'collection': 'users', 'mode': 'merge'}", inputs: 'x' }, { x: 1 })).rejects.toThrow(/context mode:/);
  });
});

describe('cloud_json_reader / cloud_json_writer', () => {
  it('writes to and reads from cloud URIs through the router (azure:// and s3:// on local directories here)', async () => {
    const saved = await runStep(ws, { agent: 'cloud_json_writer', inputs: 'processed', prompt: 's3://processed-data/users.json' }, { processed: { ada: { name: 'Ada' } } });
    expect(saved.output).toMatchObject({ success: true, collection: 's3://processed-data/users.json', createdNew: true });
    expect(JSON.parse(readFileSync(join(ws.dir, 's3', 'processed-data', 'users.json'), 'utf8'))).toEqual({ ada: { name: 'Ada' } });
    const read = await runStep(ws, { agent: 'cloud_json_reader', context: "{'collection': 's3://processed-data/users.json', 'timeout': 5}", inputs: 'collection' });
    expect(read.output).toEqual({ ada: { name: 'Ada' } });
  });

  it('routes a missing object and a failing backend to the failure edge', async () => {
    const missing = await runStep(ws, { agent: 'cloud_json_reader', prompt: 'azure://prod-data/absent.json' });
    expect(missing.path).toEqual(['Step', 'Failed']);
    expect(missing.error?.code).toBe('NOT_FOUND');
    const broken = await runStep(ws, { agent: 'cloud_json_writer', prompt: 'broken://c/users.json', inputs: 'x' }, { x: { a: 1 } });
    expect(broken.path).toEqual(['Step', 'Failed']);
    expect(broken.error?.node).toBe('Step');
  });

  it('needs a URI, and refuses unknown schemes', async () => {
    expect((await runStep(ws, { agent: 'cloud_json_reader', prompt: 'users' })).error?.message).toContain('needs a URI such as azure://');
    expect((await runStep(ws, { agent: 'cloud_json_reader', prompt: 'ftp://host/users.json' })).error?.code).toBe('UNSUPPORTED');
  });
});

describe('csv_reader / csv_writer', () => {
  it('writes rows, upserts one by a business id, and reads by id and by query', async () => {
    const rows = [
      { sku: 'W1', name: 'Widget', price: 9.5 },
      { sku: 'G2', name: 'Gadget', price: 24 },
    ];
    expect((await runStep(ws, { agent: 'csv_writer', prompt: 'products', inputs: 'rows' }, { rows })).output).toMatchObject({ success: true, rowsWritten: 2 });
    await runStep(ws, { agent: 'csv_writer', context: "{'collection': 'products', 'document_id': 'W1', 'id_field': 'sku', 'mode': 'update'}", inputs: 'patch' }, { patch: { price: 8 } });
    expect((await runStep(ws, { agent: 'csv_reader', context: "{'collection': 'products', 'document_id': 'W1', 'id_field': 'sku'}" })).output).toEqual({ sku: 'W1', name: 'Widget', price: 8 });
    const cheap = await runStep(ws, { agent: 'csv_reader', context: "{'collection': 'products', 'format': 'records', 'query': {'sort': 'price', 'limit': 1}}" });
    expect(cheap.output).toEqual([{ sku: 'W1', name: 'Widget', price: 8 }]);
  });

  it('routes a missing row and a missing table to the failure edge', async () => {
    expect((await runStep(ws, { agent: 'csv_reader', context: "{'collection': 'products', 'document_id': 'NOPE', 'id_field': 'sku'}" })).error?.code).toBe('NOT_FOUND');
    expect((await runStep(ws, { agent: 'csv_reader', prompt: 'no_such_table' })).path).toEqual(['Step', 'Failed']);
    expect((await runStep(ws, { agent: 'csv_writer', prompt: 'broken://c/t.csv', inputs: 'rows' }, { rows: [{ id: 1 }] })).path).toEqual(['Step', 'Failed']);
  });

  it('refuses rows that are not objects and a bad format', async () => {
    expect((await runStep(ws, { agent: 'csv_writer', prompt: 'products', inputs: 'rows' }, { rows: 'text' })).error?.message).toContain('writes rows');
    await expect(runStep(ws, { agent: 'csv_reader', context: "{'collection': 'products', 'format': 'xml'}" })).rejects.toThrow(/context format:/);
  });
});

describe('file_reader / file_writer', () => {
  it('writes and appends a file (the original cannot), reads it, splits it, and lists the directory', async () => {
    const text = Array.from({ length: 8 }, (_, i) => `Paragraph ${i}: storage keeps agent notes safe.`).join('\n\n');
    expect((await runStep(ws, { agent: 'file_writer', context: "{'collection': 'notes', 'document_id': 'guide.md'}", inputs: 'text' }, { text })).output).toMatchObject({ success: true });
    await runStep(ws, { agent: 'file_writer', context: "{'collection': 'notes', 'document_id': 'guide.md', 'mode': 'append'}", inputs: 'more' }, { more: 'The end.' });
    const read = await runStep(ws, { agent: 'file_reader', context: "{'collection': 'notes', 'document_id': 'guide.md'}" });
    expect(read.output).toBe(`${text}\n\nThe end.`);
    const chunks = (await runStep(ws, { agent: 'file_reader', context: "{'collection': 'notes', 'document_id': 'guide.md', 'should_split': true, 'chunk_size': 120, 'chunk_overlap': 10}" })).output as unknown[];
    expect(chunks.length).toBeGreaterThan(2);
    expect((await runStep(ws, { agent: 'file_reader', prompt: 'notes' })).output).toEqual(['guide.md']);
  });

  it('routes a missing file and a failing backend to the failure edge', async () => {
    expect((await runStep(ws, { agent: 'file_reader', context: "{'collection': 'notes', 'document_id': 'absent.txt'}" })).error?.code).toBe('NOT_FOUND');
    expect((await runStep(ws, { agent: 'file_writer', context: "{'collection': 'broken://c/notes', 'document_id': 'a.txt'}", inputs: 't' }, { t: 'x' })).path).toEqual(['Step', 'Failed']);
  });

  it('refuses a write without a file name and unsafe file names', async () => {
    expect((await runStep(ws, { agent: 'file_writer', prompt: 'notes', inputs: 't' }, { t: 'x' })).error?.message).toContain('needs a file name');
    expect((await runStep(ws, { agent: 'file_writer', context: "{'collection': 'notes', 'document_id': '../../escape.txt'}", inputs: 't' }, { t: 'x' })).error?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('blob_reader / blob_writer', () => {
  it('writes text, bytes and JSON to a URI and reads them back', async () => {
    const put = await runStep(ws, { agent: 'blob_writer', prompt: 'azure://media/hello.txt', inputs: 'body' }, { body: 'héllo' });
    expect(put.output).toMatchObject({ success: true, uri: 'azure://media/hello.txt', size: 6 });
    expect((await runStep(ws, { agent: 'blob_reader', prompt: 'azure://media/hello.txt' })).output).toBe('héllo');
    await runStep(ws, { agent: 'blob_writer', prompt: 'gs://media/raw.bin', inputs: 'body' }, { body: new Uint8Array([0xff, 0, 1]) });
    expect((await runStep(ws, { agent: 'blob_reader', context: "{'collection': 'gs://media/raw.bin', 'encoding': 'bytes'}" })).output).toEqual(new Uint8Array([0xff, 0, 1]));
    await runStep(ws, { agent: 'blob_writer', prompt: 's3://media/doc.json', inputs: 'body' }, { body: { a: [1] } });
    expect((await runStep(ws, { agent: 'blob_reader', prompt: 's3://media/doc.json' })).output).toBe('{"a":[1]}');
  });

  it('routes a missing blob, an overwrite refused by if_none_match and binary as text to the failure edge', async () => {
    expect((await runStep(ws, { agent: 'blob_reader', prompt: 'azure://media/absent.txt' })).error?.code).toBe('NOT_FOUND');
    expect((await runStep(ws, { agent: 'blob_reader', context: "{'collection': 'azure://media/absent.txt', 'required': False}" })).path).toEqual(['Step', 'Done']);
    const again = await runStep(ws, { agent: 'blob_writer', context: "{'collection': 'azure://media/hello.txt', 'if_none_match': True}", inputs: 'body' }, { body: 'x' });
    expect(again.path).toEqual(['Step', 'Failed']);
    expect(['ALREADY_EXISTS', 'PRECONDITION_FAILED']).toContain(again.error?.code);
    expect((await runStep(ws, { agent: 'blob_reader', prompt: 'gs://media/raw.bin' })).error).toMatchObject({ code: 'CORRUPT_DATA', message: expect.stringContaining("'encoding': 'bytes'") });
  });

  it('refuses bad keys', async () => {
    expect((await runStep(ws, { agent: 'blob_reader', prompt: 'azure://media/../../x' })).error?.code).toBe('INVALID_ARGUMENT');
  });
});
