import { describeObjectStore } from '@agentmap/storage-testkit';
import { type RunningS3rver, emulatorStore, startEmulator } from './support/emulator';

const MIB = 1024 * 1024;
let server: RunningS3rver | undefined;

// s3rver does not enforce If-Match / If-None-Match; the conditional proxy in front does, as
// Amazon S3 does, so the concurrency case runs against enforced preconditions. Parts of 5 MiB
// above an 8 MiB threshold make the 64 MiB case a 13-part multipart upload.
describeObjectStore(
  's3 on s3rver',
  async () => {
    server = await startEmulator();
    return emulatorStore(server, { multipartThreshold: 8 * MIB, partSize: 5 * MIB });
  },
  { teardown: () => server?.stop() },
);
