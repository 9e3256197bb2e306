import type { RouteContext } from '../context';
import { badRequest, notFound, readJson, sendJson } from '../http';
import type { ObjectFields, StoredObject } from '../model';
import { checkConditions, selectGeneration } from '../preconditions';
import { fieldsFrom, objectResource } from '../resource';

interface Target {
  bucket: string;
  name: string;
}

/** The source object (honouring `sourceGeneration` and the `ifSource…` conditions). */
function source(ctx: RouteContext, from: Target): StoredObject {
  const live = ctx.state.bucket(from.bucket).objects.get(from.name);
  const generation = ctx.query.get('sourceGeneration');
  const object = selectGeneration(live, new URLSearchParams(generation ? { generation } : {}));
  if (!object) throw notFound(`${from.bucket}/${from.name}`);
  checkConditions(object, ctx.query, { source: true });
  return object;
}

/**
 * The destination's fields: the resource in the request body when it sets any field, else the
 * source's metadata. `destinationKmsKeyName` sets the destination key.
 */
async function destinationFields(ctx: RouteContext, object: StoredObject): Promise<ObjectFields> {
  const body = fieldsFrom(await readJson(ctx.req));
  const given = Object.keys(body).length > 0;
  const fields: ObjectFields = given
    ? body
    : {
        contentType: object.contentType,
        ...(object.metadata ? { metadata: object.metadata } : {}),
        ...(object.contentEncoding ? { contentEncoding: object.contentEncoding } : {}),
        ...(object.contentDisposition ? { contentDisposition: object.contentDisposition } : {}),
        ...(object.contentLanguage ? { contentLanguage: object.contentLanguage } : {}),
        ...(object.cacheControl ? { cacheControl: object.cacheControl } : {}),
      };
  const kms = ctx.query.get('destinationKmsKeyName');
  if (kms) fields.kmsKeyName = kms;
  // Hashes describe the source bytes; the commit recomputes them.
  delete fields.md5Hash;
  delete fields.crc32c;
  return fields;
}

/** `POST …/o/{src}/copyTo/b/{bucket}/o/{dst}`: one call, answers the new object resource. */
export async function copyObject(ctx: RouteContext, from: Target, to: Target): Promise<void> {
  const object = source(ctx, from);
  const fields = await destinationFields(ctx, object);
  const stored = ctx.state.commitObject(to.bucket, to.name, object.data, fields, ctx.query);
  sendJson(ctx.res, 200, objectResource(stored, ctx.baseUrl));
}

/**
 * `POST …/o/{src}/rewriteTo/b/{bucket}/o/{dst}`: answers a `storage#rewriteResponse`. With
 * `maxBytesRewrittenPerCall` smaller than the object the work takes several calls, each
 * answering `done: false` and a `rewriteToken` to send back; the last one commits.
 */
export async function rewriteObject(ctx: RouteContext, from: Target, to: Target): Promise<void> {
  const object = source(ctx, from);
  const fields = await destinationFields(ctx, object);
  const size = object.data.length;
  const maxRaw = ctx.query.get('maxBytesRewrittenPerCall');
  const asked = maxRaw ? Number(maxRaw) : Infinity;
  if (!(asked > 0)) throw badRequest(`Invalid maxBytesRewrittenPerCall: ${maxRaw}`);
  const perCall = Math.min(asked, ctx.rewriteCap ?? Infinity);
  const token = ctx.query.get('rewriteToken');
  let done = 0;
  if (token) {
    const parsed = readToken(token);
    // A token belongs to one source generation; a changed source cannot continue it.
    if (parsed.generation !== object.generation.toString()) throw badRequest('The rewrite token does not match the source object; start the rewrite again.');
    done = parsed.done;
  }
  const next = Math.min(size, done + perCall);
  if (next < size) {
    sendJson(ctx.res, 200, {
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: String(next),
      objectSize: String(size),
      done: false,
      rewriteToken: Buffer.from(JSON.stringify({ generation: object.generation.toString(), done: next })).toString('base64url'),
    });
    return;
  }
  const stored = ctx.state.commitObject(to.bucket, to.name, object.data, fields, ctx.query);
  sendJson(ctx.res, 200, {
    kind: 'storage#rewriteResponse',
    totalBytesRewritten: String(size),
    objectSize: String(size),
    done: true,
    resource: objectResource(stored, ctx.baseUrl),
  });
}

function readToken(token: string): { generation: string; done: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { generation: string; done: number };
    if (typeof parsed.generation !== 'string' || typeof parsed.done !== 'number') throw new Error('bad');
    return parsed;
  } catch {
    throw badRequest('Invalid rewrite token.');
  }
}
