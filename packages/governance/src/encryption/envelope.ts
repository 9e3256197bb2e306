import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import type { Keyring } from './keyring';

const PROVIDER = 'encryption';
/** Encrypted field values read `agentmap:enc:v1:<keyId>:<base64url(nonce | ciphertext | tag)>`. */
const PREFIX = 'agentmap:enc:v1:';
const ENVELOPE = /^agentmap:enc:v1:([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9_-]+)$/;

/** True when a value is an encrypted field envelope. */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The key id an envelope was written with. */
export function envelopeKeyId(value: string): string | undefined {
  return ENVELOPE.exec(value)?.[1];
}

/** Encrypts bytes with AES-256-GCM, a random 96-bit nonce, and `aad` bound in. */
export function sealBytes(plain: Uint8Array, key: Buffer, aad: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens {@link sealBytes}'s output; a wrong key, altered bytes or other `aad` is `CORRUPT_DATA`. */
export function openBytes(sealed: Uint8Array, key: Buffer, aad: string, what: string): Buffer {
  if (sealed.byteLength < 28) throw corrupt(what);
  try {
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.byteLength - 16)), decipher.final()]);
  } catch {
    throw corrupt(what);
  }
}

/** Encrypts one JSON value into an envelope string (its type comes back on decryption). */
export function encryptValue(value: unknown, keyring: Keyring, aad: string): string {
  const keyId = keyring.activeKeyId;
  const sealed = sealBytes(Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'), keyring.key(keyId), `${keyId}\u0000${aad}`);
  return `${PREFIX}${keyId}:${sealed.toString('base64url')}`;
}

/** Decrypts an envelope string; see {@link openBytes} for its failures. */
export function decryptValue(envelope: string, keyring: Keyring, aad: string, what: string): unknown {
  const match = ENVELOPE.exec(envelope);
  if (!match) throw corrupt(what);
  const keyId = match[1]!;
  const plain = openBytes(Buffer.from(match[2]!, 'base64url'), keyring.key(keyId), `${keyId}\u0000${aad}`, what);
  return JSON.parse(plain.toString('utf8')) as unknown;
}

function corrupt(what: string): StorageError {
  return new StorageError('CORRUPT_DATA', `${what} could not be decrypted: the key is wrong, or the value was altered or moved from another document.`, { provider: PROVIDER });
}
