import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GcsTestServerFaults, RouteContext } from './context';
import { ApiError, sendError } from './http';
import { deleteBucket, getBucket, insertBucket, listBuckets } from './routes/buckets';
import { deleteObject, getObject, listObjects, patchObject } from './routes/objects';
import { cancelSession, putSession } from './routes/resumable';
import { copyObject, rewriteObject } from './routes/rewrite';
import { insertObject } from './routes/uploads';
import { handleXmlPath } from './routes/xml';
import { GcsState } from './store';

/** Options of {@link startGcsTestServer}. */
export interface GcsTestServerOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Buckets that exist from the start. */
  buckets?: string[];
  /** Project number reported in bucket resources. Default `"123456789012"`. */
  projectNumber?: string;
  /** Answer 401 to JSON API requests that carry no `Authorization` header (as GCS does). */
  requireAuth?: boolean;
  /**
   * The one access token JSON API requests may carry (`Authorization: Bearer <token>`); any
   * other value, or none, is 401. Implies `requireAuth`.
   */
  bearerToken?: string;
  /** Added to every generation (int64 in GCS); beyond 2^53 a client that parses them as numbers loses precision. */
  generationOffset?: bigint;
  /** Most entries a listing page holds, however many `maxResults` asks for; the rest follows by `nextPageToken`, as GCS may do. */
  maxPageSize?: number;
  /** Most bytes one `rewriteTo` call copies, whatever `maxBytesRewrittenPerCall` asks; larger objects take several calls continued by `rewriteToken`, as GCS may answer. */
  maxBytesRewrittenPerCall?: number;
  /** Buckets whose every JSON API request gets 403 Forbidden. */
  forbiddenBuckets?: string[];
  /** Service-account email -> PEM public key, for verifying V4 signed URLs. */
  signingKeys?: Record<string, string>;
  /** Faults injected from the start (see {@link GcsTestServer.faults}). */
  faults?: Partial<GcsTestServerFaults>;
}

/** Counters tests use to see which protocol a client chose. */
export interface GcsTestServerStats {
  requests: number;
  uploads: { media: number; multipart: number; resumable: number };
  /** PUT requests to resumable sessions (chunks and status queries). */
  sessionPuts: number;
}

/** A running server. */
export interface GcsTestServer {
  /** `http://127.0.0.1:<port>`: the `apiEndpoint` (or `STORAGE_EMULATOR_HOST`) for clients. */
  url: string;
  port: number;
  stats: GcsTestServerStats;
  /** Everything stored, for tests that look behind the API. */
  state: GcsState;
  /** Faults to inject; tests change them while the server runs (`server.faults.earlyCommits = 1`). */
  faults: GcsTestServerFaults;
  /** Creates a bucket directly (no request). */
  createBucket(name: string): void;
  /** Registers a public key for V4 signed URLs of `email`. */
  addSigningKey(email: string, publicKeyPem: string): void;
  /** Stops accepting, closes open connections and drops all data. */
  stop(): Promise<void>;
}

/**
 * Starts an in-process HTTP server on 127.0.0.1 that speaks the part of Google's Cloud Storage
 * JSON API used by `@google-cloud/storage`: buckets get/insert/list/delete, objects
 * insert (media, multipart, resumable), get (resource, or media with Range), list (prefix,
 * delimiter, pageToken, maxResults, startOffset, endOffset), patch, delete, copyTo, rewriteTo,
 * with generations, metagenerations, preconditions and md5Hash/crc32c. V4 signed URLs are
 * served in the XML API's path style when their signature verifies.
 */
export async function startGcsTestServer(options: GcsTestServerOptions = {}): Promise<GcsTestServer> {
  const state = new GcsState(options.projectNumber ?? '123456789012');
  state.generationOffset = options.generationOffset ?? 0n;
  for (const name of options.buckets ?? []) state.createBucket(name);
  const signingKeys = new Map(Object.entries(options.signingKeys ?? {}));
  const forbidden = new Set(options.forbiddenBuckets ?? []);
  const stats: GcsTestServerStats = { requests: 0, uploads: { media: 0, multipart: 0, resumable: 0 }, sessionPuts: 0 };
  const faults: GcsTestServerFaults = { earlyCommits: 0, ...options.faults };

  const server = createServer((req, res) => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ctx: RouteContext = { req, res, state, url, query: url.searchParams, baseUrl: `http://${req.headers.host ?? '127.0.0.1'}`, signingKeys, faults, ...(options.maxPageSize ? { pageCap: options.maxPageSize } : {}), ...(options.maxBytesRewrittenPerCall ? { rewriteCap: options.maxBytesRewrittenPerCall } : {}) };
    route(ctx, { requireAuth: (options.requireAuth ?? false) || options.bearerToken !== undefined, bearerToken: options.bearerToken, forbidden, stats }).catch((error: unknown) => fail(res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    state,
    faults,
    createBucket: (name) => void state.createBucket(name),
    addSigningKey: (email, pem) => void signingKeys.set(email, pem),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        state.buckets.clear();
        state.sessions.clear();
      }),
  };
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof ApiError) {
    if (error.status === 304) return void res.writeHead(304).end();
    return sendError(res, error);
  }
  sendError(res, new ApiError(500, 'backendError', `Internal error in the test server: ${error instanceof Error ? error.message : String(error)}`));
}

interface RouteOptions {
  requireAuth: boolean;
  bearerToken: string | undefined;
  forbidden: ReadonlySet<string>;
  stats: GcsTestServerStats;
}

function segmentsOf(path: string): string[] {
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    throw new ApiError(400, 'invalid', `Malformed percent-encoding in ${path}`);
  }
}

async function route(ctx: RouteContext, options: RouteOptions): Promise<void> {
  const rawPath = ctx.url.pathname;
  const method = ctx.req.method ?? 'GET';
  let api: 'upload' | 'download' | 'json' | undefined;
  let rest = '';
  for (const [prefix, kind] of [
    ['/upload/storage/v1/', 'upload'],
    ['/download/storage/v1/', 'download'],
    ['/storage/v1/', 'json'],
    // Emulator convention: STORAGE_EMULATOR_HOST clients send JSON API paths without /storage/v1.
    ['/b', 'json'],
  ] as const) {
    if (rawPath === prefix || rawPath.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || (prefix === '/b' && rawPath === '/b')) {
      api = kind;
      rest = prefix === '/b' ? rawPath : rawPath.slice(prefix.length - 1);
      break;
    }
  }
  if (api === undefined) return handleXmlPath(ctx, rawPath);

  const seg = segmentsOf(rest);
  if (options.requireAuth && !ctx.req.headers.authorization) {
    ctx.req.resume();
    throw new ApiError(401, 'required', 'Login Required');
  }
  if (options.bearerToken !== undefined && ctx.req.headers.authorization !== `Bearer ${options.bearerToken}`) {
    ctx.req.resume();
    throw new ApiError(401, 'authError', 'Invalid Credentials');
  }
  if (seg[0] !== 'b') throw new ApiError(404, 'notFound', `Not Found: ${rawPath}`);
  const bucket = seg[1];
  if (bucket !== undefined && options.forbidden.has(bucket)) {
    ctx.req.resume();
    throw new ApiError(403, 'forbidden', `The caller does not have storage.objects access to the Google Cloud Storage bucket ${bucket}.`);
  }

  if (api === 'upload') {
    if (bucket === undefined || seg[2] !== 'o' || seg.length !== 3) throw new ApiError(404, 'notFound', `Not Found: ${rawPath}`);
    if (ctx.query.has('upload_id')) {
      if (method === 'PUT' || method === 'POST') {
        options.stats.sessionPuts++;
        return putSession(ctx);
      }
      if (method === 'DELETE') return cancelSession(ctx);
    }
    if (method === 'POST') {
      const type = ctx.query.get('uploadType');
      if (type === 'media' || type === 'multipart' || type === 'resumable') options.stats.uploads[type]++;
      return insertObject(ctx, bucket);
    }
    throw new ApiError(405, 'methodNotAllowed', `${method} is not allowed on ${rawPath}`);
  }
  if (api === 'download') {
    if (bucket === undefined || seg[2] !== 'o' || seg.length !== 4 || (method !== 'GET' && method !== 'HEAD')) throw new ApiError(404, 'notFound', `Not Found: ${rawPath}`);
    ctx.query.set('alt', 'media');
    return getObject(ctx, bucket, seg[3]!);
  }

  // JSON API.
  if (bucket === undefined) {
    if (method === 'GET') return listBuckets(ctx);
    if (method === 'POST') return insertBucket(ctx);
  } else if (seg.length === 2) {
    if (method === 'GET') return getBucket(ctx, bucket);
    if (method === 'DELETE') return deleteBucket(ctx, bucket);
  } else if (seg[2] === 'o' && seg.length === 3) {
    if (method === 'GET') return listObjects(ctx, bucket);
    if (method === 'POST') throw new ApiError(400, 'uploadTooSmall', 'Metadata-only requests are not allowed; upload through /upload/storage/v1.');
  } else if (seg[2] === 'o' && seg.length === 4) {
    const name = seg[3]!;
    if (method === 'GET' || method === 'HEAD') return getObject(ctx, bucket, name);
    if (method === 'PATCH') return patchObject(ctx, bucket, name);
    if (method === 'DELETE') return deleteObject(ctx, bucket, name);
  } else if (seg[2] === 'o' && seg.length === 9 && (seg[4] === 'copyTo' || seg[4] === 'rewriteTo') && seg[5] === 'b' && seg[7] === 'o' && method === 'POST') {
    const from = { bucket, name: seg[3]! };
    const to = { bucket: seg[6]!, name: seg[8]! };
    if (options.forbidden.has(to.bucket)) throw new ApiError(403, 'forbidden', `The caller does not have access to the bucket ${to.bucket}.`);
    return seg[4] === 'copyTo' ? copyObject(ctx, from, to) : rewriteObject(ctx, from, to);
  }
  throw new ApiError(404, 'notFound', `Not Found: ${method} ${rawPath}`);
}


