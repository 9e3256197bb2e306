import type { RouteContext } from '../context';
import { badRequest, notFound, readJson, sendJson } from '../http';
import type { StoredObject } from '../model';
import { checkConditions, selectGeneration } from '../preconditions';
import { fieldsFrom, objectResource } from '../resource';
import { listPage } from './listing';
import { sendMedia } from './media';

/** The live object, or 404 naming it. */
function lookup(ctx: RouteContext, bucket: string, name: string): StoredObject {
  const current = selectGeneration(ctx.state.bucket(bucket).objects.get(name), ctx.query);
  if (!current) throw notFound(`${bucket}/${name}`);
  return current;
}

/** `GET /b/{bucket}/o/{object}`: the resource, or the bytes with `alt=media`. */
export function getObject(ctx: RouteContext, bucket: string, name: string): void {
  const object = lookup(ctx, bucket, name);
  checkConditions(object, ctx.query, { readOnly: true });
  if (ctx.query.get('alt') === 'media') return sendMedia(ctx, object);
  sendJson(ctx.res, 200, objectResource(object, ctx.baseUrl));
}

/** `DELETE /b/{bucket}/o/{object}`: 204, or 404 when there is no live object. */
export function deleteObject(ctx: RouteContext, bucket: string, name: string): void {
  const objects = ctx.state.bucket(bucket).objects;
  const object = lookup(ctx, bucket, name);
  checkConditions(object, ctx.query);
  objects.delete(name);
  ctx.res.writeHead(204).end();
}

/** `PATCH /b/{bucket}/o/{object}`: changes metadata; the metageneration goes up, the generation stays. */
export async function patchObject(ctx: RouteContext, bucket: string, name: string): Promise<void> {
  const body = await readJson(ctx.req);
  const fields = fieldsFrom(body);
  if (fields.md5Hash !== undefined || fields.crc32c !== undefined) throw badRequest('Hashes are not writable.');
  const patched = ctx.state.patchObject(
    bucket,
    name,
    (o) => {
      if (fields.contentType !== undefined) o.contentType = fields.contentType;
      if (fields.cacheControl !== undefined) o.cacheControl = fields.cacheControl;
      if (fields.contentDisposition !== undefined) o.contentDisposition = fields.contentDisposition;
      if (fields.contentLanguage !== undefined) o.contentLanguage = fields.contentLanguage;
      if (fields.contentEncoding !== undefined) o.contentEncoding = fields.contentEncoding;
      // Patch semantics for metadata: keys set to null are removed, others merged.
      if (body.metadata === null) delete o.metadata;
      else if (body.metadata !== undefined) {
        const merged = { ...(o.metadata ?? {}) };
        for (const [k, v] of Object.entries(body.metadata as Record<string, unknown>)) {
          if (v === null) delete merged[k];
          else merged[k] = typeof v === 'string' ? v : JSON.stringify(v);
        }
        o.metadata = merged;
      }
    },
    ctx.query,
  );
  sendJson(ctx.res, 200, objectResource(patched, ctx.baseUrl));
}

/** `GET /b/{bucket}/o`: one page of a listing. */
export function listObjects(ctx: RouteContext, bucket: string): void {
  const page = listPage(ctx.state.bucket(bucket).objects, ctx.query, ctx.pageCap);
  sendJson(ctx.res, 200, {
    kind: 'storage#objects',
    ...(page.prefixes.length > 0 ? { prefixes: page.prefixes } : {}),
    ...(page.items.length > 0 ? { items: page.items.map((o) => objectResource(o, ctx.baseUrl)) } : {}),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  });
}
