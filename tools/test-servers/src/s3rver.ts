import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { type ConditionalProxy, type SeenRequest, startConditionalProxy } from './s3rver-conditional-proxy';
import { binPath, spawnServer } from './spawn-server';

export { startConditionalProxy, type ConditionalProxy, type ConditionalProxyOptions, type SeenRequest } from './s3rver-conditional-proxy';
export { KeyLocks, type Release } from './s3rver-key-lock';

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface StartS3rverOptions {
  /** Put the conditional proxy in front (default true), so If-Match / If-None-Match are enforced. */
  conditional?: boolean;
  /** Sees every request the proxy receives (only with the proxy). */
  onRequest?: (request: SeenRequest) => void;
  /** Told when the proxy has answered a request, with the status sent. */
  onFinish?: (request: SeenRequest, status: number) => void;
}

export interface RunningS3rver {
  /** Where clients connect: the conditional proxy, or s3rver itself without it. */
  url: string;
  /** s3rver itself, bypassing the proxy. */
  directUrl: string;
  proxy: ConditionalProxy | undefined;
  credentials: typeof S3RVER_CREDENTIALS;
  region: 'us-east-1';
  /** Stops the proxy and s3rver and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver on a free loopback port with a fresh data directory (and, by default, the
 * conditional proxy in front). Throws with s3rver's output when it cannot start, so the test
 * run fails loudly. Clients need `forcePathStyle: true` and checksums `WHEN_REQUIRED`.
 */
export async function startS3rver(options: StartS3rverOptions = {}): Promise<RunningS3rver> {
  const dir = await mkdtemp(join(tmpdir(), 'agentmap-s3rver-'));
  const port = await freePort();
  // --openssl-legacy-provider: s3rver's continuation tokens use a cipher OpenSSL 3 retired.
  const server = await spawnServer({
    name: 's3rver',
    command: process.execPath,
    args: ['--openssl-legacy-provider', binPath('s3rver', 's3rver'), '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--silent'],
    port,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const { onRequest, onFinish } = options;
  const proxy = options.conditional === false ? undefined : await startConditionalProxy({ target: server.url, ...(onRequest ? { onRequest } : {}), ...(onFinish ? { onFinish } : {}) });
  return {
    url: proxy?.url ?? server.url,
    directUrl: server.url,
    proxy,
    credentials: S3RVER_CREDENTIALS,
    region: 'us-east-1',
    async stop() {
      await proxy?.stop();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
