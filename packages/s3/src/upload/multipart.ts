import type { Readable } from 'node:stream';
import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StoreContext } from '../context';

/**
 * Uploads a body in `partSize` parts, `queueSize` at a time, through lib-storage's Upload
 * (one PutObject when the body ends within the first part). Each part request is retried on
 * its own by the client (`retries`); a part that still fails aborts the upload, and S3 keeps
 * no parts (`leavePartsOnError: false`). Preconditions in `params` are checked by S3 when the
 * upload completes, atomically.
 */
export async function uploadInParts(context: StoreContext, params: PutObjectCommandInput, body: Uint8Array | Readable, controller: AbortController): Promise<string | undefined> {
  const upload = new Upload({
    client: context.client,
    params: { ...params, Body: body },
    partSize: context.options.partSize,
    queueSize: context.options.queueSize,
    leavePartsOnError: false,
    abortController: controller,
  });
  const out = await upload.done();
  return out.ETag;
}
