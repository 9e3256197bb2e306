import type { IncomingMessage, ServerResponse } from 'node:http';

/** A failure answered in the JSON API's error format. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'notFound', `No such object: ${what}`);
export const bucketNotFound = (bucket: string) => new ApiError(404, 'notFound', `The specified bucket does not exist: ${bucket}`);
export const badRequest = (message: string, reason = 'invalid') => new ApiError(400, reason, message);
export const conditionNotMet = () => new ApiError(412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.');

/** Writes a JSON body with its length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** `{ error: { code, message, errors: [{ domain, reason, message }] } }`, as the JSON API answers. */
export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(
    res,
    error.status,
    { error: { code: error.status, message: error.message, errors: [{ domain: 'global', reason: error.reason, message: error.message }] } },
    error.headers,
  );
}

/** Reads a whole request body. Only used for bodies that are small by protocol or by test design. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON request body; an empty body is `{}`. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw badRequest('Parse Error: the request body is not a JSON object.', 'parseError');
  }
}
