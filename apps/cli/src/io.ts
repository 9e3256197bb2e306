import { inspect } from 'node:util';
import { isStorageError } from '@agentmap/storage-core';

/** Where a command writes; tests and embedders can pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The options every command accepts. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  debug?: boolean;
}

export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(io: Io, line = ''): void {
  io.stdout.write(`${line}\n`);
}

/** An error as one line on stderr (code and message); with `debug`, the stack and causes too. */
export function reportError(io: Io, error: unknown, options: GlobalOptions): void {
  const code = isStorageError(error) ? error.code : 'INTERNAL';
  const message = isStorageError(error) ? error.message : 'An unexpected failure; run again with --debug for details.';
  io.stderr.write(`agentmap-storage: ${code}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  if (options.debug) io.stderr.write(`${inspect(error, { depth: 6 })}\n`);
  if (options.json) writeJson(io, { ok: false, error: { code, message } });
}
