// Audit overhead per call on the local backend, and encryption throughput against raw node:crypto, in one run.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore, createMemoryStore } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { runAs, withAccessControl, withAudit, withEncryption, withFieldEncryption } from '@agentmap/storage-governance';
import { alternate, printTable, type Row } from './lib/measure';

const dir = mkdtempSync(join(tmpdir(), 'agentmap-governance-bench-'));
const rows: Row[] = [];
try {
  const body = new Uint8Array(1024).fill(7);
  const raw = createLocalStore({ baseDir: join(dir, 'data') });
  const hmacKey = randomBytes(32);
  const audited = withAudit(raw, { log: createLocalStore({ baseDir: join(dir, 'audit') }), level: 'standard', signing: { hmacKey } });
  let i = 0;
  const [auditPut, rawPut] = await alternate(() => audited.put(`a/${i++ % 64}`, body), () => raw.put(`b/${i++ % 64}`, body), { iterations: 50, rounds: 11 });
  rows.push({ case: 'local put 1 KiB, audited (standard, HMAC-sealed)', ours: auditPut, baseline: rawPut, unit: 'ms' });
  const [auditGet, rawGet] = await alternate(() => audited.get('a/1'), () => raw.get('b/1'), { iterations: 200, rounds: 11 });
  rows.push({ case: 'local get 1 KiB, audited', ours: auditGet, baseline: rawGet, unit: 'ms' });
  await audited.audit.flush();

  const guarded = withAccessControl(raw, { roles: { w: ['read:*', 'write:*'] }, userRoles: { alice: ['w'] }, ipAllowList: ['10.0.0.0/8'] });
  const [aclPut, rawPut2] = await alternate(() => runAs({ id: 'alice', ip: '10.1.1.1' }, () => guarded.put(`c/${i++ % 64}`, body)), () => raw.put(`d/${i++ % 64}`, body), { iterations: 50, rounds: 11 });
  rows.push({ case: 'local put 1 KiB, access-controlled', ours: aclPut, baseline: rawPut2, unit: 'ms' });

  // Encryption throughput: the layer over memory vs AES-256-GCM on the same bytes with node:crypto alone.
  const key = randomBytes(32);
  const mib = randomBytes(1024 * 1024);
  const memory = createMemoryStore();
  const sealed = withEncryption(memory, { keys: { k1: key } });
  const rawSeal = () => {
    const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
    cipher.setAAD(Buffer.from('k'));
    return memory.put('raw', Buffer.concat([cipher.update(mib), cipher.final(), cipher.getAuthTag()]));
  };
  const [encPut, rawEnc] = await alternate(() => sealed.put('enc', mib), rawSeal, { iterations: 20, rounds: 11 });
  rows.push({ case: 'encrypt + put 1 MiB (withEncryption vs node:crypto + put)', ours: 1 / (encPut / 1000), baseline: 1 / (rawEnc / 1000), unit: 'MiB/s', higherIsBetter: true });
  const rawOpen = async () => {
    const { body } = await memory.get('raw');
    const bytes = Buffer.from(body);
    const decipher = createDecipheriv('aes-256-gcm', key, randomBytes(12));
    decipher.setAAD(Buffer.from('k'));
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - 16));
    decipher.update(bytes.subarray(0, bytes.byteLength - 16));
    // The tag cannot match (the nonce is not kept): the baseline pays for the decryption, not for the check.
    return decipher.final.bind(decipher);
  };
  const [encGet, rawGet2] = await alternate(() => sealed.get('enc'), rawOpen, { iterations: 20, rounds: 11 });
  rows.push({ case: 'get + decrypt 1 MiB (vs get + node:crypto decipher)', ours: 1 / (encGet / 1000), baseline: 1 / (rawGet2 / 1000), unit: 'MiB/s', higherIsBetter: true });

  const json = createJsonStorage({ store: createMemoryStore() });
  const secret = withFieldEncryption(json, { fields: ['ssn', 'email'], keys: { k1: key } });
  let n = 0;
  const [fieldWrite, plainWrite] = await alternate(
    () => secret.write('users', { name: 'Ada', ssn: '078-05-1120', email: 'ada@example.com' }, `u${n++ % 100}`),
    () => json.write('plain', { name: 'Ada', ssn: '078-05-1120', email: 'ada@example.com' }, `u${n++ % 100}`),
    { iterations: 200, rounds: 11 },
  );
  rows.push({ case: 'JSON write with 2 encrypted fields', ours: fieldWrite, baseline: plainWrite, unit: 'ms' });
  await audited.close();
  printTable('Governance (baseline: the same call without the layer, or raw node:crypto)', rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
