import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import type { AuditEvent } from './event';

const PROVIDER = 'audit';

/** Checks an entry-encryption key: 32 bytes (AES-256). */
export function entryKey(key: string | Uint8Array): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.byteLength !== 32) throw new StorageError('INVALID_ARGUMENT', 'The audit log\'s encryption key must be 32 bytes (a Uint8Array, or base64 text).', { provider: PROVIDER });
  return bytes;
}

/** Encrypts an event, bound to its sequence number (a ciphertext moved to another entry fails to decrypt). */
export function encryptEvent(event: AuditEvent, key: Buffer, seq: number): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`agentmap-audit:${seq}`));
  const body = Buffer.concat([cipher.update(JSON.stringify(event), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** Decrypts an entry's event; a wrong key or a tampered ciphertext is `CORRUPT_DATA`. */
export function decryptEvent(enc: string, key: Buffer, seq: number): AuditEvent {
  const bytes = Buffer.from(enc, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(`agentmap-audit:${seq}`));
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - 16));
    const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.byteLength - 16)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as AuditEvent;
  } catch {
    throw new StorageError('CORRUPT_DATA', `Audit entry ${seq} could not be decrypted: the key is wrong or the entry was altered.`, { provider: PROVIDER });
  }
}
