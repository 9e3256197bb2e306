import type { CreateResumableUploadOptions, File } from '@google-cloud/storage';
import { StorageError } from '@agentmap/storage-core';
import { abortError } from '@agentmap/storage-core/kit';
import { PROVIDER } from '../errors';
import { type RequestRetry, requestWithRetries } from '../retry';

/** How a resumable request went, as the protocol answers. */
export type SessionAnswer =
  /** 200/201: the object is complete. */
  | { kind: 'done'; resource: Record<string, unknown> }
  /** 308: this many bytes are persisted. */
  | { kind: 'incomplete'; persisted: number }
  /** Any other status: a definite failure. */
  | { kind: 'failed'; status: number; body: unknown };

/**
 * Opens a resumable session through the SDK (which adds credentials and the object's
 * metadata, KMS key and preconditions); a failure in transit opens a new one, since an
 * unused session never commits anything.
 */
export async function openSession(file: File, options: CreateResumableUploadOptions, retry: RequestRetry): Promise<string> {
  const [uri] = await requestWithRetries(retry, () => file.createResumableUpload(options));
  return uri;
}

/**
 * Sends one request to a session URI. The session URI itself authorises the upload, so no
 * credentials are needed. Network failures and timeouts throw; HTTP answers are returned.
 */
export async function sessionRequest(uri: string, headers: Record<string, string>, body: Uint8Array | undefined, retry: RequestRetry): Promise<SessionAnswer> {
  const signals = [retry.signal, retry.timeoutMs ? AbortSignal.timeout(retry.timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
  let response: Response;
  try {
    response = await fetch(uri, {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(body?.byteLength ?? 0) },
      // Chunks are fresh ArrayBuffer-backed arrays (see chunksOf).
      ...(body && body.byteLength > 0 ? { body: body as Uint8Array<ArrayBuffer> } : {}),
      ...(signals.length > 0 ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) } : {}),
      redirect: 'manual',
    });
  } catch (error) {
    if (retry.signal?.aborted) throw abortError(retry.signal, PROVIDER);
    throw networkFailure(error);
  }
  if (response.status === 200 || response.status === 201) return { kind: 'done', resource: (await response.json()) as Record<string, unknown> };
  if (response.status === 308) {
    await response.arrayBuffer();
    const range = /^bytes=0-(\d+)$/.exec(response.headers.get('range') ?? '');
    return { kind: 'incomplete', persisted: range ? Number(range[1]) + 1 : 0 };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { kind: 'failed', status: response.status, body: parsed };
}

/**
 * Cancels an unfinished session (GCS answers 499), so the bytes it persisted are dropped now
 * rather than when the session expires. Best effort: a failure changes nothing for the caller.
 */
export async function cancelSession(uri: string, timeoutMs: number | undefined): Promise<void> {
  try {
    const response = await fetch(uri, { method: 'DELETE', headers: { 'content-length': '0' }, signal: AbortSignal.timeout(timeoutMs ?? CANCEL_TIMEOUT_MS), redirect: 'manual' });
    await response.arrayBuffer();
  } catch {
    // The session expires on its own (a week on GCS).
  }
}

/** How long a cancellation may take when the store sets no timeout. */
const CANCEL_TIMEOUT_MS = 10_000;

/** A fetch failure with the shape the error mapping reads (`code`). */
function networkFailure(error: unknown): Error {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } }).cause;
  const timedOut = (error as { name?: unknown }).name === 'TimeoutError' || cause?.name === 'TimeoutError';
  const code = timedOut ? 'ETIMEDOUT' : typeof cause?.code === 'string' && cause.code.startsWith('E') ? cause.code : 'ECONNRESET';
  return Object.assign(new Error(`resumable upload request failed (${code})`, { cause: error }), { code });
}

/** An HTTP failure answer with the shape the error mapping reads (`code` = status, `errors`). */
export function answerFailure(answer: { status: number; body: unknown }): Error {
  const reasons = (answer.body as { error?: { errors?: Array<{ reason?: string }> } } | undefined)?.error?.errors ?? [];
  return Object.assign(new Error(`resumable upload answered ${answer.status}`), { code: answer.status, errors: reasons });
}

export function lostData(persisted: number, expected: number): StorageError {
  return new StorageError('UNAVAILABLE', `The upload session lost data (it reports ${persisted} bytes persisted, ${expected} were acknowledged); upload again.`, {
    provider: PROVIDER,
    retryable: false,
  });
}
