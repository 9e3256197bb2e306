import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { runGraphQL } from './graphql';
import { ApiError, isObject, readJson, sendEmpty, sendError, sendJson } from './http';
import { WeaviateState, isUuid, type StoredObject } from './state';
import { compileWhere } from './where';

export interface WeaviateTestServerOptions {
  /** API keys accepted as `Authorization: Bearer <key>`. None: anonymous access. */
  apiKeys?: string[];
  /** Keys that may read but not write (answered 403 on writes). */
  readOnlyKeys?: string[];
  /** QUERY_DEFAULTS_LIMIT (default 10). */
  defaultLimit?: number;
  /** QUERY_MAXIMUM_RESULTS (default 10,000): the most a `Get` or one batch delete handles. */
  maximumResults?: number;
  /** Weaviate version reported by `/v1/meta` (default `1.33.0`). */
  version?: string;
}

/** A failure to answer instead of the next matching requests. */
export interface InjectedFault {
  /** HTTP status to answer with, e.g. 429 or 503. */
  status?: number;
  /** Sent as the `Retry-After` header. */
  retryAfter?: string;
  /** Error message in the body (default names the status). */
  message?: string;
  /** Only requests whose method and path (`POST /v1/graphql`) match. */
  match?: RegExp;
  /** How many requests to fail (default 1). */
  times?: number;
  /** Wait this long before answering (with `status`, or with the real answer when no status is given). */
  delayMs?: number;
  /** Close the connection without an answer. */
  hangUp?: boolean;
}

export interface WeaviateTestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, the client's `host` with `scheme: 'http'`. */
  host: string;
  port: number;
  state: WeaviateState;
  /** Every request, as `METHOD /path`, in order. */
  requests: string[];
  /** Fails the next matching request(s); see {@link InjectedFault}. */
  injectFault(fault: InjectedFault): void;
  /** Gives matching objects of a batch import a per-object error, as Weaviate reports them. */
  rejectObjects(test: ((object: Record<string, unknown>) => boolean) | undefined, message?: string): void;
  stop(): Promise<void>;
}

interface Fault extends InjectedFault {
  left: number;
}

/**
 * Starts an in-process Weaviate on 127.0.0.1, written from Weaviate's REST description
 * (`schema.json`) and its GraphQL documentation: schema (classes list, create, get, delete,
 * add property), objects (create, get, replace, delete by class and id), batch import and
 * batch delete with a where filter, GraphQL `Get` and `Aggregate`, `/v1/meta` and the
 * well-known liveness and readiness checks. Errors carry the documented `{ error: [{ message }] }`
 * body. Search is exact (brute force).
 */
export async function startWeaviateTestServer(options: WeaviateTestServerOptions = {}): Promise<WeaviateTestServer> {
  const state = new WeaviateState();
  const requests: string[] = [];
  const faults: Fault[] = [];
  let rejecter: { test: (object: Record<string, unknown>) => boolean; message: string } | undefined;
  const keys = new Set(options.apiKeys ?? []);
  const readOnly = new Set(options.readOnlyKeys ?? []);
  const limits = { defaultLimit: options.defaultLimit ?? 10, maximumResults: options.maximumResults ?? 10_000 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const line = `${method} ${path}`;
    requests.push(line);

    const fault = faults.find((f) => !f.match || f.match.test(line));
    if (fault) {
      fault.left--;
      if (fault.left <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.hangUp) {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        await readJson(req).catch(() => undefined);
        return sendError(res, fault.status, fault.message ?? `injected failure (${fault.status})`, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
      }
    }

    if (path === '/v1/.well-known/live' || path === '/v1/.well-known/ready') return sendEmpty(res, 200);
    if (keys.size > 0 || readOnly.size > 0) {
      const auth = req.headers.authorization;
      if (!auth) return sendJson(res, 401, { code: 401, message: 'anonymous access not enabled, please provide an auth scheme such as OIDC' });
      const token = /^Bearer (.+)$/.exec(auth)?.[1];
      if (!token || (!keys.has(token) && !readOnly.has(token))) return sendJson(res, 401, { code: 401, message: 'unauthorized: invalid api key' });
      const writes = method !== 'GET' && method !== 'HEAD' && path !== '/v1/graphql';
      if (writes && readOnly.has(token) && !keys.has(token)) return sendError(res, 403, `forbidden: the key may not ${method} ${path}`);
    }

    if (path === '/v1/meta' && method === 'GET') return sendJson(res, 200, { hostname: 'http://[::]:8080', version: options.version ?? '1.33.0', modules: {} });
    if (path === '/v1/graphql' && method === 'POST') return sendJson(res, 200, runGraphQL(state, await readJson(req), limits));
    if (path === '/v1/schema') {
      if (method === 'GET') return sendJson(res, 200, { classes: [...state.classes.values()].map((c) => c.def) });
      if (method === 'POST') return sendJson(res, 200, state.createClass(await readJson(req)));
    }
    let m = /^\/v1\/schema\/([^/]+)$/.exec(path);
    if (m) {
      const name = decodeURIComponent(m[1]!);
      if (method === 'GET') {
        const cls = state.getClass(name);
        return cls ? sendJson(res, 200, cls.def) : sendEmpty(res, 404);
      }
      if (method === 'DELETE') {
        state.deleteClass(name);
        return sendEmpty(res, 200);
      }
    }
    m = /^\/v1\/schema\/([^/]+)\/properties$/.exec(path);
    if (m && method === 'POST') return sendJson(res, 200, state.addProperty(decodeURIComponent(m[1]!), await readJson(req)));

    if (path === '/v1/objects' && method === 'POST') return sendJson(res, 200, objectJson(state.putObject(await readJson(req), 'create'), true));
    m = /^\/v1\/objects\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const cls = state.getClass(decodeURIComponent(m[1]!));
      const id = decodeURIComponent(m[2]!).toLowerCase();
      if (!isUuid(id)) return sendError(res, 422, `id ${JSON.stringify(id)} is not a valid uuid`);
      if (method === 'GET' || method === 'HEAD') {
        const object = cls?.objects.get(id);
        if (!object) return sendEmpty(res, 404);
        if (method === 'HEAD') return sendEmpty(res, 204);
        return sendJson(res, 200, objectJson(object, (url.searchParams.get('include') ?? '').split(',').includes('vector')));
      }
      if (method === 'PUT') {
        const body = await readJson(req);
        if (isObject(body) && body.id !== undefined && (typeof body.id !== 'string' || body.id.toLowerCase() !== id)) return sendError(res, 422, 'invalid update: field id is immutable');
        return sendJson(res, 200, objectJson(state.putObject(body, 'replace', m[1], id), true));
      }
      if (method === 'DELETE') {
        if (!cls?.objects.delete(id)) return sendEmpty(res, 404);
        return sendEmpty(res, 204);
      }
    }

    if (path === '/v1/batch/objects' && method === 'POST') return sendJson(res, 200, batchImport(await readJson(req)));
    if (path === '/v1/batch/objects' && method === 'DELETE') return sendJson(res, 200, batchDelete(await readJson(req), url.searchParams));
    return sendError(res, 404, `no route for ${method} ${path}`);
  }

  function batchImport(body: unknown): unknown[] {
    if (!isObject(body) || !Array.isArray(body.objects)) throw new ApiError(422, 'a batch needs "objects": a list of objects');
    return body.objects.map((given: unknown) => {
      const echo = isObject(given) ? { ...given } : {};
      try {
        if (rejecter && isObject(given) && rejecter.test(given)) throw new ApiError(422, rejecter.message);
        const stored = state.putObject(given, 'upsert');
        return { ...objectJson(stored, false), result: {} };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        delete echo.vector;
        return { ...echo, result: { errors: { error: [{ message: error.message }] } } };
      }
    });
  }

  function batchDelete(body: unknown, params: URLSearchParams): unknown {
    if (!isObject(body) || !isObject(body.match)) throw new ApiError(422, 'a batch delete needs "match": { class, where }');
    const className = body.match.class;
    if (typeof className !== 'string') throw new ApiError(422, 'validate: class: a class name is required');
    const cls = state.getClass(className);
    if (!cls) throw new ApiError(422, `validate: class: ${className} doesn't exist`);
    if (body.match.where === undefined) throw new ApiError(422, 'validate: filters: a where filter is required');
    const where = compileWhere(body.match.where, cls);
    const output = body.output ?? params.get('output') ?? 'minimal';
    if (output !== 'minimal' && output !== 'verbose') throw new ApiError(422, `output: ${JSON.stringify(output)} is not one of minimal, verbose`);
    const dryRun = body.dryRun === true;
    const matched = [...cls.objects.values()].filter(where);
    const round = matched.slice(0, limits.maximumResults);
    if (!dryRun) for (const o of round) cls.objects.delete(o.id);
    return {
      match: body.match,
      output,
      dryRun,
      results: {
        matches: matched.length,
        limit: limits.maximumResults,
        successful: dryRun ? 0 : round.length,
        failed: 0,
        ...(output === 'verbose' ? { objects: round.map((o) => ({ id: o.id, status: dryRun ? 'DRYRUN' : 'SUCCESS' })) } : {}),
      },
    };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof ApiError) return sendError(res, error.status, error.message);
      sendError(res, 500, error instanceof Error ? error.message : String(error));
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    state,
    requests,
    injectFault(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    rejectObjects(test, message = 'rejected by the server') {
      rejecter = test ? { test, message } : undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function objectJson(object: StoredObject, withVector: boolean): Record<string, unknown> {
  return {
    class: object.class,
    id: object.id,
    properties: object.properties,
    creationTimeUnix: object.creationTimeUnix,
    lastUpdateTimeUnix: object.lastUpdateTimeUnix,
    ...(withVector && object.vector ? { vector: Array.from(object.vector) } : {}),
  };
}
