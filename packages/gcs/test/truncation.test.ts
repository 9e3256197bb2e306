import { Readable } from 'node:stream';
import { isStorageError } from '@agentmap/storage-core';
import { expectStorageError, patternStream } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { useGcsServer } from './server';

const KIB = 1024;

describe('a resumable upload that GCS answers 200 before its last chunk', () => {
  const server = useGcsServer({ buckets: ['cut'] });
  const store = () => createGcsStore({ bucket: 'cut', apiEndpoint: server().url, resumableThreshold: 256 * KIB, chunkSize: 256 * KIB });

  it('fails with CORRUPT_DATA and deletes the truncated object, instead of storing part of the body', async () => {
    server().faults.earlyCommits = 1;
    const failure = await store().put('big.bin', patternStream(700 * KIB, 64 * KIB)).catch((error: unknown) => error);
    expect(isStorageError(failure, 'CORRUPT_DATA'), String(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/complete with 262144 bytes.*deleted/);
    expect(await store().head('big.bin')).toBeUndefined();
  });

  it('does the same for bytes in memory and for a conditional write, leaving nothing half written', async () => {
    const s = store();
    server().faults.earlyCommits = 1;
    await expectStorageError(s.put('bytes.bin', new Uint8Array(700 * KIB)), 'CORRUPT_DATA');
    expect(await s.head('bytes.bin')).toBeUndefined();
    const first = await s.put('doc.txt', 'first version');
    server().faults.earlyCommits = 1;
    await expectStorageError(s.put('doc.txt', Readable.from([Buffer.alloc(300 * KIB, 1), Buffer.alloc(300 * KIB, 2)]), { ifMatch: first.etag }), 'CORRUPT_DATA');
    // GCS keeps one live generation: the truncated one replaced the first and is gone too.
    expect(await s.head('doc.txt')).toBeUndefined();
    // Without the fault the same uploads go through whole.
    const whole = await s.put('bytes.bin', new Uint8Array(700 * KIB));
    expect(whole.size).toBe(700 * KIB);
    expect((await s.get('bytes.bin')).body.byteLength).toBe(700 * KIB);
  });
});
