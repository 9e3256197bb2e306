import { type Server, type Socket, createServer } from 'node:net';
import { type ObjectStore, type StoreCapabilities, StorageError, withTimeout } from '@agentmap/storage-core';
import { classifyNetworkError, defineObjectStore } from '@agentmap/storage-core/kit';

/** How the endpoint behind an {@link unreachableStore} fails. */
export type Unreachable = 'refused' | 'stalled';

/** A store whose server is down or hung, and how to release its socket. */
export interface UnreachableStore {
  store: ObjectStore;
  close(): Promise<void>;
}

const CAPABILITIES: StoreCapabilities = {
  conditionalWrite: true,
  range: false,
  presign: false,
  multipart: false,
  versioning: false,
  metadata: false,
  streaming: false,
  serverSideCopy: false,
};

/**
 * A plugin backend (built with `defineObjectStore`, as any third-party one) that speaks HTTP to
 * a loopback endpoint which is either closed (`refused`: every call fails to connect, which
 * the shared network classifier maps to `UNAVAILABLE`) or accepts connections and never
 * answers (`stalled`: wrapped in `withTimeout`, every call ends in `TIMEOUT` after
 * `timeoutMs`). Real sockets, real failures: what a service sees when its cloud is gone.
 */
export async function unreachableStore(kind: Unreachable, timeoutMs = 300): Promise<UnreachableStore> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  if (kind === 'refused') await closeServer(server, sockets);

  const call = async (key: string, signal: AbortSignal | undefined): Promise<never> => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/${encodeURIComponent(key)}`, { signal });
      await response.body?.cancel();
    } catch (error) {
      if (signal?.aborted) throw error;
      const failure = classifyNetworkError(error);
      if (failure === 'network') throw new StorageError('UNAVAILABLE', `127.0.0.1:${port} refused the connection; start the server and retry.`, { provider: 'unreachable', retryable: true, cause: error });
      if (failure === 'timeout') throw new StorageError('TIMEOUT', `127.0.0.1:${port} did not answer in time.`, { provider: 'unreachable', retryable: true, cause: error });
      throw error;
    }
    throw new StorageError('INTERNAL', `127.0.0.1:${port} answered, which this test endpoint never should.`, { provider: 'unreachable' });
  };

  const inner = defineObjectStore({
    provider: 'unreachable',
    location: `http://127.0.0.1:${port}`,
    capabilities: CAPABILITIES,
    get: (key, options) => call(key, options.signal),
    getStream: (key, options) => call(key, options.signal),
    put: (key, _body, options) => call(key, options.signal),
    head: (key, options) => call(key, options.signal),
    delete: (key, options) => call(key, options.signal),
    async *list(prefix, options) {
      yield* [];
      await call(prefix, options.signal);
    },
    copy: (from, _to, options) => call(from, options.signal),
  });
  return {
    store: kind === 'stalled' ? withTimeout(inner, { timeoutMs }) : inner,
    close: () => closeServer(server, sockets),
  };
}

async function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  if (!server.listening) return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
