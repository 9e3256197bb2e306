import { type ObjectInfo, type PutOptions, type StorageResult, type WriteMode, concatBytes, isWriteMode, successResult, settleWrite, updateObject } from '@agentmap/storage-core';
import { fileError } from '../errors';
import { contentTypeOf, extensionOf } from '../files/kinds';
import type { FileWriteOptions } from '../options';
import type { FileTarget } from '../paths/target';
import { type CountedBody, collectCounted, countedStream, tooLarge } from '../streams/size-limit';
import { prepareBody } from './body';
import { checkWritablePath } from './conflicts';
import type { FileContext } from './context';
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
  const prepared = prepareBody(data, target, ctx.settings.maxFileSize);
  // A stream is taken in hand at once: one already flowing would otherwise lose data while
  // the checks below wait on I/O. The counter buffers it (with backpressure) until the put.
  const body = prepared.bytes ?? countedStream(prepared.stream, ctx.settings.maxFileSize, target.source, 'write');
  const put: PutOptions = { contentType: options.contentType ?? contentTypeOf(extensionOf(target.key)), signal: options.signal };
  const fields = { operation: mode, collection: target.collection, documentId: target.path, mode };

  return settleWrite(fields, async () => {
    try {
      const [existing] = await Promise.all([target.store.head(target.key, { signal: options.signal }), checkWritablePath(target, 'file', options.signal)]);
      let info: ObjectInfo;
      if (mode === 'append') {
        const addition = body instanceof Uint8Array ? body : await collectCounted(body, options.signal);
        info = await append(target, addition, binary, ctx.settings.maxFileSize, put);
      } else if (mode === 'update' && !existing) {
        throw fileError('NOT_FOUND', `"${target.source}" does not exist, so it cannot be updated; write it with mode 'write' first.`, { key: target.source });
      } else {
        info = await putBody(target, body, mode === 'update' ? { ...put, ifMatch: existing!.etag } : put);
      }
      return successResult({ ...fields, createdNew: !existing, etag: info.etag, count: 1, totalAffected: 1, data: { path: target.path, size: info.size } });
    } finally {
      // Releases the caller's stream when the write stopped before consuming it.
      if (!(body instanceof Uint8Array)) body.stream.destroy();
    }
  });
}

/** Stores a body; a stream is counted as it flows and the upload fails past the limit. */
async function putBody(target: FileTarget, body: Uint8Array | CountedBody, options: PutOptions): Promise<ObjectInfo> {
  if (body instanceof Uint8Array) return target.store.put(target.key, body, options);
  try {
    return await target.store.put(target.key, body.stream, options);
  } catch (error) {
    // Backends may wrap the stream's failure; the size limit is the real reason.
    throw body.exceeded ?? error;
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
