import type { RouteContext } from '../context';
import { withHashHeader } from '../hashes';
import { ApiError, badRequest, sendJson } from '../http';
import type { UploadSession } from '../model';
import { objectResource } from '../resource';

/** Non-final chunks are persisted in whole multiples of this, as GCS does. */
export const CHUNK_GRANULARITY = 256 * 1024;

interface ContentRange {
  /** First byte of this request's data; undefined for a status query (`bytes *​/…`). */
  start?: number;
  /** Last byte (inclusive) when given; undefined for `*` (the data runs to the end of the request). */
  end?: number;
  /** Total object size when known. */
  total?: number;
}

function parseContentRange(header: string | undefined): ContentRange {
  if (header === undefined) return { start: 0 };
  const match = /^bytes (?:\*|(\d+)-(\d+|\*))\/(\d+|\*)$/.exec(header.trim());
  if (!match) throw badRequest(`Malformed Content-Range: ${header}`);
  const [, start, end, total] = match;
  return {
    ...(start === undefined ? {} : { start: Number(start) }),
    ...(end === undefined || end === '*' ? {} : { end: Number(end) }),
    ...(total === '*' ? {} : { total: Number(total) }),
  };
}

function session(ctx: RouteContext): UploadSession {
  const found = ctx.state.sessions.get(ctx.query.get('upload_id') ?? '');
  if (!found) throw new ApiError(404, 'notFound', 'No such upload session.');
  if (found.state === 'cancelled') throw new ApiError(410, 'gone', 'The upload session was cancelled; start a new one.');
  if (found.state === 'failed') throw new ApiError(found.failure!.status, found.failure!.reason, found.failure!.message);
  return found;
}

function answerIncomplete(ctx: RouteContext, s: UploadSession): void {
  ctx.res.writeHead(308, { 'content-length': 0, ...(s.received > 0 ? { range: `bytes=0-${s.received - 1}` } : {}) });
  ctx.res.end();
}

function answerDone(ctx: RouteContext, s: UploadSession): void {
  sendJson(ctx.res, 200, objectResource(s.result!, ctx.baseUrl));
}

/**
 * `PUT <session URI>`: a chunk (`Content-Range: bytes a-b/total`, `bytes a-b/*`, `bytes a-*​/*`)
 * or a status query (`bytes *​/total`, `bytes *​/*`, empty body). Unfinished sessions answer 308
 * with `Range: bytes=0-<last persisted byte>` (no Range header when nothing is persisted); the
 * request that completes the object answers 200 with the object resource.
 */
export async function putSession(ctx: RouteContext): Promise<void> {
  const s = session(ctx);
  const range = parseContentRange(ctx.req.headers['content-range']);
  if (s.state === 'done') {
    ctx.req.resume();
    return answerDone(ctx, s);
  }
  if (range.total !== undefined) {
    if (s.declaredSize !== undefined && s.declaredSize !== range.total) throw badRequest(`Content-Range total ${range.total} contradicts the declared size ${s.declaredSize}.`);
    s.declaredSize = range.total;
  }
  if (range.start === undefined) {
    ctx.req.resume();
    if (s.declaredSize !== undefined && s.received === s.declaredSize) return commit(ctx, s);
    return answerIncomplete(ctx, s);
  }
  if (range.start > s.received) {
    ctx.req.resume();
    throw badRequest(`Bytes ${s.received}..${range.start - 1} are missing; query the upload status and resume from byte ${s.received}.`);
  }

  const chunks: Buffer[] = [];
  let length = 0;
  let aborted = false;
  ctx.req.on('aborted', () => (aborted = true));
  try {
    for await (const chunk of ctx.req) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
  } catch {
    aborted = true;
  }
  if (aborted || ctx.req.destroyed && !ctx.req.complete) {
    // An interrupted request keeps what arrived, in whole chunks, so the client can resume.
    append(s, range.start, Buffer.concat(chunks), true);
    return;
  }
  if (range.end !== undefined && range.end - range.start + 1 !== length) {
    throw badRequest(`Content-Range says ${range.end - range.start + 1} bytes but the request carried ${length}.`);
  }
  const endOfData = range.start + length;
  const isFinal = s.declaredSize !== undefined ? endOfData >= s.declaredSize : range.end === undefined;
  if (s.declaredSize !== undefined && endOfData > s.declaredSize) throw badRequest(`The upload carries more than the declared ${s.declaredSize} bytes.`);
  append(s, range.start, Buffer.concat(chunks, length), !isFinal);
  if (isFinal) {
    s.declaredSize ??= endOfData;
    return commit(ctx, s, ctx.req.headers['x-goog-hash']);
  }
  if (ctx.faults.earlyCommits > 0) {
    // Injected fault: the session commits what it holds and says the upload is complete.
    ctx.faults.earlyCommits--;
    return commit(ctx, s);
  }
  answerIncomplete(ctx, s);
}

/** Appends the part of `data` (starting at `start`) that is new, rounded down to whole chunks when asked. */
function append(s: UploadSession, start: number, data: Buffer, roundDown: boolean): void {
  const fresh = data.subarray(Math.min(data.length, s.received - start));
  let keep = fresh.length;
  if (roundDown) keep = Math.max(0, Math.floor((s.received + fresh.length) / CHUNK_GRANULARITY) * CHUNK_GRANULARITY - s.received);
  if (keep <= 0) return;
  s.chunks.push(fresh.subarray(0, keep));
  s.received += keep;
}

function commit(ctx: RouteContext, s: UploadSession, hashHeader?: string | string[]): void {
  try {
    const fields = withHashHeader(s.fields, hashHeader);
    const data = Buffer.concat(s.chunks, s.received);
    s.result = ctx.state.commitObject(s.bucket, s.name, data, fields, s.conditions);
    s.state = 'done';
    s.chunks = [];
  } catch (error) {
    if (error instanceof ApiError) {
      s.state = 'failed';
      s.chunks = [];
      s.failure = { status: error.status, reason: error.reason, message: error.message };
    }
    throw error;
  }
  answerDone(ctx, s);
}

/** `DELETE <session URI>`: cancels the upload; GCS answers 499. */
export function cancelSession(ctx: RouteContext): void {
  const s = session(ctx);
  if (s.state === 'done') throw new ApiError(400, 'invalid', 'The upload is already complete.');
  s.state = 'cancelled';
  s.chunks = [];
  ctx.res.writeHead(499, { 'content-length': 0 }).end();
}
