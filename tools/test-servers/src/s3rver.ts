import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { type ConditionalProxy, type SeenRequest, startConditionalProxy } from './s3rver-conditional-proxy';
import { binPath, spawnServer } from './spawn-server';

export { startConditionalProxy, type ConditionalProxy, type ConditionalProxyOptions, type SeenRequest } from './s3rver-conditional-proxy';
export { KeyLocks, type Release } from './s3rver-key-lock';

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface StartS3rverOptions {
  /** Put the conditional proxy in front (default true), so If-Match / If-None-Match are enforced. */
  conditional?: boolean;
  /** Sees every request the proxy receives (only with the proxy). */
  onRequest?: (request: SeenRequest) => void;
  /** Told when the proxy has answered a request, with the status sent. */
  onFinish?: (request: SeenRequest, status: number) => void;
}

export interface RunningS3rver {
  /** Where clients connect: the conditional proxy, or s3rver itself without it. */
  url: string;
  /** s3rver itself, bypassing the proxy. */
  directUrl: string;
  proxy: ConditionalProxy | undefined;
  credentials: typeof S3RVER_CREDENTIALS;
  region: 'us-east-1';
  /** Stops the proxy and s3rver and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver on a free loopback port with a fresh data directory (and, by default, the
 * conditional proxy in front). Throws with s3rver's output when it cannot start, so the test
 * run fails loudly. Clients need `forcePathStyle: true` and checksums `WHEN_REQUIRED`.
 */
export async function startS3rver(options: StartS3rverOptions = {}): Promise<RunningS3rver> {
  const dir = await mkdtemp(join(tmpdir(), 'agentmap-s3rver-'));
  const data = join(dir, 'data');
  const preload = join(dir, 'finish-writes.cjs');
  await mkdir(data);
  await writeFile(preload, finishWritesPatch());
  const port = await freePort();
  // --openssl-legacy-provider: s3rver's continuation tokens use a cipher OpenSSL 3 retired.
  const server = await spawnServer({
    name: 's3rver',
    command: process.execPath,
    args: ['--openssl-legacy-provider', '--require', preload, binPath('s3rver', 's3rver'), '-d', data, '-a', '127.0.0.1', '-p', String(port), '--silent'],
    port,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const { onRequest, onFinish } = options;
  const proxy = options.conditional === false ? undefined : await startConditionalProxy({ target: server.url, ...(onRequest ? { onRequest } : {}), ...(onFinish ? { onFinish } : {}) });
  return {
    url: proxy?.url ?? server.url,
    directUrl: server.url,
    proxy,
    credentials: S3RVER_CREDENTIALS,
    region: 'us-east-1',
    async stop() {
      await proxy?.stop();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver 3.7.1 answers a PUT (and a completed multipart upload) once it has hashed the
 * body, before the bytes reach its data file: a read right after the answer can see the new
 * etag with an empty or partial body, which breaks read-modify-write. This preload makes
 * `putObject` resolve only once the file is written; it runs inside the s3rver process.
 */
function finishWritesPatch(): string {
  const require = createRequire(join(binPath('s3rver', 's3rver'), '..', '..', 'package.json'));
  const storePath = require.resolve('s3rver/lib/stores/filesystem.js');
  const fsExtraPath = createRequire(storePath).resolve('fs-extra');
  return `'use strict';
const crypto = require('crypto');
const path = require('path');
const fs = require(${JSON.stringify(fsExtraPath)});
const Store = require(${JSON.stringify(storePath)});
Store.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.mkdirp(path.dirname(objectPath));
  const [size, md5] = await new Promise((resolve, reject) => {
    const out = fs.createWriteStream(objectPath);
    const hash = crypto.createHash('md5');
    let total = 0;
    out.on('error', reject);
    out.on('finish', () => resolve([total, hash.digest('hex')]));
    if (Buffer.isBuffer(object.content)) {
      hash.update(object.content);
      total = object.content.length;
      out.end(object.content);
      return;
    }
    object.content.on('error', reject);
    object.content.on('data', (chunk) => {
      hash.update(chunk);
      total += chunk.length;
    });
    object.content.pipe(out);
  });
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size, md5 };
};
`;
}
