import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { BIN } from './build-bin';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string | Buffer;
  /** Called with each stderr chunk and the child, e.g. to kill it midway. */
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void;
}

/** Runs the built `agentmap-storage` bin as a user would: a child process, exit code, stdout, stderr. */
export function cli(args: string[], options: CliOptions): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env };
    delete env.AGENTMAP_STORAGE_CONFIG;
    if (options.env?.AGENTMAP_STORAGE_CONFIG) env.AGENTMAP_STORAGE_CONFIG = options.env.AGENTMAP_STORAGE_CONFIG;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh working directory per test, removed afterwards. */
export function useWorkDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentmap-cli-'));
    dirs.push(dir);
    return dir;
  };
}
