import { type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { failureOf, printedForms } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { bucketName, emulatorStore, useEmulator } from './support/emulator';

const SESSION_TOKEN = 'FwoGZXIvYXdzEBAaDHSessionTokenValue9d8c7b6a';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';

describe('secrets never reach errors or their causes', () => {
  const server = useEmulator();

  it('the session token and secret key are not in any failure, however it is printed', async () => {
    // The emulator takes any keys; the SDK still signs with them and keeps them on its errors.
    const store: ObjectStore = emulatorStore(server(), { bucket: bucketName('secrets'), credentials: { accessKeyId: 'S3RVER', secretAccessKey: SECRET, sessionToken: SESSION_TOKEN } });
    await store.put('here', 'x');
    const errors = [await failureOf(store.get('missing')), await failureOf(store.put('here', 'y', { ifMatch: '"nope"' })), await failureOf(store.copy('missing', 'to'))];
    for (const error of errors) {
      expect(isStorageError(error), String(error)).toBe(true);
      const text = printedForms(error);
      expect(text).not.toContain(SESSION_TOKEN);
      expect(text).not.toContain(SECRET);
    }
    // The cause keeps what diagnoses the failure.
    expect(((errors[0] as Error).cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(404);
  });
});
