import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import type { AlertManager } from '../alerting/alert-manager';
import type { MetricsHistory, MetricsPoint } from '../telemetry/history';
import type { CacheLike } from '../telemetry/sources';
import { CLIENT_SCRIPT } from './client-script';
import { DASHBOARD_CSS, dashboardPage } from './page';

/** One store's health as the dashboard shows it (what `checkHealth` reports, or yours). */
export interface DashboardHealth {
  name: string;
  status: 'healthy' | 'degraded' | 'unhealthy';
  latencyMs?: number;
  message?: string;
}

/** An access denial to list (from the audit log: `access_denied` events). */
export interface DashboardDenial {
  at?: number | string;
  principal?: string;
  action: string;
  resource?: string;
}

/** Options of {@link createDashboard}. */
export interface DashboardOptions {
  /** Runs the health checks; called at most once per `healthIntervalMs`. */
  health?: () => Promise<readonly DashboardHealth[]>;
  /** The metrics history the charts draw. */
  history?: MetricsHistory;
  /** Serves `/metrics` (Prometheus text): an exporter's `metrics()` and content type. */
  prometheus?: { metrics(): Promise<string>; readonly contentType: string };
  /** Caches whose hit rates to show, by name. */
  caches?: Record<string, CacheLike>;
  /** The alert manager whose recent alerts to show. */
  alerts?: AlertManager;
  /** Recent access denials (newest first). */
  denials?: () => Promise<readonly DashboardDenial[]>;
  /**
   * Required unless bound to a loopback address: requests must carry `Authorization: Bearer
   * <token>` or `?token=<token>` (the page passes its own on).
   */
  token?: string;
  /** How often the page refreshes, in ms (default 2,000). */
  refreshMs?: number;
  /** Health results are reused for this long, in ms (default 10,000), so a busy page cannot hammer the stores. */
  healthIntervalMs?: number;
  title?: string;
}

/** A running dashboard. */
export interface RunningDashboard {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A dashboard, ready to listen or to mount on your own HTTP server. */
export interface Dashboard {
  /** The request handler: mount it on your own server, or call `listen`. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Everything the page shows, as JSON (`/api/snapshot`). */
  snapshot(): Promise<DashboardSnapshot>;
  /** Listens on `host` (default 127.0.0.1) and `port` (default 0: a free one). Refuses a non-loopback host without a token. */
  listen(options?: { port?: number; host?: string }): Promise<RunningDashboard>;
}

/** What `/api/snapshot` returns. */
export interface DashboardSnapshot {
  at: number;
  health: DashboardHealth[];
  series: MetricsPoint[];
  caches: Array<{ name: string; hitRate: number; hits: number; misses: number }>;
  alerts: Array<{ at: number; severity: string; summary: string; outcome: string }>;
  denials: DashboardDenial[];
}

function uplotAsset(file: string): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * The web dashboard behind `agentmap-storage serve`: `/` (health per store, latency and
 * error-rate charts over time, cache hit rates, recent alerts and access denials, updated live
 * over server-sent events), `/api/health` (503 when a store is unhealthy), `/api/snapshot`,
 * `/api/events` and `/metrics`. Works offline: the chart library (uPlot) is served from the
 * package's own dependency. Binds to 127.0.0.1 unless told otherwise, and then only with a token.
 */
export function createDashboard(options: DashboardOptions = {}): Dashboard {
  const refreshMs = options.refreshMs ?? 2_000;
  const healthIntervalMs = options.healthIntervalMs ?? 10_000;
  const token = options.token;
  const assets = new Map<string, { type: string; body: string }>();
  const asset = (name: string) => {
    let found = assets.get(name);
    if (!found) {
      if (name === 'uplot.js') found = { type: 'text/javascript; charset=utf-8', body: uplotAsset('uPlot.iife.min.js') };
      else if (name === 'uplot.css') found = { type: 'text/css; charset=utf-8', body: uplotAsset('uPlot.min.css') };
      else if (name === 'dashboard.js') found = { type: 'text/javascript; charset=utf-8', body: CLIENT_SCRIPT };
      else if (name === 'dashboard.css') found = { type: 'text/css; charset=utf-8', body: DASHBOARD_CSS };
      else return undefined;
      assets.set(name, found);
    }
    return found;
  };

  let healthCache: { at: number; value: Promise<DashboardHealth[]> } | undefined;
  const health = (): Promise<DashboardHealth[]> => {
    if (!options.health) return Promise.resolve([]);
    const now = Date.now();
    if (!healthCache || now - healthCache.at >= healthIntervalMs) {
      const value = options.health().then(
        (r) => [...r],
        (error: unknown) => [{ name: 'health check', status: 'unhealthy' as const, message: error instanceof StorageError ? `${error.code}: ${error.message}` : 'the health check failed' }],
      );
      healthCache = { at: now, value };
    }
    return healthCache.value;
  };

  const snapshot = async (): Promise<DashboardSnapshot> => ({
    at: Date.now(),
    health: await health(),
    series: options.history?.series() ?? [],
    caches: Object.entries(options.caches ?? {}).map(([name, cache]) => {
      const s = cache.stats();
      return { name, hitRate: s.hitRate, hits: s.hits, misses: s.misses };
    }),
    alerts: (options.alerts?.recent(20) ?? []).map((r) => ({ at: r.alert.at, severity: r.alert.severity, summary: r.alert.summary, outcome: r.outcome })),
    denials: options.denials ? [...(await options.denials().catch(() => []))].slice(0, 20) : [],
  });

  const authorised = (request: IncomingMessage, url: URL): boolean => {
    if (token === undefined) return true;
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const send = (response: ServerResponse, status: number, type: string, body: string) => {
    response.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS });
    response.end(body);
  };
  const json = (response: ServerResponse, status: number, value: unknown) => send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://dashboard');
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(response, 405, { error: 'only GET is served' });
    if (!authorised(request, url)) return json(response, 401, { error: 'a valid token is required: Authorization: Bearer <token> or ?token=<token>' });
    const path = url.pathname;
    if (path === '/' || path === '/index.html') return send(response, 200, 'text/html; charset=utf-8', dashboardPage(options.title ?? 'AgentMap Storage', refreshMs));
    if (path.startsWith('/assets/')) {
      const found = asset(path.slice('/assets/'.length));
      return found ? send(response, 200, found.type, found.body) : json(response, 404, { error: 'no such asset' });
    }
    if (path === '/api/health') {
      const results = await health();
      const status = results.some((r) => r.status === 'unhealthy') ? 'unhealthy' : results.some((r) => r.status === 'degraded') ? 'degraded' : 'healthy';
      return json(response, status === 'unhealthy' ? 503 : 200, { status, stores: results });
    }
    if (path === '/api/snapshot') return json(response, 200, await snapshot());
    if (path === '/metrics') {
      if (!options.prometheus) return json(response, 404, { error: 'no Prometheus exporter is configured' });
      return send(response, 200, options.prometheus.contentType, await options.prometheus.metrics());
    }
    if (path === '/api/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive', ...SECURITY_HEADERS });
      let open = true;
      const push = async () => {
        if (!open) return;
        const body = JSON.stringify(await snapshot());
        if (open) response.write(`event: snapshot\ndata: ${body}\n\n`);
      };
      const timer = setInterval(() => void push().catch(() => undefined), refreshMs);
      request.on('close', () => {
        open = false;
        clearInterval(timer);
      });
      return push();
    }
    return json(response, 404, { error: 'not found' });
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    route(request, response).catch(() => {
      if (!response.headersSent) json(response, 500, { error: 'the dashboard failed to answer' });
      else response.end();
    });
  };

  return {
    handle,
    snapshot,
    listen({ port = 0, host = '127.0.0.1' } = {}) {
      if (!isLoopback(host) && !token) {
        return Promise.reject(new StorageError('INVALID_ARGUMENT', `The dashboard would listen on ${host} without a token; give a token (serve --token or AGENTMAP_DASHBOARD_TOKEN), or bind to 127.0.0.1.`, { provider: 'dashboard' }));
      }
      const server = createServer(handle);
      return new Promise((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
          reject(new StorageError(error.code === 'EADDRINUSE' ? 'ALREADY_EXISTS' : 'UNAVAILABLE', `The dashboard could not listen on ${host}:${port} (${error.code ?? 'error'}); pick another port.`, { provider: 'dashboard' })),
        );
        server.listen(port, host, () => {
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          const shown = host.includes(':') ? `[${host}]` : host;
          resolve({
            url: `http://${shown}:${bound}`,
            port: bound,
            server,
            close: () =>
              new Promise<void>((done) => {
                server.closeAllConnections();
                server.close(() => done());
              }),
          });
        });
      });
    },
  };
}
