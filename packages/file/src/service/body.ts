import { type PutBody, bytesOf } from '@agentmap/storage-core';
import { fileError } from '../errors';
import type { FileTarget } from '../paths/target';
import { tooLarge } from '../streams/size-limit';
import { isStreamLike } from './policy';

/**
 * What `write` accepts: text, bytes, a Node or Web stream (streamed, never held whole), or
 * any other JSON-serialisable value (objects, arrays, numbers), written as indented JSON.
 */
export type FileData = string | Uint8Array | ArrayBuffer | PutBody | Record<string, unknown> | readonly unknown[] | number | boolean;

/** A write's body: bytes in memory, or a stream to count as it flows. */
export type PreparedBody = { bytes: Uint8Array; stream?: undefined } | { stream: PutBody; bytes?: undefined };

/** Turns written data into bytes or a stream; in-memory bodies are checked against `limit` here. */
export function prepareBody(data: unknown, target: FileTarget, limit: number | undefined): PreparedBody {
  if (data === null || data === undefined) {
    throw fileError('INVALID_ARGUMENT', `Nothing to write to "${target.source}": data is ${data === null ? 'null' : 'undefined'}; pass text, bytes, a stream or a JSON-serialisable value.`);
  }
  if (typeof data === 'object' && !(data instanceof Uint8Array) && !(data instanceof ArrayBuffer) && isStreamLike(data)) {
    return { stream: data as PutBody };
  }
  const bytes = typeof data === 'string' || data instanceof Uint8Array || data instanceof ArrayBuffer ? bytesOf(data) : bytesOf(toJson(data, target));
  if (limit !== undefined && bytes.byteLength > limit) throw tooLarge(target.source, limit, 'write');
  return { bytes };
}

function toJson(data: unknown, target: FileTarget): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data, null, 2);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('INVALID_ARGUMENT', `Cannot write this value to "${target.source}" as JSON (${reason}); pass text, bytes or a plain object.`, { cause: error });
  }
  if (json === undefined) {
    throw fileError('INVALID_ARGUMENT', `Cannot write a ${typeof data} to "${target.source}"; pass text, bytes, a stream or a JSON-serialisable value.`);
  }
  return json;
}
