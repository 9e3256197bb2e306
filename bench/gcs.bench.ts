// GCS backend against the raw @google-cloud/storage calls on the same in-process GCS test
// server, in one run: put and get of 1 KiB and 8 MiB (ratio = ours / raw). Ours is the whole
// store as users get it (its per-request retries included); raw is `file.save(…, { resumable: false })`
// and `file.download()`. A last row shows what a conditional put costs (a resumable session,
// two requests) next to the raw single request with ifGenerationMatch.
import { randomBytes } from 'node:crypto';
import { startGcsTestServer } from '@agentmap/gcs-test-server';
import { createGcsStore } from '@agentmap/storage-gcs';
import { Storage } from '@google-cloud/storage';
import { alternate, printTable, type Row } from './lib/measure';

const MiB = 1024 * 1024;
const server = await startGcsTestServer({ buckets: ['bench-ours', 'bench-raw'] });
try {
  const store = createGcsStore({ bucket: 'bench-ours', apiEndpoint: server.url });
  const raw = new Storage({ apiEndpoint: server.url, projectId: 'bench' }).bucket('bench-raw');

  const cases = [
    { label: '1 KiB', data: randomBytes(1024), iterations: 40 },
    { label: '8 MiB', data: randomBytes(8 * MiB), iterations: 2 },
  ];
  const rows: Row[] = [];
  for (const { label, data, iterations } of cases) {
    const key = `object-${data.byteLength}`;
    const [putOurs, putRaw] = await alternate(() => store.put(key, data), () => raw.file(key).save(data, { resumable: false }), { iterations });
    const [getOurs, getRaw] = await alternate(() => store.get(key), () => raw.file(key).download(), { iterations });
    rows.push({ case: `put ${label}`, ours: putOurs, baseline: putRaw, unit: 'ms' }, { case: `get ${label}`, ours: getOurs, baseline: getRaw, unit: 'ms', note: 'ours returns the object info too' });
  }
  const small = randomBytes(1024);
  const [condOurs, condRaw] = await alternate(
    async () => {
      const current = await store.head('conditional');
      await store.put('conditional', small, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
    },
    async () => {
      const file = raw.file('conditional');
      const [exists] = await file.exists();
      const generation = exists ? Number((await file.getMetadata())[0].generation) : 0;
      await file.save(small, { resumable: false, preconditionOpts: { ifGenerationMatch: generation } });
    },
    { iterations: 20 },
  );
  rows.push({ case: 'head + conditional put 1 KiB', ours: condOurs, baseline: condRaw, unit: 'ms', note: 'ours: resumable session (exactly once under lost answers)' });
  printTable('GCS backend vs raw @google-cloud/storage on the GCS test server (ms per operation; ratio = ours / raw)', rows);
  await store.close?.();
} finally {
  await server.stop();
}
