import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import { listenOnLoopback } from '@agentmap/test-servers';

/** A status the proxy answers instead of forwarding, once, for requests whose path matches. */
export interface InjectedStatus {
  status: number;
  retryAfter?: string;
  /** Only requests whose method and path match (`POST /…/upsert`); any request without. */
  match?: RegExp;
}

export interface GuardProxy {
  url: string;
  /** Requests seen, with their headers (to check what the client sent). */
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  inject(...faults: InjectedStatus[]): void;
  /** Holds every answer back this long (0: none). */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

/**
 * A loopback proxy in front of the real Chroma server that plays the parts a local Chroma does
 * not: a token check as Chroma's token authentication answers it (401 without a valid
 * `x-chroma-token`, 403 for a read-only token on writes), injected statuses with Retry-After,
 * and slow answers. Error bodies have Chroma's shape, `{ "error", "message" }`.
 */
export async function startGuardProxy(target: string, tokens: { token?: string; readOnlyToken?: string } = {}): Promise<GuardProxy> {
  const upstream = new URL(target);
  const faults: InjectedStatus[] = [];
  const requests: GuardProxy['requests'] = [];
  let delay = 0;
  const answer = (res: ServerResponse, status: number, error: string, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error, message }));
  };
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    requests.push({ method, path, headers: req.headers });
    const given = req.headers['x-chroma-token'];
    const reading = method === 'GET' || /\/(get|query|count)$/.test(path);
    const refuse =
      tokens.token && given !== tokens.token && given !== tokens.readOnlyToken
        ? () => answer(res, 401, 'AuthError', 'Unauthorized')
        : tokens.readOnlyToken && given === tokens.readOnlyToken && !reading
          ? () => answer(res, 403, 'AuthzError', 'Forbidden: this token may only read')
          : undefined;
    const at = refuse ? -1 : faults.findIndex((f) => !f.match || f.match.test(`${method} ${path}`));
    const fault = at >= 0 ? faults.splice(at, 1)[0]! : undefined;
    if (refuse || fault) {
      // Drain the body first so the client reads the answer, not a broken pipe.
      req.resume();
      req.on('end', () => (refuse ? refuse() : answer(res, fault!.status, 'Injected', `injected ${fault!.status}`, fault!.retryAfter === undefined ? {} : { 'retry-after': fault!.retryAfter })));
      return;
    }
    const forward = () => {
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method, path, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      out.on('error', () => req.socket.destroy());
      req.pipe(out);
    };
    if (delay > 0) setTimeout(forward, delay);
    else forward();
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    requests,
    inject: (...more) => faults.push(...more),
    setDelay: (ms) => (delay = ms),
    stop: () => listener.close(),
  };
}
