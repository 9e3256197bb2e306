import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';
import { afterAll } from 'vitest';
import { type RunningS3rver, emulatorStore, startEmulator } from './support/emulator';

// One s3rver, behind the conditional proxy, serves all three service suites; each suite gets
// its own bucket and closes its own store.
let server: Promise<RunningS3rver> | undefined;
const emulator = () => (server ??= startEmulator());
const store = async () => emulatorStore(await emulator());

describeJsonStorageSuite('s3 on s3rver', store);
describeCsvStorageSuite('s3 on s3rver', store);
describeFileStorageSuite('s3 on s3rver', store);

afterAll(async () => {
  await (await server)?.stop();
});
