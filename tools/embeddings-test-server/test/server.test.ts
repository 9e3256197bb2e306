import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingsServer, type EmbeddingsServer } from '../src/index';

interface Answer {
  object: string;
  model: string;
  data: Array<{ index: number; embedding: number[] | string }>;
  usage: { total_tokens: number };
  error: { code: string | null; param: string | null; message: string };
}

let server: EmbeddingsServer;
beforeAll(async () => {
  server = await startEmbeddingsServer({ apiKey: 'sk-test-key-0001' });
});
afterAll(() => server.close());

async function post(body: unknown, key = 'sk-test-key-0001') {
  const res = await fetch(`${server.baseURL}/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Answer };
}

describe('POST /v1/embeddings', () => {
  it('answers a list of strings with unit vectors, index and usage', async () => {
    const { status, json } = await post({ model: 'text-embedding-3-small', input: ['hello world', 'other text'] });
    expect(status).toBe(200);
    expect(json.object).toBe('list');
    expect(json.model).toBe('text-embedding-3-small');
    expect(json.data.map((d) => d.index)).toEqual([0, 1]);
    const v = json.data[0]!.embedding as number[];
    expect(v).toHaveLength(1536);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(json.usage.total_tokens).toBe(4);
  });

  it('is deterministic and takes a single string or tokens', async () => {
    const a = await post({ model: 'text-embedding-3-small', input: 'same text' });
    const b = await post({ model: 'text-embedding-3-small', input: ['same text'] });
    expect(a.json.data[0]!.embedding).toEqual(b.json.data[0]!.embedding);
    const t = await post({ model: 'text-embedding-3-small', input: [[1, 2, 3]] });
    expect(t.status).toBe(200);
  });

  it('shortens with dimensions and encodes base64 as little-endian float32', async () => {
    const f = await post({ model: 'text-embedding-3-small', input: 'abc def', dimensions: 8 });
    const b = await post({ model: 'text-embedding-3-small', input: 'abc def', dimensions: 8, encoding_format: 'base64' });
    expect(f.json.data[0]!.embedding).toHaveLength(8);
    const bytes = Buffer.from(b.json.data[0]!.embedding as string, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    expect(decoded).toEqual(f.json.data[0]!.embedding);
  });

  it('refuses bad requests the way OpenAI does', async () => {
    expect((await post({ model: 'text-embedding-3-small', input: '' })).json.error.param).toBe('input');
    expect((await post({ model: 'nope', input: 'x' })).status).toBe(404);
    expect((await post({ model: 'text-embedding-ada-002', input: 'x', dimensions: 8 })).status).toBe(400);
    expect((await post({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'hex' })).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
  });

  it('checks the key and masks it in the message', async () => {
    const { status, json } = await post({ model: 'text-embedding-3-small', input: 'x' }, 'sk-wrong-secret-9999');
    expect(status).toBe(401);
    expect(json.error.code).toBe('invalid_api_key');
    expect(json.error.message).not.toContain('wrong-secret');
  });

  it('injects failures on demand', async () => {
    server.failNext(429);
    expect((await post({ model: 'text-embedding-3-small', input: 'x' })).status).toBe(429);
    expect((await post({ model: 'text-embedding-3-small', input: 'x' })).status).toBe(200);
  });
});
