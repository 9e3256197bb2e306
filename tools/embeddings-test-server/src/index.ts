import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-process server on 127.0.0.1 implementing OpenAI's `POST /v1/embeddings`, written from
 * the published API reference: `input` as a string, a list of strings, a token list or a list
 * of token lists; `encoding_format` `float` (default) or `base64` (little-endian float32);
 * `dimensions` for models that can shorten their vectors; `Authorization: Bearer` checked;
 * errors as `{ error: { message, type, param, code } }`. Embeddings are deterministic and
 * unit length, so nearby texts (shared words) score high.
 */
export interface EmbeddingsServerOptions {
  /** The key clients must send; unset: any key is accepted. */
  apiKey?: string;
  /** Models served and their native dimension (default: text-embedding-3-small 1536, text-embedding-3-large 3072, text-embedding-ada-002 1536). */
  models?: Record<string, { dimensions: number; shortenable?: boolean }>;
  /** Inputs per request (OpenAI: 2048). */
  maxInputs?: number;
}

export interface EmbeddingsServer {
  /** The base URL to give an OpenAI client: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  port: number;
  /** Requests answered so far, and the bodies received. */
  readonly requests: ReadonlyArray<{ body: unknown; authorization: string | undefined }>;
  /** The next `times` requests fail with this HTTP status (429, 500, 503…). */
  failNext(status: number, times?: number): void;
  /** The next `times` requests get no answer until the client gives up (a stalled server). */
  stallNext(times?: number): void;
  close(): Promise<void>;
}

const DEFAULT_MODELS: Record<string, { dimensions: number; shortenable?: boolean }> = {
  'text-embedding-3-small': { dimensions: 1536, shortenable: true },
  'text-embedding-3-large': { dimensions: 3072, shortenable: true },
  'text-embedding-ada-002': { dimensions: 1536 },
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export async function startEmbeddingsServer(options: EmbeddingsServerOptions = {}): Promise<EmbeddingsServer> {
  const models = options.models ?? DEFAULT_MODELS;
  const maxInputs = options.maxInputs ?? 2048;
  const requests: Array<{ body: unknown; authorization: string | undefined }> = [];
  const faults: number[] = [];
  let stalls = 0;
  const stalled = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const e = error instanceof ApiError ? error : new ApiError(500, 'The server had an error while processing your request.', 'server_error');
      send(res, e.status, { error: { message: e.message, type: e.type, param: e.param, code: e.code } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (url.pathname !== '/v1/embeddings') throw new ApiError(404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error');
    if (req.method !== 'POST') throw new ApiError(405, `Method ${req.method} not allowed; use POST.`, 'invalid_request_error');
    const authorization = req.headers.authorization;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new ApiError(400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
    }
    requests.push({ body, authorization });
    if (stalls > 0) {
      stalls--;
      stalled.add(res);
      return;
    }
    const fault = faults.shift();
    if (fault !== undefined) {
      throw new ApiError(fault, fault === 429 ? 'Rate limit reached for requests.' : 'The server is overloaded or not ready yet.', fault === 429 ? 'requests' : 'server_error');
    }
    if (options.apiKey !== undefined) {
      const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (key === undefined) throw new ApiError(401, "You didn't provide an API key.", 'invalid_request_error');
      // OpenAI masks the key it echoes; so do we.
      if (key !== options.apiKey) throw new ApiError(401, `Incorrect API key provided: ${mask(key)}.`, 'invalid_request_error', null, 'invalid_api_key');
    }
    send(res, 200, embed(body));
  }

  function embed(body: unknown): unknown {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'The request body must be a JSON object.', 'invalid_request_error');
    const { input, model, encoding_format: format = 'float', dimensions } = body as Record<string, unknown>;
    if (typeof model !== 'string') throw new ApiError(400, "you must provide a model parameter", 'invalid_request_error', 'model');
    const spec = models[model];
    if (!spec) throw new ApiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found');
    if (format !== 'float' && format !== 'base64') throw new ApiError(400, `'${String(format)}' is not one of ['float', 'base64'] - 'encoding_format'`, 'invalid_request_error', 'encoding_format');
    let dims = spec.dimensions;
    if (dimensions !== undefined) {
      if (!spec.shortenable) throw new ApiError(400, 'This model does not support specifying dimensions.', 'invalid_request_error', 'dimensions');
      if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > spec.dimensions) {
        throw new ApiError(400, `Invalid value for 'dimensions': must be an integer from 1 to ${spec.dimensions}.`, 'invalid_request_error', 'dimensions');
      }
      dims = dimensions;
    }
    const texts = inputs(input);
    if (texts.length > maxInputs) throw new ApiError(400, `'$.input' is invalid: at most ${maxInputs} inputs per request.`, 'invalid_request_error', 'input');
    let tokens = 0;
    const data = texts.map((text, index) => {
      tokens += text.split(/\s+/).filter(Boolean).length;
      const vector = vectorOf(text, dims);
      return { object: 'embedding', index, embedding: format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    });
    return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) faults.push(status);
    },
    stallNext(times = 1) {
      stalls += times;
    },
    close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function inputs(input: unknown): string[] {
  const invalid = () => new ApiError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error', 'input');
  const isTokens = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t) && (t as number) >= 0);
  if (typeof input === 'string') {
    if (input.length === 0) throw invalid();
    return [input];
  }
  if (isTokens(input)) return [input.join(' ')];
  if (!Array.isArray(input) || input.length === 0) throw invalid();
  return input.map((item) => {
    if (typeof item === 'string' && item.length > 0) return item;
    if (isTokens(item)) return item.join(' ');
    throw invalid();
  });
}

/** A deterministic unit vector: each word adds ±1 at two hashed positions. */
function vectorOf(text: string, dims: number): number[] {
  const out = new Float64Array(dims);
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    out[(h >>> 1) % dims]! += h & 1 ? 1 : -1;
    out[(Math.imul(h, 2654435761) >>> 1) % dims]! += 0.5;
  }
  let norm = 0;
  for (const x of out) norm += x * x;
  if (norm === 0) out[0] = norm = 1;
  const scale = 1 / Math.sqrt(norm);
  return Array.from(out, (x) => Math.fround(x * scale));
}

function mask(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 3)}***${key.slice(-4)}`;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
