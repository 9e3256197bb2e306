import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type CallOptions, type GetOptions, type GetResult, type GetStreamResult, type ObjectInfo, StorageError } from '@agentmap/storage-core';
import { mapStreamErrors, resolveRange } from '@agentmap/storage-core/kit';
import { type StoreContext, call } from './context';
import { PROVIDER, mapS3Error } from './errors';
import { infoFromHeaders } from './object-info';
import { planRange, trimFor, trimStream } from './range';

/** Info about an object, or undefined when there is none. */
export async function headObject(context: StoreContext, key: string, options: CallOptions): Promise<ObjectInfo | undefined> {
  try {
    const out = await context.client.send(new HeadObjectCommand({ Bucket: context.options.bucket, Key: key }), { abortSignal: options.signal });
    return infoFromHeaders(key, out);
  } catch (error) {
    const mapped = mapS3Error(error, { bucket: context.options.bucket, key, signal: options.signal, action: 's3:GetObject' });
    if (mapped.code === 'NOT_FOUND') return undefined;
    throw mapped;
  }
}

/** Reads an object (or a range) into memory. */
export async function getObject(context: StoreContext, key: string, options: GetOptions): Promise<GetResult> {
  const answer = await openObject(context, key, options);
  if ('empty' in answer) return { body: new Uint8Array(0), info: answer.empty };
  const body = await call(() => answer.out.Body!.transformToByteArray(), { bucket: context.options.bucket, key, signal: options.signal });
  const trim = trimFor(options.range, answer.out.ContentRange, body.byteLength, key);
  if (!trim) return { body, info: answer.info };
  return { body: body.subarray(trim.skip, trim.take === undefined ? undefined : trim.skip + trim.take), info: answer.info };
}

/** Reads an object (or a range) as a stream; NOT_FOUND is thrown before any byte flows. */
export async function getObjectStream(context: StoreContext, key: string, options: GetOptions): Promise<GetStreamResult> {
  const answer = await openObject(context, key, options);
  if ('empty' in answer) return { stream: emptyStream(), info: answer.empty };
  const trim = trimFor(options.range, answer.out.ContentRange, answer.out.ContentLength, key);
  const out = trim ? trimStream(trim) : new PassThrough();
  return { stream: mapStreamErrors(answer.out.Body as Readable, (error) => mapS3Error(error, { bucket: context.options.bucket, key, signal: options.signal }), out), info: answer.info };
}

type Opened = { out: GetObjectCommandOutput; info: ObjectInfo } | { empty: ObjectInfo };

async function openObject(context: StoreContext, key: string, options: GetOptions): Promise<Opened> {
  const plan = planRange(options.range, key);
  if (plan.kind === 'empty') return { empty: await sizedEmpty(context, key, options) };
  try {
    const out = await context.client.send(
      new GetObjectCommand({ Bucket: context.options.bucket, Key: key, ...(plan.kind === 'header' ? { Range: plan.header } : {}) }),
      { abortSignal: options.signal },
    );
    return { out, info: infoFromHeaders(key, out) };
  } catch (error) {
    const mapped = mapS3Error(error, { bucket: context.options.bucket, key, signal: options.signal, action: 's3:GetObject' });
    // 416: the offset is past the end, or the object is empty; only its size tells which.
    if (mapped.details?.status === 416) return { empty: await sizedEmpty(context, key, options) };
    throw mapped;
  }
}

/** Checks a range that selects no bytes against the object's real size. */
async function sizedEmpty(context: StoreContext, key: string, options: GetOptions): Promise<ObjectInfo> {
  const info = await headObject(context, key, options);
  if (!info) throw new StorageError('NOT_FOUND', `Object "${key}" in s3://${context.options.bucket} does not exist.`, { provider: PROVIDER, key });
  resolveRange(info.size, options.range, key, PROVIDER);
  return info;
}

function emptyStream(): Readable {
  const out = new PassThrough();
  out.end();
  return out;
}
