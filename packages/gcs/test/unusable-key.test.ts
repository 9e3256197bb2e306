import { isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { fakeServiceAccount } from './fixtures';
import { useGcsServer } from './server';

describe('a service-account key whose private key is unusable', () => {
  const server = useGcsServer({ buckets: ['keys'] });

  it('is UNAUTHENTICATED on put, as on reads', async () => {
    const key = { ...fakeServiceAccount(), private_key: '-----BEGIN PRIVATE KEY-----\nnotakey\n-----END PRIVATE KEY-----\n' };
    const store = createGcsStore({ bucket: 'keys', apiEndpoint: server().url, useAuthWithCustomEndpoint: true, credentials: key, retries: 0 });
    for (const call of [() => store.head('x'), () => store.put('x', 'y'), () => store.put('x', 'y', { ifNoneMatch: '*' })]) {
      const error = await call().catch((e: unknown) => e);
      expect(isStorageError(error, 'UNAUTHENTICATED'), String(error)).toBe(true);
      expect(String((error as Error).message)).not.toContain('notakey');
    }
  });
});
