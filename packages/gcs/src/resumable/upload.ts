import { createHash } from 'node:crypto';
import type { CreateResumableUploadOptions, File } from '@google-cloud/storage';
import { StorageError } from '@agentmap/storage-core';
import { PROVIDER, isTransient } from '../errors';
import type { ObjectResource } from '../object-info';
import { chunksOf } from './chunks';
import { type RequestRetry, pause, requestWithRetries } from '../retry';
import { type SessionAnswer, answerFailure, cancelSession, lostData, openSession, sessionRequest } from './session';

/** A resumable upload that failed; `outcomeUnknown` when its final request went out unanswered (it may have committed). */
export class UploadFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly outcomeUnknown: boolean,
  ) {
    super('resumable upload failed', { cause: failure });
  }
}

export interface ResumableUpload {
  file: File;
  /** What the SDK needs to open the session: metadata, preconditions, billing project. */
  session: CreateResumableUploadOptions;
  chunkSize: number;
  retry: RequestRetry;
}

const transientStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Uploads a stream through a resumable session, `chunkSize` bytes per request. After a failed
 * request it asks the session how much it persisted and resends from there, so nothing is
 * sent twice into the object and nothing is lost; after a lost answer to the final request it
 * asks the session whether the object was committed, so a conditional write is never applied
 * twice. The MD5 of the whole upload goes with the final request; GCS refuses a mismatch.
 */
export async function uploadResumable(spec: ResumableUpload, source: AsyncIterable<Uint8Array>): Promise<ObjectResource> {
  let finalSent = false;
  let uri: string | undefined;
  try {
    uri = await openSession(spec.file, spec.session, spec.retry);
    const md5 = createHash('md5');
    let chunkStart = 0;
    for await (const chunk of chunksOf(source, spec.chunkSize)) {
      md5.update(chunk.bytes);
      const total = chunk.last ? chunkStart + chunk.bytes.byteLength : undefined;
      const digest = chunk.last ? md5.digest('base64') : undefined;
      if (chunk.last) finalSent = true;
      const resource = await sendChunk(uri, chunk.bytes, chunkStart, total, digest, spec.retry);
      if (resource) {
        // GCS says the object is complete: it must hold exactly what was sent, all of it.
        await verifyCommitted(spec, resource, { size: chunkStart + chunk.bytes.byteLength, md5: digest, complete: chunk.last });
        return resource;
      }
      chunkStart += chunk.bytes.byteLength;
    }
    throw new StorageError('INTERNAL', 'The resumable upload ended without GCS confirming the object.', { provider: PROVIDER });
  } catch (error) {
    // A session that cannot have committed is cancelled (not awaited: an aborted call settles at once).
    if (uri !== undefined && !finalSent) void cancelSession(uri, spec.retry.timeoutMs);
    throw new UploadFailure(error, finalSent);
  }
}

/** What the upload had sent when GCS answered that the object was complete. */
interface Sent {
  size: number;
  /** MD5 of the whole body (base64), known once the last chunk was read. */
  md5: string | undefined;
  /** Whether the body had ended: an answer before its end can only describe part of it. */
  complete: boolean;
}

/**
 * Checks a committed object against what was sent: its size, and its MD5 when GCS reports
 * one (it does for every object a single upload makes). A session answering 200 before the
 * last chunk, or storing other bytes, would otherwise pass a truncated object off as the
 * whole one. On a mismatch the object is deleted, conditionally on its own generation so a
 * later writer's object is never touched, and the upload fails with `CORRUPT_DATA`.
 */
async function verifyCommitted(spec: ResumableUpload, resource: ObjectResource, sent: Sent): Promise<void> {
  const committed = Number(resource.size ?? Number.NaN);
  const problem = !sent.complete
    ? `GCS reported the upload complete with ${committed} bytes while ${sent.size} had been sent and more were to come`
    : committed !== sent.size
      ? `GCS committed ${committed} bytes where ${sent.size} were sent`
      : resource.md5Hash !== undefined && sent.md5 !== undefined && resource.md5Hash !== sent.md5
        ? 'GCS committed an object whose MD5 differs from the bytes sent'
        : undefined;
  if (problem === undefined) return;
  const generation = resource.generation === undefined ? undefined : String(resource.generation);
  const removed = generation !== undefined && (await removeGeneration(spec, generation));
  const outcome = removed
    ? 'the incomplete object was deleted'
    : 'the incomplete object could not be deleted (it may have been replaced already): check it before relying on it';
  throw new StorageError('CORRUPT_DATA', `${problem}; ${outcome}. Upload again.`, { provider: PROVIDER, key: spec.file.name, retryable: true });
}

/** Deletes exactly `generation` of the object (the generation as a string: int64). */
async function removeGeneration(spec: ResumableUpload, generation: string): Promise<boolean> {
  try {
    // A fresh retry budget without the caller's signal: an abandoned incomplete object is worse than a slower failure.
    await requestWithRetries({ ...spec.retry, signal: undefined }, () => spec.file.delete({ ifGenerationMatch: generation }));
    return true;
  } catch {
    return false;
  }
}

/**
 * Delivers one chunk: resends whatever the session did not persist, queries the session after
 * a failure. Returns the object resource when the session completed, `undefined` when the
 * chunk is persisted and more are to come.
 */
async function sendChunk(uri: string, bytes: Uint8Array, chunkStart: number, total: number | undefined, md5: string | undefined, retry: RequestRetry): Promise<Record<string, unknown> | undefined> {
  const end = chunkStart + bytes.byteLength;
  const size = total === undefined ? '*' : String(total);
  let persisted = chunkStart;
  let known = true;
  let failures = 0;
  const fail = async (error: unknown) => {
    if (++failures > retry.retries) throw error;
    await pause(failures, retry);
    known = false;
  };
  for (;;) {
    let answer: SessionAnswer;
    const piece = bytes.subarray(persisted - chunkStart);
    // After a failure, or with nothing left to send, ask the session where it stands.
    const sendsData = known && piece.byteLength > 0;
    const recovering = !known;
    try {
      if (!sendsData) answer = await sessionRequest(uri, { 'content-range': `bytes */${size}` }, undefined, retry);
      else {
        const headers: Record<string, string> = { 'content-range': `bytes ${persisted}-${end - 1}/${size}` };
        if (md5 !== undefined) headers['x-goog-hash'] = `md5=${md5}`;
        answer = await sessionRequest(uri, headers, piece, retry);
      }
    } catch (error) {
      if (!isTransient(error)) throw error;
      await fail(error);
      continue;
    }
    if (answer.kind === 'done') return answer.resource;
    if (answer.kind === 'failed') {
      if (!transientStatus(answer.status)) throw answerFailure(answer);
      await fail(answerFailure(answer));
      continue;
    }
    if (answer.persisted < chunkStart) throw lostData(answer.persisted, chunkStart);
    const progressed = answer.persisted > persisted;
    persisted = Math.min(answer.persisted, end);
    known = true;
    if (persisted === end && total === undefined) return undefined;
    // A session that makes no progress outside a recovery query is failing: count it.
    if (!progressed && !recovering) await fail(answerFailure({ status: 503, body: undefined }));
  }
}
