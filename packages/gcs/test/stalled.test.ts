import { describeStalledStreams } from '@agentmap/storage-testkit';
import { expect } from 'vitest';
import { createGcsStore } from '../src/index';
import { useGcsServer } from './server';

const KIB = 1024;
const server = useGcsServer({ buckets: ['stalled'] });
const openSessions = () => [...server().state.sessions.values()].filter((s) => s.state === 'open').length;

// Resumable uploads in 256 KiB chunks past 256 KiB, so the second stalled body stops inside
// an open session after two chunks.
describeStalledStreams('GCS (test server)', () => createGcsStore({ bucket: 'stalled', apiEndpoint: server().url, resumableThreshold: 256 * KIB, chunkSize: 256 * KIB, retries: 0 }), {
  midUploadBytes: 600 * KIB,
  async afterAbortedPuts() {
    await expect.poll(openSessions, { timeout: 2_000 }).toBe(0);
  },
});
