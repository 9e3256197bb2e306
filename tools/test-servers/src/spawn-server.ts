import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A server process started for tests. */
export interface RunningServer {
  port: number;
  host: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  process: ChildProcess;
  /** Stops the process (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  /** Human name for messages: "Azurite", "s3rver". */
  name: string;
  command: string;
  args: string[];
  port: number;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the port to accept connections. Default 30 s. */
  readyTimeoutMs?: number;
  cwd?: string;
}

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Absolute path of a package's bin script inside the workspace's node_modules. */
export function binPath(pkg: string, bin: string): string {
  const require = createRequire(join(workspaceRoot, 'package.json'));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!rel) throw new Error(`${pkg} has no bin named ${bin}`);
  return join(dirname(manifestPath), rel);
}

/**
 * Starts a server process bound to 127.0.0.1 and resolves once its port accepts
 * connections. A server that exits or never listens rejects with its captured output, so a
 * test run fails loudly instead of skipping.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<RunningServer> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd ?? workspaceRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  const stopChild = () => {
    if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
  };
  process.once('exit', stopChild);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await canConnect(options.port))) {
    if (exited !== undefined) {
      throw new Error(`${options.name} exited with code ${exited} before listening on port ${options.port}:\n${output}`);
    }
    if (Date.now() > deadline) {
      stopChild();
      throw new Error(`${options.name} did not listen on 127.0.0.1:${options.port} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port: options.port,
    host: '127.0.0.1',
    url: `http://127.0.0.1:${options.port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', stopChild);
        if (child.exitCode !== null || exited !== undefined) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
