import type { RouteContext } from '../context';
import { ApiError, badRequest, readJson, sendJson } from '../http';
import { bucketResource } from '../resource';

/** `GET /b?project=`: the buckets of the project, by name. */
export function listBuckets(ctx: RouteContext): void {
  const prefix = ctx.query.get('prefix') ?? '';
  const items = [...ctx.state.buckets.values()].filter((b) => b.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1));
  sendJson(ctx.res, 200, { kind: 'storage#buckets', items: items.map((b) => bucketResource(b, ctx.baseUrl)) });
}

/** `POST /b?project=`: creates a bucket; 409 when it exists. */
export async function insertBucket(ctx: RouteContext): Promise<void> {
  if (!ctx.query.get('project')) throw new ApiError(400, 'required', 'Required parameter: project');
  const body = await readJson(ctx.req);
  if (typeof body.name !== 'string') throw new ApiError(400, 'required', 'Required: name');
  const encryption = body.encryption as { defaultKmsKeyName?: unknown } | undefined;
  if (body.storageClass !== undefined && typeof body.storageClass !== 'string') throw badRequest('Invalid storageClass');
  const bucket = ctx.state.createBucket(body.name, {
    ...(typeof body.location === 'string' ? { location: body.location } : {}),
    ...(typeof body.storageClass === 'string' ? { storageClass: body.storageClass } : {}),
    ...(typeof encryption?.defaultKmsKeyName === 'string' ? { defaultKmsKeyName: encryption.defaultKmsKeyName } : {}),
  });
  sendJson(ctx.res, 200, bucketResource(bucket, ctx.baseUrl));
}

/** `GET /b/{bucket}`. */
export function getBucket(ctx: RouteContext, name: string): void {
  sendJson(ctx.res, 200, bucketResource(ctx.state.bucket(name), ctx.baseUrl));
}

/** `DELETE /b/{bucket}`: only an empty bucket; 409 otherwise. */
export function deleteBucket(ctx: RouteContext, name: string): void {
  const bucket = ctx.state.bucket(name);
  if (bucket.objects.size > 0) throw new ApiError(409, 'conflict', 'The bucket you tried to delete is not empty.');
  ctx.state.buckets.delete(name);
  ctx.res.writeHead(204).end();
}
