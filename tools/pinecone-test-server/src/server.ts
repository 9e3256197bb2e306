import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ControlPlane } from './control';
import { DataPlane } from './data';
import { ApiError, type Plane, sendError, sendJson } from './errors';
import { LIMITS } from './model';

export interface PineconeTestServerOptions {
  /** The key every request must carry in `Api-Key` (default `pinecone-test-key`). */
  apiKey?: string;
}

/** A status the server answers instead of serving, for error-mapping and retry tests. */
export interface InjectedFailure {
  status: number;
  /** Sent as `Retry-After` when given. */
  retryAfter?: string;
  /** How many requests get it (default 1). */
  times?: number;
  /** Only requests whose path (without the index prefix) matches, e.g. `/vectors/upsert`. */
  path?: string | RegExp;
  message?: string;
}

export interface PineconeTestServer {
  /** `http://127.0.0.1:<port>`: the control plane (`controllerHostUrl`). */
  url: string;
  port: number;
  apiKey: string;
  /** The `X-Pinecone-Api-Version` header of the most recent request. */
  readonly lastApiVersion: string | undefined;
  /** Requests served, by `METHOD path` (index prefix removed). */
  readonly calls: ReadonlyArray<string>;
  /** Answer the next matching request(s) with a failure instead. */
  inject(failure: InjectedFailure): void;
  /** Delay every answer by `ms` (0 to stop), for timeout tests. */
  stall(ms: number): void;
  /** Forget every index. */
  reset(): void;
  close(): Promise<void>;
}

const DATA_PREFIX = '/_data/';

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMITS.maxRequestBytes) {
      // Keep draining so the client sees the answer rather than a reset.
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk as Buffer);
  }
  if (size > LIMITS.maxRequestBytes) throw new ApiError(400, `Request size ${size} bytes exceeds the limit of ${LIMITS.maxRequestBytes} bytes.`);
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
}

/**
 * Starts an in-process Pinecone API server on 127.0.0.1 (a free port), written from the
 * published `2026-04` control- and data-plane OpenAPI descriptions. Every index's `host`
 * points back at this server (`http://127.0.0.1:<port>/_data/<index>`), so the official client
 * reaches the data plane through the host it describes. Search is exact (brute force).
 */
export async function startPineconeTestServer(options: PineconeTestServerOptions = {}): Promise<PineconeTestServer> {
  const apiKey = options.apiKey ?? 'pinecone-test-key';
  let base = '';
  const control = new ControlPlane((name) => `${base}${DATA_PREFIX}${encodeURIComponent(name)}`);
  const failures: Array<InjectedFailure & { left: number }> = [];
  const calls: string[] = [];
  let stallMs = 0;
  let lastApiVersion: string | undefined;

  async function route(req: IncomingMessage, res: ServerResponse, plane: Plane, path: string, url: URL, indexName: string | undefined): Promise<void> {
    const method = req.method ?? 'GET';
    calls.push(`${method} ${path}`);
    const injected = failures.find((f) => f.left > 0 && (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))));
    if (injected) {
      injected.left--;
      await readBody(req).catch(() => undefined);
      throw Object.assign(new ApiError(injected.status, injected.message ?? `Injected failure ${injected.status}.`), { retryAfter: injected.retryAfter });
    }
    const key = req.headers['api-key'];
    if (key === undefined) throw new ApiError(401, 'API key is missing or invalid for the environment "127.0.0.1". Check that the correct environment is specified.');
    if (key !== apiKey) throw new ApiError(401, 'Invalid API key.');
    const version = req.headers['x-pinecone-api-version'];
    lastApiVersion = typeof version === 'string' ? version : undefined;
    if (!lastApiVersion) throw new ApiError(400, 'The X-Pinecone-Api-Version header is required.');
    const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : undefined;

    if (plane === 'control') {
      const match = /^\/indexes(?:\/([^/]+))?$/.exec(path);
      if (!match) throw new ApiError(404, `No route for ${method} ${path}.`);
      const name = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
      if (name === undefined && method === 'GET') return sendJson(res, 200, control.list());
      if (name === undefined && method === 'POST') return sendJson(res, 201, control.create(body));
      if (name !== undefined && method === 'GET') return sendJson(res, 200, control.describe(name));
      if (name !== undefined && method === 'DELETE') {
        control.delete(name);
        res.writeHead(202, { 'content-length': 0 });
        return void res.end();
      }
      throw new ApiError(405, `Method ${method} is not allowed on ${path}.`);
    }

    const index = control.indexes.get(indexName!);
    // A deleted index's host stops answering, as a real one does.
    if (!index) throw new ApiError(404, `Index ${indexName} not found.`);
    const data = new DataPlane(index);
    const q = url.searchParams;
    const ns = /^\/namespaces\/(.+)$/.exec(path);
    if (method === 'POST' && path === '/vectors/upsert') return sendJson(res, 200, data.upsert(body));
    if (method === 'POST' && path === '/query') return sendJson(res, 200, data.query(body));
    if (method === 'GET' && path === '/vectors/fetch') return sendJson(res, 200, data.fetch(q.getAll('ids'), q.get('namespace') ?? ''));
    if (method === 'POST' && path === '/vectors/fetch_by_metadata') return sendJson(res, 200, data.fetchByMetadata(body));
    if (method === 'POST' && path === '/vectors/delete') return sendJson(res, 200, data.delete(body));
    if (method === 'POST' && path === '/vectors/update') return sendJson(res, 200, data.update(body));
    if (method === 'POST' && path === '/describe_index_stats') return sendJson(res, 200, data.describeIndexStats(body));
    if (method === 'GET' && path === '/vectors/list') return sendJson(res, 200, data.list(q));
    if (method === 'GET' && path === '/namespaces') return sendJson(res, 200, data.listNamespaces(q));
    if (method === 'POST' && path === '/namespaces') return sendJson(res, 200, data.createNamespace(body));
    if (method === 'GET' && ns) return sendJson(res, 200, data.describeNamespace(decodeURIComponent(ns[1]!)));
    if (method === 'DELETE' && ns) return sendJson(res, 200, data.deleteNamespace(decodeURIComponent(ns[1]!)));
    throw new ApiError(404, `No route for ${method} ${path}.`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let plane: Plane = 'control';
    let path = url.pathname;
    let indexName: string | undefined;
    if (path.startsWith(DATA_PREFIX)) {
      plane = 'data';
      const rest = path.slice(DATA_PREFIX.length);
      const slash = rest.indexOf('/');
      indexName = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
      path = slash < 0 ? '/' : rest.slice(slash);
    }
    const run = async () => {
      if (stallMs > 0) await new Promise((resolve) => setTimeout(resolve, stallMs));
      try {
        await route(req, res, plane, path, url, indexName);
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError(500, 'Internal server error');
        const retryAfter = (error as { retryAfter?: string }).retryAfter;
        if (!res.headersSent) sendError(res, plane, e, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
      }
    };
    void run();
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    apiKey,
    get lastApiVersion() {
      return lastApiVersion;
    },
    calls,
    inject(failure) {
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    stall(ms) {
      stallMs = ms;
    },
    reset() {
      control.indexes.clear();
      failures.length = 0;
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
