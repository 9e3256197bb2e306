import { type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { OAuth2Client } from 'google-auth-library';
import { failureOf, printedForms } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { useGcsServer } from './server';

const RIGHT = 'ya29.a0-right-token-7f3c9e1d5b';
const WRONG = 'ya29.a0-wrong-token-2b8d4f6a0c';

function storeWithToken(url: string, token: string): ObjectStore {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return createGcsStore({ bucket: 'vault', apiEndpoint: url, useAuthWithCustomEndpoint: true, projectId: 'p', retries: 0, storageOptions: { authClient } });
}

describe('secrets never reach errors or their causes', () => {
  const server = useGcsServer({ buckets: ['vault'], bearerToken: RIGHT });

  it('the server takes the right token only', async () => {
    await storeWithToken(server().url, RIGHT).put('k', 'v');
    const error = await failureOf(storeWithToken(server().url, WRONG).get('k'));
    expect(isStorageError(error, 'UNAUTHENTICATED'), String(error)).toBe(true);
  });

  it('a refused token is not in the error, its cause, its stack or its JSON', async () => {
    for (const call of [(s: ObjectStore) => s.get('k'), (s: ObjectStore) => s.head('k'), (s: ObjectStore) => s.put('k', 'v'), (s: ObjectStore) => s.delete('k')]) {
      const error = await failureOf(call(storeWithToken(server().url, WRONG)));
      expect(isStorageError(error)).toBe(true);
      expect(printedForms(error)).not.toContain(WRONG);
    }
  });

  it('an accepted token is not in the error of a call that failed otherwise', async () => {
    const store = storeWithToken(server().url, RIGHT);
    const errors = [await failureOf(store.get('missing')), await failureOf(store.put('k', 'v', { ifMatch: '"123"' })), await failureOf(store.delete('missing', { ifMatch: '"1"' }))];
    for (const error of errors) {
      expect(isStorageError(error), String(error)).toBe(true);
      expect(printedForms(error)).not.toContain(RIGHT);
      expect(printedForms(error)).not.toMatch(/bearer\s+ya29/i);
    }
    // The cause still says what happened.
    expect(((errors[0] as Error).cause as { status?: number; code?: unknown } | undefined)?.code ?? ((errors[0] as Error).cause as { status?: number })?.status).toBeDefined();
  });
});
