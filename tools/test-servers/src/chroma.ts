import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';
import { spawnServer } from './spawn-server';

/** chromadb's package exports hide its package.json, so its bin is found through node_modules/.bin. */
const CHROMA_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'node_modules', '.bin', 'chroma');

export interface RunningChroma {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The directory Chroma keeps its data in (removed by `stop` unless it was given). */
  path: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartChromaOptions {
  /** Port to listen on; a free one by default (give the old port to restart on it). */
  port?: number;
  /** Data directory; a fresh temporary one by default, removed on stop. Give one to restart over the same data. */
  path?: string;
  /** How long to wait for the heartbeat (default 60 s: the first start on a loaded machine is slow). */
  readyTimeoutMs?: number;
}

/**
 * Starts Chroma's own server (`chroma run` from the chromadb package) on a loopback port and
 * resolves once `GET /api/v2/heartbeat` answers. Throws with the server's output when it
 * cannot start, so the run fails loudly.
 */
export async function startChroma(options: StartChromaOptions = {}): Promise<RunningChroma> {
  const port = options.port ?? (await freePort());
  const owned = options.path === undefined;
  const path = options.path ?? mkdtempSync(join(tmpdir(), 'chroma-'));
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let server;
  try {
    server = await spawnServer({
      name: 'Chroma',
      command: process.execPath,
      args: [CHROMA_BIN, 'run', '--path', path, '--host', '127.0.0.1', '--port', String(port)],
      port,
      readyTimeoutMs,
    });
  } catch (error) {
    if (owned) rmSync(path, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    if (owned) rmSync(path, { recursive: true, force: true });
  };
  // The port opens before the HTTP routes are ready: wait for the heartbeat itself.
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    try {
      const answer = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(2000) });
      if (answer.ok) break;
    } catch {
      // not ready yet
    }
    if (server.process.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Chroma on ${url} did not answer its heartbeat in ${readyTimeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, path, stop };
}
