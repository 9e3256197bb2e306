import { execFileSync, spawnSync } from 'node:child_process';
import { ensureDebianCommand } from './debian-package';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { type RunningServer, spawnServer } from './spawn-server';

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` (`rediss://` with TLS) */
  url: string;
  port: number;
  /** Stops the server; everything it held is gone (no snapshot, no append-only file). */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Port to listen on; a free one by default (give the old port to restart on it). */
  port?: number;
  /** Require this password (`--requirepass`). */
  password?: string;
  /** Serve TLS only, with this PEM certificate and key (paths); the URL is then `rediss://`. Clients are not asked for certificates. */
  tls?: { cert: string; key: string };
}

/**
 * The path of `redis-server`. When it is missing and this process runs as root on Debian,
 * installs the distribution's package (printing what it does); anywhere else it throws with
 * the one command to run, so a suite fails loudly rather than skipping.
 */
export function ensureRedisServer(): string {
  // The package starts a system service on 6379; tests use their own ports, so stop it.
  return ensureDebianCommand('redis-server', 'redis-server', () => spawnSync('sh', ['-c', 'service redis-server stop'], { stdio: 'ignore' }));
}

/**
 * Starts `redis-server` on a loopback port with persistence off. Throws with its output when it
 * cannot start (or cannot be installed), so the run fails loudly.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const command = ensureRedisServer();
  const port = options.port ?? (await freePort());
  const server = await spawnServer({
    name: 'redis-server',
    command,
    args: [
      '--bind',
      '127.0.0.1',
      ...(options.tls
        ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.cert, '--tls-key-file', options.tls.key, '--tls-ca-cert-file', options.tls.cert, '--tls-auth-clients', 'no']
        : ['--port', String(port)]),
      '--save',
      '',
      '--appendonly',
      'no',
      ...(options.password ? ['--requirepass', options.password] : []),
    ],
    port,
  });
  return { url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`, port, stop: () => server.stop() };
}

export interface RunningRedisCluster {
  /** `redis://127.0.0.1:<port>` of each primary. */
  nodes: string[];
  stop(): Promise<void>;
}

/**
 * Starts `size` (default 3) cluster-enabled `redis-server`s on loopback ports and joins them
 * into one cluster of primaries with `redis-cli --cluster create`, resolving once every slot is
 * served (`cluster_state:ok`).
 */
export async function startRedisCluster(options: { size?: number } = {}): Promise<RunningRedisCluster> {
  const command = ensureRedisServer();
  // redis-cli comes with the same package.
  const cli = ensureDebianCommand('redis-cli', 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const servers: RunningServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < (options.size ?? 3); i++) {
      const port = await freePort();
      servers.push(
        await spawnServer({
          name: 'redis-server (cluster node)',
          command,
          args: ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)],
          port,
          cwd: dir,
        }),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    execFileSync(cli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    for (const server of servers) {
      while (!spawnSync(cli, ['-p', String(server.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error('the Redis cluster did not reach cluster_state:ok in 30 s');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return { nodes: servers.map((server) => `redis://127.0.0.1:${server.port}`), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
