import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type PutBody, StorageError } from '@agentmap/storage-core';
import { bytesOf, isStreamBody, throwIfAborted, toReadable } from '@agentmap/storage-core/kit';
import type { BlobHTTPHeaders, BlobRequestConditions, BlockBlobClient } from '@azure/storage-blob';
import { PROVIDER } from '../errors';
import type { ResolvedSettings } from '../options';
import { type Block, BlockReader } from './block-reader';

/** Everything a write sends besides the bytes. */
export interface UploadRequest {
  key: string;
  headers: BlobHTTPHeaders;
  metadata: Record<string, string> | undefined;
  conditions: BlobRequestConditions | undefined;
  contentLength: number | undefined;
  signal: AbortSignal | undefined;
}

/** What the service answered for a finished upload. */
export interface UploadOutcome {
  etag: string;
  lastModified: Date;
  size: number;
}

/** Azure's limit of committed blocks per blob. */
const MAX_BLOCKS = 50_000;

type UploadSettings = Pick<ResolvedSettings, 'multipartThreshold' | 'blockSize' | 'parallelUploads' | 'encryptionScope'>;

/**
 * Uploads a body to a block blob. Up to `multipartThreshold` bytes go in one request; larger
 * bodies (and streams that turn out larger) are staged as blocks, `parallelUploads` at a
 * time, then committed in one request that carries the preconditions, so a conditional write
 * replaces the object atomically or not at all. A stream is read in blocks, at most
 * `multipartThreshold + blockSize` ahead at the start and one block ahead of the uploads after.
 */
export async function uploadBody(blob: BlockBlobClient, body: PutBody, request: UploadRequest, settings: UploadSettings): Promise<UploadOutcome> {
  if (!isStreamBody(body)) {
    const bytes = bytesOf(body);
    checkLength(bytes.byteLength, request);
    if (bytes.byteLength <= settings.multipartThreshold) return uploadOnce(blob, { parts: [bytes], size: bytes.byteLength }, request, settings);
    const blocks: Block[] = [];
    for (let at = 0; at < bytes.byteLength; at += settings.blockSize) {
      const part = bytes.subarray(at, at + settings.blockSize);
      blocks.push({ parts: [part], size: part.byteLength });
    }
    return uploadBlocks(blob, undefined, blocks, request, settings);
  }
  const reader = new BlockReader(toReadable(body), request.key, request.signal);
  try {
    // Read up to the threshold, then peek one chunk: enough to know whether one request will do.
    const head: Block[] = [];
    let headBytes = 0;
    let ended = false;
    while (!ended && headBytes < settings.multipartThreshold) {
      const block = await reader.read(settings.blockSize);
      if (block.size > 0) head.push(block);
      headBytes += block.size;
      ended = block.size < settings.blockSize;
    }
    if (!ended) ended = await reader.atEnd();
    throwIfAborted(request.signal, PROVIDER);
    if (ended && headBytes <= settings.multipartThreshold) {
      checkLength(headBytes, request);
      return await uploadOnce(blob, { parts: head.flatMap((block) => block.parts), size: headBytes }, request, settings);
    }
    return await uploadBlocks(blob, reader, head, request, settings);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

function uploadOnce(blob: BlockBlobClient, block: Block, request: UploadRequest, settings: UploadSettings): Promise<UploadOutcome> {
  const { size } = block;
  return blob
    .upload(requestBody(block), size, {
      blobHTTPHeaders: request.headers,
      metadata: request.metadata,
      conditions: request.conditions,
      encryptionScope: settings.encryptionScope,
      abortSignal: request.signal,
    })
    .then((answer) => ({ etag: answer.etag!, lastModified: answer.lastModified ?? new Date(), size }));
}

async function uploadBlocks(
  blob: BlockBlobClient,
  reader: BlockReader | undefined,
  head: Block[],
  request: UploadRequest,
  settings: UploadSettings,
): Promise<UploadOutcome> {
  // Ids are unique per upload so concurrent writers of one key never commit each other's blocks.
  const uploadId = randomUUID().replace(/-/g, '');
  const ids: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let size = 0;

  /** Waits until fewer than `parallelUploads` blocks are in flight; rethrows a failed one. */
  const slot = async () => {
    while (inFlight.size >= settings.parallelUploads) await Promise.race(inFlight);
    if (failure !== undefined) throw failure as Error;
    throwIfAborted(request.signal, PROVIDER);
  };
  const stage = async (block: Block) => {
    await slot();
    if (ids.length >= MAX_BLOCKS) {
      throw new StorageError('INVALID_ARGUMENT', `"${request.key}" needs more than ${MAX_BLOCKS} blocks: raise blockSize (it is ${settings.blockSize} bytes).`, {
        provider: PROVIDER,
        key: request.key,
      });
    }
    const id = Buffer.from(`${uploadId}${String(ids.length).padStart(6, '0')}`).toString('base64');
    ids.push(id);
    size += block.size;
    const sent = blob
      .stageBlock(id, requestBody(block), block.size, { abortSignal: request.signal, encryptionScope: settings.encryptionScope })
      .then(
        () => undefined,
        (error: unknown) => void (failure ??= error),
      )
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };

  try {
    // Staged blocks are dropped from the list so their memory can go as soon as they are sent.
    while (head.length > 0) await stage(head.shift()!);
    while (reader) {
      // A block is read only once a slot is free, so at most `parallelUploads` blocks are held.
      await slot();
      const block = await reader.read(settings.blockSize);
      if (block.size === 0) break;
      await stage(block);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure as Error;
  checkLength(size, request);
  const answer = await blob.commitBlockList(ids, {
    blobHTTPHeaders: request.headers,
    metadata: request.metadata,
    conditions: request.conditions,
    encryptionScope: settings.encryptionScope,
    abortSignal: request.signal,
  });
  return { etag: answer.etag!, lastModified: answer.lastModified ?? new Date(), size };
}

/** A declared `contentLength` that the body does not match is refused before anything is committed. */
function checkLength(actual: number, request: UploadRequest): void {
  if (request.contentLength !== undefined && request.contentLength !== actual) {
    throw new StorageError('INVALID_ARGUMENT', `The body of "${request.key}" has ${actual} bytes but contentLength says ${request.contentLength}; nothing was written.`, {
      provider: PROVIDER,
      key: request.key,
    });
  }
}

/**
 * A request body for a block: its only chunk as is, or a stream over its chunks made anew for
 * each attempt, so the SDK can retry without the chunks ever being copied into one buffer.
 */
function requestBody(block: Block): Buffer | (() => Readable) {
  if (block.parts.length <= 1) return block.parts[0] ? asBuffer(block.parts[0]) : Buffer.alloc(0);
  return () => Readable.from(block.parts.map(asBuffer), { objectMode: false });
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
