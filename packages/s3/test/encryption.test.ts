import type { ObjectStore } from '@agentmap/storage-core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3Store, s3ConfigSchema, s3OptionsFromConfig } from '../src/index';
import { bucketName, emulatorStore, useEmulator } from './support/emulator';
import { RequestRecorder, isMultipartStart, isPartUpload } from './support/recorder';

const MIB = 1024 * 1024;
const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012';

describe('server-side encryption travels on every write request', () => {
  const recorder = new RequestRecorder();
  const emulator = useEmulator({ onRequest: recorder.onRequest, onFinish: recorder.onFinish });
  const stores: ObjectStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close?.();
  });
  beforeEach(() => recorder.reset());
  const storeWith = (encryption: Parameters<typeof createS3Store>[0]['encryption'], bucket = bucketName('sse')) => {
    const store = emulatorStore(emulator(), { bucket, encryption, multipartThreshold: 6 * MIB, partSize: 5 * MIB });
    stores.push(store);
    return { store, bucket };
  };
  const writes = () => recorder.seen.filter((r) => (r.method === 'PUT' && !isPartUpload(r)) || isMultipartStart(r));

  it('sends AES256 on PutObject, CreateMultipartUpload and CopyObject', async () => {
    const { store } = storeWith({ serverSideEncryption: 'AES256' });
    await store.put('a.txt', 'small');
    await store.put('b.bin', new Uint8Array(7 * MIB));
    await store.copy('a.txt', 'c.txt');
    const sent = writes().filter((r) => /^\/[^/]+\/[^?]+/.test(r.url)); // object requests, not CreateBucket
    expect(sent.map((r) => r.method)).toEqual(['PUT', 'POST', 'PUT']);
    for (const request of sent) {
      expect(request.headers['x-amz-server-side-encryption']).toBe('AES256');
      expect(request.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBeUndefined();
    }
  });

  it('sends aws:kms with the key id, the encryption context and bucket keys', async () => {
    const context = { tenant: 'acme', purpose: 'agent-memory' };
    const { store } = storeWith({ serverSideEncryption: 'aws:kms', kmsKeyId: KEY_ARN, encryptionContext: context, bucketKeyEnabled: true });
    await store.put('k.txt', 'secret stuff');
    await store.put('k.bin', new Uint8Array(7 * MIB));
    const sent = writes().filter((r) => r.url.includes('/k.'));
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.headers['x-amz-server-side-encryption']).toBe('aws:kms');
      expect(request.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(KEY_ARN);
      expect(JSON.parse(Buffer.from(String(request.headers['x-amz-server-side-encryption-context']), 'base64').toString())).toEqual(context);
      expect(request.headers['x-amz-server-side-encryption-bucket-key-enabled']).toBe('true');
    }
    // Parts carry no SSE headers: S3 takes them from CreateMultipartUpload.
    for (const part of recorder.seen.filter(isPartUpload)) expect(part.headers['x-amz-server-side-encryption']).toBeUndefined();
  });

  it('sends nothing extra without encryption (the bucket default applies)', async () => {
    const { store } = storeWith(undefined);
    await store.put('plain.txt', 'x');
    const sent = writes().find((r) => r.url.includes('/plain.txt'));
    expect(sent).toBeDefined();
    expect(sent!.headers['x-amz-server-side-encryption']).toBeUndefined();
  });

  it('takes encryption from the config section as the guide writes it', async () => {
    const fromConfig = (section: Record<string, unknown>) => s3OptionsFromConfig('b', s3ConfigSchema.parse(section)).encryption;
    expect(fromConfig({ encryption: { server_side_encryption: 'aws:kms', kms_key_id: KEY_ARN, encryption_context: { team: 'ml' } } })).toEqual({
      serverSideEncryption: 'aws:kms',
      kmsKeyId: KEY_ARN,
      encryptionContext: { team: 'ml' },
    });
    // The guide's example pairs AES256 with a key id; S3 refuses that pair, so AES256 wins.
    expect(fromConfig({ encryption: { server_side_encryption: 'AES256', kms_key_id: KEY_ARN } })).toEqual({ serverSideEncryption: 'AES256' });
    expect(fromConfig({ kms_key_id: KEY_ARN })).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: KEY_ARN });
    // The guide's other form: kms_key_id and encryption_context at the top of the section.
    expect(fromConfig({ kms_key_id: KEY_ARN, encryption_context: { application: 'agentmap' } })).toEqual({
      serverSideEncryption: 'aws:kms',
      kmsKeyId: KEY_ARN,
      encryptionContext: { application: 'agentmap' },
    });
    const options = s3OptionsFromConfig(bucketName('ssecfg'), s3ConfigSchema.parse({
      endpoint: emulator().url,
      region: 'us-east-1',
      access_key: 'S3RVER',
      secret_key: 'S3RVER',
      create_bucket: true,
      encryption: { server_side_encryption: 'aws:kms', kms_key_id: KEY_ARN },
    }));
    const store = createS3Store(options);
    stores.push(store);
    await store.put('cfg.txt', 'x');
    const sent = writes().find((r) => r.url.includes('/cfg.txt'));
    expect(sent?.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(sent?.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(KEY_ARN);
  });
});
