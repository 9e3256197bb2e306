import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '@agentmap/test-servers';
import { QdrantHttpError, formatError } from './errors';
import { Storage, checkCollectionName, parseVectorsConfig, type Collection } from './model';
import { countPoints, deletePoints, getPoint, queryPoints, retrievePoints, scrollPoints, searchPoints, upsertPoints } from './points';

/** The version the server reports on `GET /`: the API version `@qdrant/js-client-rest` 1.18.0 speaks. */
export const QDRANT_VERSION = '1.18.0';
/** Qdrant's default request body limit (`service.max_request_size_mb: 32`). */
const MAX_BODY = 32 * 1024 * 1024;

export interface QdrantTestServerOptions {
  /** When set, every request needs it in the `api-key` header (or as `Authorization: Bearer …`); otherwise 401. */
  apiKey?: string;
  /** A key that may read but not write: writes with it are 403. */
  readOnlyApiKey?: string;
}

/** An answer to inject instead of the real one, to test a client's error handling. */
export interface InjectedFailure {
  status: number;
  /** How many requests get it (default 1). */
  times?: number;
  /** The `Retry-After` header to send with it. */
  retryAfter?: string;
  /** The `status.error` text (default: the status's reason). */
  error?: string;
  /** Only requests whose path contains this. */
  pathIncludes?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names only: values may hold keys. */
  headerNames: string[];
}

export interface QdrantTestServer {
  url: string;
  port: number;
  /** Answers the next request(s) with `failure.status` and Qdrant's error body. */
  failNext(failure: InjectedFailure): void;
  /** Holds the next `times` requests for `ms` before answering them (default 1). */
  delayNext(ms: number, times?: number): void;
  /** Every request served, oldest first. */
  readonly requests: RequestLogEntry[];
  close(): Promise<void>;
}

const REASONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Must provide an API key or an Authorization bearer token',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'Service internal error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

function send(res: ServerResponse, status: number, body: unknown, started: number, headers: Record<string, string> = {}): void {
  const time = (performance.now() - started) / 1000;
  const payload = status >= 200 && status < 300 ? { result: body, status: 'ok', time } : { status: { error: String(body) }, time };
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new QdrantHttpError(413, `JSON payload (${size} bytes) is larger than allowed (limit: ${MAX_BODY} bytes).`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(formatError((error as Error).message));
      }
    });
  });
}

function keyGiven(req: IncomingMessage): string | undefined {
  const header = req.headers['api-key'];
  if (typeof header === 'string') return header;
  const auth = req.headers.authorization;
  return typeof auth === 'string' && /^bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
}

const WRITE_ROUTES = /^(PUT|DELETE|PATCH) |^POST \/collections\/[^/]+\/points\/(delete|payload|vectors|batch)/;

/**
 * Starts a Qdrant REST API server on a free 127.0.0.1 port, in this process, following
 * Qdrant's published OpenAPI description (v1.18.x): collections (list, create, get, exists,
 * delete) and points (upsert, retrieve, delete, search, query, count, scroll) with payload
 * filters, exact (brute-force) search, `api-key` checks and documented error bodies. State
 * lives in memory and ends with `close()`.
 */
export async function startQdrantTestServer(options: QdrantTestServerOptions = {}): Promise<QdrantTestServer> {
  const storage = new Storage();
  const failures: InjectedFailure[] = [];
  const delays: number[] = [];
  const requests: RequestLogEntry[] = [];

  async function route(req: IncomingMessage, method: string, parts: string[], query: URLSearchParams): Promise<{ status?: number; result: unknown }> {
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
    if (parts.length === 0 && method === 'GET') return { result: undefined, status: -1 };
    const [top, name, sub, ...rest] = parts;
    if (top !== 'collections') throw new QdrantHttpError(404, `Not found: ${parts.join('/')}`);
    if (name === undefined) {
      if (method === 'GET') return { result: { collections: [...storage.collections.keys()].sort().map((n) => ({ name: n })) } };
      throw new QdrantHttpError(405, 'Method not allowed');
    }
    checkCollectionName(name);
    if (sub === undefined) {
      if (method === 'GET') return { result: describe(storage.get(name)) };
      if (method === 'DELETE') return { result: storage.collections.delete(name) };
      if (method === 'PUT') {
        if (storage.collections.has(name)) throw new QdrantHttpError(409, `Wrong input: Collection \`${name}\` already exists!`);
        const b = (body ?? {}) as Record<string, unknown>;
        if (typeof b !== 'object' || Array.isArray(b)) throw formatError('expected CreateCollection as a JSON object');
        const { named, vectors } = parseVectorsConfig(b.vectors);
        const metadata = b.metadata ?? null;
        if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) throw formatError('metadata: expected a JSON object (Payload)');
        storage.collections.set(name, { name, named, vectors, points: new Map(), config: b.vectors ?? {}, metadata: metadata as Record<string, unknown> | null });
        return { result: true };
      }
      throw new QdrantHttpError(405, 'Method not allowed');
    }
    if (sub === 'exists' && method === 'GET' && rest.length === 0) return { result: { exists: storage.collections.has(name) } };
    if (sub !== 'points') throw new QdrantHttpError(404, `Not found: ${parts.join('/')}`);
    const collection = storage.get(name);
    const op = rest.join('/');
    const updated = () => ({ result: { operation_id: storage.version, status: query.get('wait') === 'true' ? 'completed' : 'acknowledged' } });
    if (op === '' && method === 'PUT') {
      upsertPoints(storage, collection, body);
      return updated();
    }
    if (op === '' && method === 'POST') return { result: retrievePoints(collection, body) };
    if (rest.length === 1 && method === 'GET') return { result: getPoint(collection, decodeURIComponent(rest[0]!)) };
    if (method !== 'POST') throw new QdrantHttpError(405, 'Method not allowed');
    switch (op) {
      case 'delete':
        deletePoints(collection, body);
        return updated();
      case 'count':
        return { result: countPoints(collection, body) };
      case 'scroll':
        return { result: scrollPoints(collection, body) };
      case 'search':
        return { result: searchPoints(collection, body) };
      case 'query':
        return { result: queryPoints(collection, body) };
      default:
        throw new QdrantHttpError(404, `Not found: ${parts.join('/')}`);
    }
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
      requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headerNames: Object.keys(req.headers) });
      const delay = delays.shift();
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed) return;
      const failure = failures.find((f) => !f.pathIncludes || url.pathname.includes(f.pathIncludes));
      if (failure) {
        failure.times = (failure.times ?? 1) - 1;
        if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        req.resume();
        return send(res, failure.status, failure.error ?? REASONS[failure.status] ?? 'Injected failure', started, failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter });
      }
      if (options.apiKey !== undefined) {
        const given = keyGiven(req);
        if (given !== options.apiKey && (given === undefined || given !== options.readOnlyApiKey)) {
          req.resume();
          return send(res, 401, 'Must provide an API key or an Authorization bearer token', started);
        }
        if (given === options.readOnlyApiKey && WRITE_ROUTES.test(`${method} ${url.pathname}`)) {
          req.resume();
          return send(res, 403, 'Forbidden: Write access is required', started);
        }
      }
      try {
        const { result, status } = await route(req, method, parts, url.searchParams);
        if (status === -1) return send(res, 200, { title: 'qdrant - vector search engine', version: QDRANT_VERSION, commit: null }, started);
        send(res, 200, result, started);
      } catch (error) {
        if (error instanceof QdrantHttpError) return send(res, error.status, error.message, started, error.headers);
        send(res, 500, `Service internal error: ${(error as Error).message}`, started);
      }
    })();
  });

  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    port: listener.port,
    requests,
    failNext: (failure) => failures.push({ ...failure }),
    delayNext: (ms, times = 1) => {
      for (let i = 0; i < times; i++) delays.push(ms);
    },
    close: () => listener.close(),
  };
}

function describe(collection: Collection): unknown {
  return {
    status: 'green',
    optimizer_status: 'ok',
    indexed_vectors_count: 0,
    points_count: collection.points.size,
    segments_count: 1,
    config: {
      params: { vectors: collection.config, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true },
      hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false },
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        max_segment_size: null,
        memmap_threshold: null,
        indexing_threshold: 20000,
        flush_interval_sec: 5,
        max_optimization_threads: null,
      },
      wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
      quantization_config: null,
      ...(collection.metadata === null ? {} : { metadata: collection.metadata }),
    },
    payload_schema: {},
  };
}
