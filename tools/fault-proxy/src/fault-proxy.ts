import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import { listenOnLoopback } from '@agentmap/test-servers';

/** A kind of fault the proxy injects. */
export type FaultKind =
  /** Answer 503 without forwarding: the server never sees the request. */
  | 'unavailable'
  /** Drop the connection without forwarding. */
  | 'reset-before'
  /** Forward, let the server act, then drop the connection instead of answering. */
  | 'reset-after'
  /** Forward after a delay of `latencyMs`. */
  | 'latency';

export interface FaultProxyOptions {
  /** Where requests go: `http://127.0.0.1:10000`. */
  target: string;
  /** Share of requests that get a fault, 0..1. Default 0. */
  failureRate?: number;
  /** Faults to choose from, uniformly. Default `['unavailable', 'reset-before']`. */
  faults?: FaultKind[];
  /** Delay for `latency` faults, in ms. Default 200. */
  latencyMs?: number;
  /** Body of injected 503s; SDKs parse it to pick a retry policy. */
  unavailableBody?: { contentType: string; body: string };
  /** Deterministic choices for reproducible runs. */
  seed?: number;
}

export interface FaultProxyStats {
  requests: number;
  forwarded: number;
  faults: Record<FaultKind, number>;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the SDK here. */
  url: string;
  port: number;
  stats: FaultProxyStats;
  /** Changes the failure rate from now on (0 turns faults off). */
  setFailureRate(rate: number): void;
  /** Stops accepting and closes every open connection. */
  stop(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 that forwards to `target` and injects faults on a share of
 * requests, so retry, timeout and no-lost-write behaviour are tested against a real server.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  let rate = options.failureRate ?? 0;
  const faults = options.faults ?? ['unavailable', 'reset-before'];
  const random = seeded(options.seed ?? Date.now());
  const stats: FaultProxyStats = { requests: 0, forwarded: 0, faults: { unavailable: 0, 'reset-before': 0, 'reset-after': 0, latency: 0 } };
  const unavailable = options.unavailableBody ?? { contentType: 'text/plain', body: 'Service Unavailable (injected)' };

  const forward = (req: IncomingMessage, res: ServerResponse, dropAnswer: boolean) => {
    stats.forwarded++;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (dropAnswer) {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    stats.requests++;
    const fault = random() < rate ? faults[Math.floor(random() * faults.length)] : undefined;
    if (fault) stats.faults[fault]++;
    switch (fault) {
      case 'unavailable':
        // Drain the body first so the client sees the 503, not a broken pipe.
        req.resume();
        req.on('end', () => {
          res.writeHead(503, { 'content-type': unavailable.contentType, 'retry-after': '0', connection: 'close' });
          res.end(unavailable.body);
        });
        return;
      case 'reset-before':
        req.socket.destroy();
        return;
      case 'reset-after':
        forward(req, res, true);
        return;
      case 'latency':
        setTimeout(() => forward(req, res, false), options.latencyMs ?? 200);
        return;
      default:
        forward(req, res, false);
    }
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    port: listener.port,
    stats,
    setFailureRate(next: number) {
      rate = next;
    },
    stop: () => listener.close(),
  };
}

/** mulberry32: small, fast, good enough to pick faults reproducibly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
