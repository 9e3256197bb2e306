import type { RouteContext } from '../context';
import { ApiError } from '../http';
import { isSignedRequest, verifySignedRequest } from '../signed-url';
import { readBody } from '../http';
import { sendMedia } from './media';

function sendXmlError(ctx: RouteContext, status: number, code: string, message: string): void {
  const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message.replace(/[<&>]/g, '')}</Message></Error>`;
  ctx.res.writeHead(status, { 'content-type': 'application/xml; charset=UTF-8', 'content-length': Buffer.byteLength(body) });
  ctx.res.end(body);
}

/**
 * `GET|HEAD|PUT /{bucket}/{object}` in the XML API's path style: what V4 signed URLs address.
 * Only signed requests are served; the signature is verified against the registered keys.
 */
export async function handleXmlPath(ctx: RouteContext, rawPath: string): Promise<void> {
  if (!isSignedRequest(ctx.query)) {
    ctx.req.resume();
    return sendXmlError(ctx, 403, 'AccessDenied', 'Anonymous access is not allowed; sign the URL.');
  }
  const problem = verifySignedRequest(ctx.req, rawPath, ctx.query, ctx.signingKeys);
  if (problem) {
    ctx.req.resume();
    return sendXmlError(ctx, problem.status, problem.code, problem.message);
  }
  const slash = rawPath.indexOf('/', 1);
  const bucketName = decodeURIComponent(slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash));
  const name = slash === -1 ? '' : decodeURIComponent(rawPath.slice(slash + 1));
  const bucket = ctx.state.buckets.get(bucketName);
  if (!bucket) return sendXmlError(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist.');
  if (ctx.req.method === 'PUT') {
    const data = await readBody(ctx.req);
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.req.headers)) if (k.startsWith('x-goog-meta-') && typeof v === 'string') metadata[k.slice(12)] = v;
    const conditions = new URLSearchParams();
    const ifGeneration = ctx.req.headers['x-goog-if-generation-match'];
    if (typeof ifGeneration === 'string') conditions.set('ifGenerationMatch', ifGeneration);
    try {
      const stored = ctx.state.commitObject(bucketName, name, data, { contentType: ctx.req.headers['content-type'] ?? 'application/octet-stream', metadata }, conditions);
      ctx.res.writeHead(200, {
        etag: `"${Buffer.from(stored.md5Hash, 'base64').toString('hex')}"`,
        'x-goog-generation': stored.generation.toString(),
        'x-goog-metageneration': '1',
        'x-goog-hash': `crc32c=${stored.crc32c},md5=${stored.md5Hash}`,
        'content-length': 0,
      });
      ctx.res.end();
    } catch (error) {
      if (error instanceof ApiError) return sendXmlError(ctx, error.status, error.status === 412 ? 'PreconditionFailed' : 'InvalidArgument', error.message);
      throw error;
    }
    return;
  }
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return sendXmlError(ctx, 405, 'MethodNotAllowed', `${ctx.req.method ?? ''} is not supported here.`);
  const object = bucket.objects.get(name);
  if (!object) return sendXmlError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.');
  try {
    sendMedia(ctx, object, { etag: `"${Buffer.from(object.md5Hash, 'base64').toString('hex')}"` });
  } catch (error) {
    if (error instanceof ApiError) return sendXmlError(ctx, error.status, 'InvalidRange', error.message);
    throw error;
  }
}
