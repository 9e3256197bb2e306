import { describeStalledStreams } from '@agentmap/storage-testkit';
import { emulatorStore, useEmulator } from './support/emulator';

const MiB = 1024 * 1024;
const emulator = useEmulator();

// Parts of 5 MiB (S3's minimum) past 5 MiB, so the second stalled body stops inside a
// multipart upload after its first part was sent.
describeStalledStreams('S3 (s3rver)', () => emulatorStore(emulator(), { multipartThreshold: 5 * MiB, partSize: 5 * MiB }), { midUploadBytes: 6 * MiB });
