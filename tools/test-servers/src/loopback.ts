import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An HTTP server listening on a free 127.0.0.1 port, and how to stop it at once. */
export interface LoopbackListener {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Destroys every open connection (keep-alive ones too) and closes the server. */
  close(): Promise<void>;
}

/** Starts `server` on a free loopback port, tracking its sockets so `close` never waits on a client. */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
