import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const INSTALL_COMMAND = 'apt-get update && apt-get install -y redis-server';

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

function isDebian(): boolean {
  return existsSync('/etc/debian_version') || /ID(_LIKE)?=.*debian/.test(safeRead('/etc/os-release'));
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

let installed: string | undefined;

/**
 * The path of `redis-server`. When it is missing and this process runs as root on Debian,
 * installs the distribution's package (printing what it does); anywhere else it throws with
 * the one command to run, so a suite fails loudly rather than skipping.
 */
export function ensureRedisServer(): string {
  if (installed) return installed;
  const existing = onPath('redis-server');
  if (existing) return (installed = existing);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !isDebian()) {
    throw new Error(`redis-server is not installed; install it with: sudo sh -c '${INSTALL_COMMAND}'`);
  }
  process.stderr.write(`redis-server is missing; installing the Debian package: ${INSTALL_COMMAND}\n`);
  execFileSync('sh', ['-c', INSTALL_COMMAND], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  // The package starts a system service on 6379; tests use their own ports, so stop it.
  spawnSync('sh', ['-c', 'service redis-server stop'], { stdio: 'ignore' });
  const after = onPath('redis-server');
  if (!after) throw new Error(`redis-server is still missing after '${INSTALL_COMMAND}'`);
  return (installed = after);
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
  const cli = onPath('redis-cli');
  if (!cli) throw new Error(`redis-cli is not installed; it comes with redis-server: ${INSTALL_COMMAND}`);
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
