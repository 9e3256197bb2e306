import { type ObjectInfo, type PutOptions, type StorageResult, type WriteMode, concatBytes, isWriteMode, successResult, updateObject } from '@agentmap/storage-core';
import { fileError } from '../errors';
import { contentTypeOf, extensionOf } from '../files/kinds';
import type { FileWriteOptions } from '../options';
import type { FileTarget } from '../paths/target';
import { collectCounted, countedStream, tooLarge } from '../streams/size-limit';
import { type PreparedBody, prepareBody } from './body';
import { checkWritablePath } from './conflicts';
import type { FileContext } from './context';
import { reported } from './outcome';
import { checkBinaryAllowed, checkExtension, isBinaryWrite } from './policy';

const TEXT_SEPARATOR = new TextEncoder().encode('\n\n');

/** The write operation: checks everything it can before any I/O, then writes in the given mode. */
export async function writeTarget(ctx: FileContext, target: FileTarget, data: unknown, options: FileWriteOptions = {}): Promise<StorageResult> {
  const mode: WriteMode = options.mode ?? 'write';
  if (!isWriteMode(mode)) {
    throw fileError('INVALID_ARGUMENT', `Unknown write mode ${JSON.stringify(mode)}; use 'write', 'update' or 'append' (or WriteMode.WRITE, .UPDATE, .APPEND).`);
  }
  if (target.path === '') {
    throw fileError('INVALID_ARGUMENT', `Writing to "${target.collection}" needs a document id, the file name: write('${target.collection}', data, 'notes.txt').`);
  }
  checkExtension(ctx.settings, target);
  const binary = isBinaryWrite(target, data, options.binaryMode ?? ctx.settings.binaryMode);
  checkBinaryAllowed(ctx.settings, target, binary);
  const body = prepareBody(data, target, ctx.settings.maxFileSize);
  const put: PutOptions = { contentType: options.contentType ?? contentTypeOf(extensionOf(target.key)), signal: options.signal };
  const fields = { operation: mode, collection: target.collection, documentId: target.path, mode };

  return reported(fields, async () => {
    const [existing] = await Promise.all([target.store.head(target.key, { signal: options.signal }), checkWritablePath(target, 'file', options.signal)]);
    let info: ObjectInfo;
    if (mode === 'append') {
      const addition = body.bytes ?? (await collectCounted(body.stream!, ctx.settings.maxFileSize, target.source, 'write', options.signal));
      info = await append(target, addition, binary, ctx.settings.maxFileSize, put);
    } else if (mode === 'update' && !existing) {
      throw fileError('NOT_FOUND', `"${target.source}" does not exist, so it cannot be updated; write it with mode 'write' first.`, { key: target.source });
    } else {
      info = await putBody(target, body, ctx.settings.maxFileSize, mode === 'update' ? { ...put, ifMatch: existing!.etag } : put);
    }
    return successResult({ ...fields, createdNew: !existing, etag: info.etag, count: 1, totalAffected: 1, data: { path: target.path, size: info.size } });
  });
}

/** Stores a body; a stream is counted as it flows and the upload aborted past `limit`. */
async function putBody(target: FileTarget, body: PreparedBody, limit: number | undefined, options: PutOptions): Promise<ObjectInfo> {
  if (body.bytes) return target.store.put(target.key, body.bytes, options);
  if (limit === undefined) return target.store.put(target.key, body.stream, options);
  const counted = countedStream(body.stream, limit, target.source, 'write');
  try {
    return await target.store.put(target.key, counted.stream, options);
  } catch (error) {
    counted.stream.destroy();
    // Backends may wrap the stream's failure; the size limit is the real reason.
    throw counted.exceeded ?? error;
  }
}

/** Appends with the shared read-modify-write loop, so concurrent appends never lose text. */
async function append(target: FileTarget, addition: Uint8Array, binary: boolean, limit: number | undefined, put: PutOptions): Promise<ObjectInfo> {
  const { info } = await updateObject(
    target.store,
    target.key,
    (current) => {
      const old = current?.body;
      const joined = !old || old.byteLength === 0 ? addition : binary ? concatBytes([old, addition]) : concatBytes([old, TEXT_SEPARATOR, addition]);
      if (limit !== undefined && joined.byteLength > limit) throw tooLarge(target.source, limit, 'write');
      return { body: joined, result: undefined, contentType: current?.info.contentType ?? put.contentType };
    },
    { signal: put.signal, contentType: put.contentType },
  );
  return info!;
}
