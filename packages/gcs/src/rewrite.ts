import type { File } from '@google-cloud/storage';
import type { GcsContext } from './context';
import { untilAborted } from './context';
import type { ObjectResource } from './object-info';

/** One `objects.rewrite`: where from and to, the conditions, and the destination fields to set. */
export interface RewriteRequest {
  from: string;
  /** The source generation to copy (int64, kept a string). */
  sourceGeneration?: string;
  to: string;
  /** Destination condition (`'0'` = must not exist). */
  ifGenerationMatch?: string;
  /** Destination fields (storage class, content type, metadata…); none copies the source's. */
  fields?: Record<string, unknown>;
  signal?: AbortSignal;
}

/** What `objects.rewrite` answers to one call. */
interface RewriteResponse {
  done?: boolean;
  rewriteToken?: string;
  resource?: ObjectResource;
}

/**
 * Rewrites an object server-side through the JSON API route itself, repeated with the
 * rewrite token until GCS says it is done (large objects take several calls). Generations go
 * out as the strings they are: the SDK's `copy` sends a `Number()` of a file's generation,
 * which past 2^53 is another generation. Every call carries the same parameters, as the API
 * asks of a continued rewrite. Failures are the SDK's errors, for the caller to map.
 */
export async function rewriteObject(ctx: GcsContext, request: RewriteRequest): Promise<ObjectResource> {
  const source = ctx.file(request.from);
  const query: Record<string, string> = {
    ...(request.sourceGeneration === undefined ? {} : { sourceGeneration: request.sourceGeneration }),
    ...(request.ifGenerationMatch === undefined ? {} : { ifGenerationMatch: request.ifGenerationMatch }),
    ...(ctx.options.kmsKeyName ? { destinationKmsKeyName: ctx.options.kmsKeyName } : {}),
    ...(ctx.options.userProject ? { userProject: ctx.options.userProject } : {}),
  };
  const uri = `/rewriteTo/b/${encodeURIComponent(ctx.options.bucket)}/o/${encodeURIComponent(request.to)}`;
  let token: string | undefined;
  for (;;) {
    const qs = token === undefined ? query : { ...query, rewriteToken: token };
    const answer = await untilAborted(send(source, { method: 'POST', uri, qs, json: request.fields ?? {} }), request.signal);
    if (answer.done !== false && answer.resource) return answer.resource;
    if (!answer.rewriteToken) throw Object.assign(new Error('GCS answered a rewrite with neither the object nor a token to continue'), { code: 502 });
    token = answer.rewriteToken;
  }
}

/** The SDK's authenticated request on the source object (its `request` takes a callback only). */
function send(file: File, options: Parameters<File['request']>[0]): Promise<RewriteResponse> {
  return new Promise((resolve, reject) => {
    file.request(options, (error, body) => (error ? reject(error) : resolve((body ?? {}) as RewriteResponse)));
  });
}
