import { inspect } from 'node:util';
import { type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { bucketName, emulatorStore, useEmulator } from './support/emulator';

const SESSION_TOKEN = 'FwoGZXIvYXdzEBAaDHSessionTokenValue9d8c7b6a';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';

function printed(error: unknown): string {
  return [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? '', String(error)].join('\n');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('secrets never reach errors or their causes', () => {
  const server = useEmulator();

  it('the session token and secret key are not in any failure, however it is printed', async () => {
    // The emulator takes any keys; the SDK still signs with them and keeps them on its errors.
    const store: ObjectStore = emulatorStore(server(), { bucket: bucketName('secrets'), credentials: { accessKeyId: 'S3RVER', secretAccessKey: SECRET, sessionToken: SESSION_TOKEN } });
    await store.put('here', 'x');
    const errors = [await failure(store.get('missing')), await failure(store.put('here', 'y', { ifMatch: '"nope"' })), await failure(store.copy('missing', 'to'))];
    for (const error of errors) {
      expect(isStorageError(error), String(error)).toBe(true);
      const text = printed(error);
      expect(text).not.toContain(SESSION_TOKEN);
      expect(text).not.toContain(SECRET);
    }
    // The cause keeps what diagnoses the failure.
    expect(((errors[0] as Error).cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(404);
  });
});
