import { type IncomingHttpHeaders, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the proxy saw it on its way to the server. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface RecordingProxy {
  /** Put this where the store expects the service (append `/devstoreaccount1`). */
  url: string;
  requests: SeenRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Most client connections open at once. */
  maxConnections: number;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * A loopback proxy that forwards everything to `target` unchanged and records what the SDK
 * sent (headers, concurrency, connections): it shows what goes over the wire without
 * replacing any part of the client or the server.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const state: RecordingProxy = {
    url: '',
    requests: [],
    maxInFlight: 0,
    maxConnections: 0,
    reset() {
      state.requests = [];
      state.maxInFlight = 0;
      state.maxConnections = sockets.size;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let settled = false;
    const done = () => {
      if (!settled) inFlight--;
      settled = true;
    };
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', done);
    });
    forward.on('error', () => {
      done();
      req.socket.destroy();
    });
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    state.maxConnections = Math.max(state.maxConnections, sockets.size);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
