import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { StorageError } from '@agentmap/storage-core';
import { PROVIDER } from './errors';
import { DEFAULTS, type ResolvedS3Options, type S3StoreOptions } from './options';

const quiet = () => {};
// No `info` on purpose: after every request the SDK's logger middleware calls
// `logger.info?.({ input: filter(input), output: filter(output) })`, whose arguments (a
// sensitive-field filter over the whole input and output) are evaluated only when `info`
// exists. The SDK calls the other levels without `?.`, so they stay, silent.
const SILENT = { trace: quiet, debug: quiet, warn: quiet, error: quiet } as Omit<Logger, 'info'> as Logger;
type Logger = NonNullable<S3ClientConfig['logger']>;

/**
 * Builds the S3 client for a store: keep-alive agents sized by `maxSockets`, timeouts that
 * throw (the SDK only warns unless told otherwise), and checksum settings that S3-compatible
 * servers understand. Retries are the SDK's, per request (`maxAttempts = retries + 1`): each
 * part of a multipart upload is retried on its own, which no layer around the whole call
 * could do for a stream body.
 */
export function buildClient(options: S3StoreOptions, resolved: ResolvedS3Options): S3Client {
  const { timeoutMs } = resolved;
  const maxSockets = options.maxSockets ?? DEFAULTS.maxSockets;
  const custom = options.endpoint !== undefined;
  // S3-compatible servers often reject or corrupt the SDK's default trailing checksums.
  const checksums = custom ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  const region = options.region ?? (custom ? process.env.AWS_REGION || 'us-east-1' : undefined);
  return new S3Client({
    ...(region === undefined ? {} : { region }),
    ...(custom ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? custom,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: resolved.retries + 1,
    retryMode: options.retryMode ?? 'standard',
    requestChecksumCalculation: options.requestChecksumCalculation ?? checksums,
    responseChecksumValidation: options.responseChecksumValidation ?? checksums,
    // The SDK writes some warnings to the console unless given a logger; a library stays quiet.
    logger: SILENT,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: timeoutMs,
    }),
  });
}

/** Checks the connection options before any client exists, so mistakes surface at construction. */
export function checkClientOptions(options: S3StoreOptions): void {
  if (options.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new StorageError('INVALID_ARGUMENT', 'S3 endpoint is not a URL: use a full URL such as https://s3.example.com or http://127.0.0.1:9000 (providers.aws.endpoint).', {
        provider: PROVIDER,
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new StorageError('INVALID_ARGUMENT', `S3 endpoint must use http or https; got ${url.protocol} (providers.aws.endpoint).`, { provider: PROVIDER });
    }
    if (url.username || url.password) {
      throw new StorageError('INVALID_ARGUMENT', 'S3 endpoint must not carry credentials in the URL: pass them as access_key / secret_key instead.', { provider: PROVIDER });
    }
  }
  const credentials = options.credentials;
  if (credentials !== undefined && typeof credentials !== 'function') {
    if (!credentials.accessKeyId || !credentials.secretAccessKey) {
      const missing = credentials.accessKeyId ? 'secret access key (providers.aws.secret_key or AWS_SECRET_ACCESS_KEY)' : 'access key id (providers.aws.access_key or AWS_ACCESS_KEY_ID)';
      throw new StorageError('UNAUTHENTICATED', `S3 credentials are incomplete: set the ${missing}, or omit both to use the default credential chain.`, {
        provider: PROVIDER,
      });
    }
  }
}
