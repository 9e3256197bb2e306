import { startEmbeddingsServer, type EmbeddingsServer } from '@agentmap/embeddings-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiSdkEmbedder, createHashingEmbedder, createOpenAIEmbedder } from '../src/index';
import { codeOf, errorOf } from './helpers';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);

describe('hashing embedder', () => {
  const embedder = createHashingEmbedder({ dimensions: 128 });

  it('is deterministic, unit length, and puts texts sharing words close', async () => {
    const [a, b, c, again] = await embedder.embed(['workflow automation system', 'a workflow system', 'banana bread recipe', 'workflow automation system']);
    expect(a).toEqual(again);
    expect(a).toHaveLength(128);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.3);
  });

  it('refuses empty text, bad options and non-strings', async () => {
    expect(await codeOf(embedder.embed(['']))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(embedder.embed([3 as never]))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => createHashingEmbedder({ dimensions: 3 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => createHashingEmbedder({ dimension: 64 } as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('OpenAI-compatible embedder against a /v1/embeddings server', () => {
  let server: EmbeddingsServer;
  const key = 'sk-local-test-key-123456';
  beforeAll(async () => {
    server = await startEmbeddingsServer({ apiKey: key, maxInputs: 4 });
  });
  afterAll(() => server.close());

  it('embeds in batches of maxBatch, in order, with the dimensions asked', async () => {
    const embedder = createOpenAIEmbedder({ model: 'text-embedding-3-small', apiKey: key, baseURL: server.baseURL, dimensions: 64, maxBatch: 4 });
    const before = server.requests.length;
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(10);
    expect(vectors.every((v) => v.length === 64)).toBe(true);
    expect(server.requests.length - before).toBe(3);
    expect(server.requests.at(-1)!.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 64, encoding_format: 'float' });
    const [single] = await embedder.embed(['text number 7']);
    expect(single).toEqual(vectors[7]);
    expect(embedder.dimensions).toBe(64);
  });

  it('learns the dimension from the first answer when not given', async () => {
    const embedder = createOpenAIEmbedder({ model: 'text-embedding-ada-002', apiKey: key, baseURL: server.baseURL });
    expect(embedder.dimensions).toBeUndefined();
    await embedder.embed(['hello']);
    expect(embedder.dimensions).toBe(1536);
  });

  it('maps a wrong key to UNAUTHENTICATED without the key in message or cause', async () => {
    const secret = 'sk-this-is-the-wrong-secret-999';
    const embedder = createOpenAIEmbedder({ model: 'text-embedding-3-small', apiKey: secret, baseURL: server.baseURL, retries: 0 });
    const error = await errorOf(embedder.embed(['x']));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify({ m: error.message, c: String(error.cause), s: error.stack })).not.toContain('wrong-secret');
  });

  it('maps an unknown model to INVALID_ARGUMENT, 429 and 500 to retryable UNAVAILABLE, and retries them with retries > 0', async () => {
    const embedder = createOpenAIEmbedder({ model: 'no-such-model', apiKey: key, baseURL: server.baseURL, retries: 0 });
    expect(await codeOf(embedder.embed(['x']))).toBe('INVALID_ARGUMENT');
    const plain = createOpenAIEmbedder({ model: 'text-embedding-3-small', apiKey: key, baseURL: server.baseURL, retries: 0 });
    server.failNext(429);
    const limited = await errorOf(plain.embed(['x']));
    expect(limited).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    server.failNext(500);
    expect(await codeOf(plain.embed(['x']))).toBe('UNAVAILABLE');
    const patient = createOpenAIEmbedder({ model: 'text-embedding-3-small', apiKey: key, baseURL: server.baseURL, retries: 2 });
    server.failNext(503, 2);
    expect(await patient.embed(['x'])).toHaveLength(1);
  });

  it('maps a stalled server to TIMEOUT and a closed port to UNAVAILABLE', async () => {
    const slow = createOpenAIEmbedder({ model: 'text-embedding-3-small', apiKey: key, baseURL: server.baseURL, retries: 0, timeoutMs: 300 });
    server.stallNext();
    expect(await codeOf(slow.embed(['x']))).toBe('TIMEOUT');
    const dead = createOpenAIEmbedder({ model: 'text-embedding-3-small', apiKey: key, baseURL: 'http://127.0.0.1:9/v1', retries: 0 });
    expect(await codeOf(dead.embed(['x']))).toBe('UNAVAILABLE');
  });

  it('refuses unknown options and a client mixed with connection options', async () => {
    expect(await codeOf(() => createOpenAIEmbedder({ model: 'm', baseUrl: 'x' } as never))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => createOpenAIEmbedder({ model: '' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('AI SDK embedding model adapter', () => {
  // A model written to the AI SDK's EmbeddingModel interface (an external contract, typed structurally).
  const calls: string[][] = [];
  const model = {
    modelId: 'test-embedding',
    maxEmbeddingsPerCall: 2,
    doEmbed: ({ values }: { values: string[] }) => {
      calls.push(values);
      return Promise.resolve({ embeddings: values.map((v) => [v.length, 1, 0]) });
    },
  };

  it('batches by maxEmbeddingsPerCall and checks what the model returns', async () => {
    const embedder = createAiSdkEmbedder(model);
    expect(await embedder.embed(['a', 'bb', 'ccc'])).toEqual([
      [1, 1, 0],
      [2, 1, 0],
      [3, 1, 0],
    ]);
    expect(calls).toEqual([['a', 'bb'], ['ccc']]);
    expect(embedder.dimensions).toBe(3);
    const broken = createAiSdkEmbedder({ doEmbed: () => Promise.resolve({ embeddings: [[Number.NaN]] }) });
    expect(await codeOf(broken.embed(['x']))).toBe('CORRUPT_DATA');
    expect(await codeOf(() => createAiSdkEmbedder({} as never))).toBe('INVALID_ARGUMENT');
  });
});
