import { randomUUID } from 'node:crypto';
import { Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import { listenOnLoopback } from './loopback';
import { KeyLocks } from './s3rver-key-lock';

/** What the proxy saw of one request, for tests that assert on the wire. */
export interface SeenRequest {
  method: string;
  /** Path and query as sent, still URL-encoded: `/bucket/key?uploads`. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface ConditionalProxyOptions {
  /** The S3 server requests go to: `http://127.0.0.1:4568`. Path-style addressing only. */
  target: string;
  /** Called for every request before it is checked or forwarded. */
  onRequest?: (request: SeenRequest) => void;
  /** Called when the answer to a request has been sent (or the connection dropped). */
  onFinish?: (request: SeenRequest, status: number) => void;
}

export interface ConditionalProxy {
  /** `http://127.0.0.1:<port>`: point the S3 client here. */
  url: string;
  port: number;
  /** How many writes were refused for a failed precondition. */
  refused: number;
  stop(): Promise<void>;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

interface Current {
  exists: boolean;
  etag?: string;
}

/**
 * A loopback proxy in front of an S3 emulator that does not enforce conditional writes
 * (s3rver): it enforces `If-Match` / `If-None-Match` on PutObject, CopyObject,
 * CompleteMultipartUpload and DeleteObject, and `x-amz-copy-source-if-match` on copies,
 * answering as Amazon S3 does (412 PreconditionFailed; 404 NoSuchKey for `If-Match` on a
 * missing object).
 *
 * Requests on one key are serialised: a write holds its key alone from the precondition
 * check until the emulator has answered, so check and write are atomic; reads share the key
 * but never overlap a write, because s3rver writes objects in place and a racing read could
 * see a torn body.
 */
export async function startConditionalProxy(options: ConditionalProxyOptions): Promise<ConditionalProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  const locks = new KeyLocks();
  let refused = 0;

  const upstream = (method: string, path: string, headers: IncomingHttpHeaders) =>
    httpRequest({ host: target.hostname, port: target.port, method, path, headers, agent });

  /** HEAD without credentials: s3rver serves anonymous requests, and the proxy holds no keys. */
  const currentOf = (path: string): Promise<Current> =>
    new Promise((resolve, reject) => {
      const req = upstream('HEAD', path, { host: target.host });
      req.on('response', (res) => {
        res.resume();
        const etag = res.headers.etag;
        resolve(res.statusCode === 200 ? { exists: true, ...(etag ? { etag } : {}) } : { exists: false });
      });
      req.on('error', reject);
      req.end();
    });

  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer) => {
    const out = upstream(req.method ?? 'GET', req.url ?? '/', req.headers);
    out.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    if (body !== undefined) return void out.end(body);
    req.on('error', () => out.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const seen: SeenRequest = { method, url: rawUrl, headers: req.headers };
    options.onRequest?.(seen);
    if (options.onFinish) res.on('close', () => options.onFinish?.(seen, res.statusCode));
    const object = objectOf(rawUrl);
    const kind = object ? classify(method, object.query) : 'other';
    if (!object || kind === 'other') return forward(req, res);

    void (async () => {
      // Amazon S3 stores a PUT whole or not at all; s3rver writes in place. Holding the body
      // until it has fully arrived keeps an aborted upload from truncating the stored object.
      const body = kind === 'write' && method === 'PUT' ? await readBody(req) : undefined;
      if (body === null) return res.destroy();
      const release = await locks.acquire(object.lockKey, kind === 'write');
      res.on('close', release);
      const refusal = kind === 'write' ? await checkWrite(req.headers, object.path, currentOf) : undefined;
      if (refusal) {
        refused++;
        req.resume();
        return sendError(res, refusal, object.path);
      }
      forward(req, res, body);
    })().catch(() => res.destroy());
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    port: listener.port,
    get refused() {
      return refused;
    },
    stop: () =>
      listener.close().then(() => {
        agent.destroy();
      }),
  };
}

interface ObjectTarget {
  /** `/bucket/key`, still encoded, without the query. */
  path: string;
  query: URLSearchParams;
  lockKey: string;
}

/** The object a path-style request addresses, or undefined for service and bucket requests. */
function objectOf(rawUrl: string): ObjectTarget | undefined {
  const at = rawUrl.indexOf('?');
  const path = at === -1 ? rawUrl : rawUrl.slice(0, at);
  const query = new URLSearchParams(at === -1 ? '' : rawUrl.slice(at + 1));
  const match = /^\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return undefined;
  return { path, query, lockKey: `${match[1]}/${decodeURIComponent(match[2]!)}` };
}

/** Writes replace or remove an object; reads return one; part uploads and the rest pass through. */
function classify(method: string, query: URLSearchParams): 'write' | 'read' | 'other' {
  const upload = query.has('uploadId');
  if (method === 'PUT') return upload || query.has('partNumber') || query.has('tagging') || query.has('acl') ? 'other' : 'write';
  if (method === 'DELETE') return upload ? 'other' : 'write';
  if (method === 'POST') return upload ? 'write' : 'other';
  if (method === 'GET' || method === 'HEAD') return upload || query.has('tagging') || query.has('acl') ? 'other' : 'read';
  return 'other';
}

/** Evaluates a write's preconditions against the object's current state. */
async function checkWrite(headers: IncomingHttpHeaders, path: string, currentOf: (path: string) => Promise<Current>): Promise<Refusal | undefined> {
  const ifMatch = single(headers['if-match']);
  const ifNoneMatch = single(headers['if-none-match']);
  const copySource = single(headers['x-amz-copy-source']);
  const sourceIfMatch = single(headers['x-amz-copy-source-if-match']);
  if (copySource !== undefined && sourceIfMatch !== undefined) {
    const sourcePath = `/${copySource.replace(/^\//, '').split('?')[0]}`;
    const source = await currentOf(sourcePath);
    if (!source.exists) return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
    if (!etagMatches(sourceIfMatch, source.etag)) return preconditionFailed('x-amz-copy-source-If-Match');
  }
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  const current = await currentOf(path);
  if (ifNoneMatch !== undefined && current.exists && (ifNoneMatch === '*' || etagMatches(ifNoneMatch, current.etag))) {
    return preconditionFailed('If-None-Match');
  }
  if (ifMatch !== undefined) {
    if (!current.exists) return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
    if (!etagMatches(ifMatch, current.etag)) return preconditionFailed('If-Match');
  }
  return undefined;
}

function preconditionFailed(condition: string): Refusal {
  return { status: 412, code: 'PreconditionFailed', message: `At least one of the pre-conditions you specified did not hold (${condition}).` };
}

function etagMatches(expected: string, actual: string | undefined): boolean {
  if (expected.trim() === '*') return actual !== undefined;
  const bare = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return actual !== undefined && expected.split(',').some((candidate) => bare(candidate) === bare(actual));
}

/** The whole request body, or null when the client went away before sending all of it. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('aborted', () => resolve(null));
    req.on('close', () => {
      if (!req.complete) resolve(null);
    });
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sendError(res: ServerResponse, refusal: Refusal, resource: string): void {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
  res.writeHead(refusal.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
