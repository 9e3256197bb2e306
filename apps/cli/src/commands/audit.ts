import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StorageError } from '@agentmap/storage-core';
import { type AuditSigning, verifyAuditLog } from '@agentmap/storage-governance';
import type { Targets } from '../context';
import { EXIT_CODES } from '../exit-codes';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';

export interface AuditVerifyOptions extends GlobalOptions {
  hmacKeyEnv?: string;
  publicKey?: string;
}

/** `audit verify <uri>`: checks an audit log's hash chain, sequence, seals and head. */
export async function auditVerify(io: Io, targets: Targets, uri: string, options: AuditVerifyOptions): Promise<number> {
  const { store, key } = targets.prefix(uri);
  const signing = await signingOf(io, options);
  const result = await verifyAuditLog(store, { prefix: key === '' ? 'audit/' : key, ...(signing ? { signing } : {}) });
  if (options.json) writeJson(io, result);
  else {
    writeLine(io, `${result.valid ? 'valid' : 'INVALID'}: ${result.entries} entries in ${result.segments} segment(s), ${result.sealed} sealed${result.signaturesChecked ? ', signatures checked' : ', signatures not checked (no key given)'}`);
    for (const p of result.problems) writeLine(io, `  ${p.segment === undefined ? '' : `segment ${p.segment} `}${p.entry === undefined ? '' : `entry ${p.entry} `}${p.line === undefined ? '' : `line ${p.line} `}${p.reason}`);
  }
  return result.valid ? EXIT_CODES.OK : EXIT_CODES.PROBLEMS;
}

async function signingOf(io: Io, options: AuditVerifyOptions): Promise<AuditSigning | undefined> {
  if (options.hmacKeyEnv !== undefined) {
    const value = io.env[options.hmacKeyEnv];
    if (!value) throw new StorageError('INVALID_ARGUMENT', `--hmac-key-env ${options.hmacKeyEnv}: that variable is not set; export the key there.`, { provider: 'cli' });
    return { hmacKey: value };
  }
  if (options.publicKey !== undefined) return { publicKey: await readFile(resolve(io.cwd, options.publicKey), 'utf8') };
  return undefined;
}
