import { createReadStream } from 'node:fs';
import { stat as statFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type ObjectInfo, type PutOptions, StorageError, fromFsError } from '@agentmap/storage-core';
import { contentTypeFor } from '@agentmap/storage-core/kit';
import Table from 'cli-table3';
import type { Targets } from '../context';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';

const infoJson = (info: ObjectInfo) => ({
  key: info.key,
  size: info.size,
  etag: info.etag,
  lastModified: info.lastModified.toISOString(),
  ...(info.contentType ? { contentType: info.contentType } : {}),
  ...(info.storageClass ? { storageClass: info.storageClass } : {}),
  ...(info.metadata && Object.keys(info.metadata).length > 0 ? { metadata: info.metadata } : {}),
});

/** `ls <target>`: one level (folders end with `/`), or everything with `--recursive`. */
export async function ls(io: Io, targets: Targets, target: string, options: GlobalOptions & { recursive?: boolean }): Promise<number> {
  const { store, key } = targets.prefix(target);
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const rows: Array<{ key: string; size?: number; lastModified?: string; folder?: boolean }> = [];
  for await (const entry of store.list(prefix, options.recursive ? {} : { delimiter: '/' })) {
    if (entry.kind === 'prefix') rows.push({ key: entry.prefix, folder: true });
    else if (!entry.key.startsWith('.agentmap/')) rows.push({ key: entry.key, size: entry.size, ...(entry.lastModified ? { lastModified: entry.lastModified.toISOString() } : {}) });
  }
  if (rows.length === 0 && key !== '' && !key.endsWith('/')) {
    // The target may name one object rather than a folder.
    const info = await store.head(key);
    if (info) rows.push({ key: info.key, size: info.size, lastModified: info.lastModified.toISOString() });
  }
  if (options.json) writeJson(io, rows);
  else for (const row of rows) writeLine(io, row.folder ? `${''.padStart(12)}  ${row.key}` : `${String(row.size).padStart(12)}  ${row.key}`);
  return 0;
}

/** `cat <uri>`: the object's bytes on stdout, streamed; with `--json`, its info and base64 body. */
export async function cat(io: Io, targets: Targets, target: string, options: GlobalOptions = {}): Promise<number> {
  const { store, key } = targets.object(target);
  if (options.json) {
    const { body, info } = await store.get(key);
    writeJson(io, { ...infoJson(info), base64: Buffer.from(body).toString('base64') });
    return 0;
  }
  const { stream } = await store.getStream(key);
  await pipeline(stream, io.stdout, { end: false });
  return 0;
}

/** `put <uri> <file|->`: uploads a file (or stdin), streamed. */
export async function put(io: Io, targets: Targets, target: string, file: string, options: GlobalOptions & { contentType?: string; ifMatch?: string; ifNoneMatch?: boolean }): Promise<number> {
  const { store, key } = targets.object(target);
  const putOptions: PutOptions = { contentType: options.contentType ?? contentTypeFor(key) };
  if (options.ifMatch !== undefined) putOptions.ifMatch = options.ifMatch;
  if (options.ifNoneMatch) putOptions.ifNoneMatch = '*';
  let body: NodeJS.ReadableStream;
  if (file === '-') body = io.stdin;
  else {
    const path = resolve(io.cwd, file);
    try {
      const stats = await statFile(path);
      if (!stats.isFile()) throw new StorageError('INVALID_ARGUMENT', `${file} is not a regular file; give a file or - for stdin.`, { provider: 'cli' });
      putOptions.contentLength = stats.size;
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw fromFsError(error, file);
    }
    body = createReadStream(path);
  }
  const info = await store.put(key, body, putOptions);
  if (options.json) writeJson(io, infoJson(info));
  else writeLine(io, `${target}  ${info.size} bytes  etag ${info.etag}`);
  return 0;
}

/** `rm <uri>`: deletes one object; a missing one is NOT_FOUND unless `--force`. */
export async function rm(io: Io, targets: Targets, target: string, options: GlobalOptions & { ifMatch?: string; force?: boolean }): Promise<number> {
  const { store, key } = targets.object(target);
  const removed = await store.delete(key, options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch });
  if (!removed && !options.force) throw new StorageError('NOT_FOUND', `${target} does not exist; nothing was deleted (pass --force to accept that).`, { provider: store.provider, key });
  if (options.json) writeJson(io, { key, deleted: removed });
  else writeLine(io, removed ? `deleted ${target}` : `${target} did not exist`);
  return 0;
}

/** `stat <uri>`: size in bytes, etag, dates, content type and metadata. */
export async function stat(io: Io, targets: Targets, target: string, options: GlobalOptions): Promise<number> {
  const { store, key } = targets.object(target);
  const info = await store.head(key);
  if (!info) throw new StorageError('NOT_FOUND', `${target} does not exist; check the path with ls.`, { provider: store.provider, key });
  const fields = infoJson(info);
  if (options.json) writeJson(io, fields);
  else {
    const table = new Table({ style: { head: [], border: [] } });
    for (const [name, value] of Object.entries(fields)) table.push({ [name]: typeof value === 'object' ? JSON.stringify(value) : String(value) });
    writeLine(io, table.toString());
  }
  return 0;
}
