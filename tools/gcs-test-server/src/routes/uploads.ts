import type { RouteContext } from '../context';
import { withHashHeader } from '../hashes';
import { ApiError, badRequest, readBody, readJson, sendJson } from '../http';
import type { ObjectFields } from '../model';
import { parseMultipart } from '../multipart';
import { fieldsFrom, objectResource } from '../resource';

/** `POST /upload/storage/v1/b/{bucket}/o?uploadType=media|multipart|resumable`. */
export async function insertObject(ctx: RouteContext, bucket: string): Promise<void> {
  ctx.state.bucket(bucket);
  switch (ctx.query.get('uploadType')) {
    case 'media':
      return mediaUpload(ctx, bucket);
    case 'multipart':
      return multipartUpload(ctx, bucket);
    case 'resumable':
      return startResumable(ctx, bucket);
    default:
      throw badRequest(`Unsupported uploadType: ${ctx.query.get('uploadType') ?? '(none)'}; use media, multipart or resumable.`, 'invalidParameter');
  }
}

/** Query parameters that set fields of the new object. */
function queryFields(ctx: RouteContext): ObjectFields {
  const fields: ObjectFields = {};
  const kms = ctx.query.get('kmsKeyName');
  if (kms) fields.kmsKeyName = kms;
  const encoding = ctx.query.get('contentEncoding');
  if (encoding) fields.contentEncoding = encoding;
  return fields;
}

function requireName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new ApiError(400, 'required', 'Required: object name (the name parameter or the name field of the metadata).');
  return name;
}

async function mediaUpload(ctx: RouteContext, bucket: string): Promise<void> {
  const name = requireName(ctx.query.get('name'));
  const data = await readBody(ctx.req);
  const fields = withHashHeader({ ...queryFields(ctx), contentType: ctx.req.headers['content-type'] ?? 'application/octet-stream' }, ctx.req.headers['x-goog-hash']);
  const stored = ctx.state.commitObject(bucket, name, data, fields, ctx.query);
  sendJson(ctx.res, 200, objectResource(stored, ctx.baseUrl));
}

async function multipartUpload(ctx: RouteContext, bucket: string): Promise<void> {
  const parts = parseMultipart(ctx.req.headers['content-type'], await readBody(ctx.req));
  if (parts.length !== 2) throw badRequest(`A multipart upload has exactly two parts (metadata, media); got ${parts.length}.`);
  const [meta, media] = parts as [(typeof parts)[0], (typeof parts)[0]];
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(meta.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    throw badRequest('The metadata part of a multipart upload is not JSON.', 'parseError');
  }
  const name = requireName(ctx.query.get('name') ?? json.name);
  const fields = withHashHeader({ ...queryFields(ctx), ...fieldsFrom(json) }, ctx.req.headers['x-goog-hash']);
  fields.contentType ??= media.headers['content-type'];
  const stored = ctx.state.commitObject(bucket, name, media.body, fields, ctx.query);
  sendJson(ctx.res, 200, objectResource(stored, ctx.baseUrl));
}

async function startResumable(ctx: RouteContext, bucket: string): Promise<void> {
  const json = await readJson(ctx.req);
  const name = requireName(ctx.query.get('name') ?? json.name);
  const fields = { ...queryFields(ctx), ...fieldsFrom(json) };
  const uploadType = ctx.req.headers['x-upload-content-type'];
  if (typeof uploadType === 'string' && fields.contentType === undefined) fields.contentType = uploadType;
  const lengthHeader = ctx.req.headers['x-upload-content-length'];
  const declared = typeof lengthHeader === 'string' && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const session = ctx.state.startSession(bucket, name, fields, new URLSearchParams(ctx.query), declared);
  const location = `${ctx.baseUrl}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${session.id}`;
  ctx.res.writeHead(200, { location, 'x-guploader-uploadid': session.id, 'content-length': 0 });
  ctx.res.end();
}
