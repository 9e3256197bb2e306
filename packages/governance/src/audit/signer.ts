import { type KeyObject, createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';

/**
 * How segments and the log's head are sealed: an HMAC-SHA256 with a shared key, or an
 * Ed25519 signature (the verifier needs only the public key, so it can run where the
 * signing key must not be).
 */
export type AuditSigning =
  | { hmacKey: string | Uint8Array }
  | { privateKey: string | KeyObject; publicKey?: string | KeyObject }
  | { publicKey: string | KeyObject };

/** Signs and checks seals. */
export interface Sealer {
  /** `hmac-sha256` or `ed25519`. */
  algorithm: string;
  /** False when only a public key was given: the log can be verified but not written. */
  canSign: boolean;
  sign(data: string): string;
  verify(data: string, signature: string): boolean;
}

const PROVIDER = 'audit';

/** Builds the {@link Sealer} of a signing option; a malformed key is `INVALID_ARGUMENT`, never echoed. */
export function createSealer(signing: AuditSigning): Sealer {
  if ('hmacKey' in signing) {
    const key = typeof signing.hmacKey === 'string' ? Buffer.from(signing.hmacKey, 'utf8') : Buffer.from(signing.hmacKey);
    if (key.byteLength < 16) throw new StorageError('INVALID_ARGUMENT', 'The audit log\'s hmacKey must be at least 16 bytes (use 32 random bytes).', { provider: PROVIDER });
    const mac = (data: string) => createHmac('sha256', key).update(data).digest('base64url');
    return {
      algorithm: 'hmac-sha256',
      canSign: true,
      sign: mac,
      verify: (data, signature) => equal(mac(data), signature),
    };
  }
  let privateKey: KeyObject | undefined;
  let publicKey: KeyObject;
  try {
    if ('privateKey' in signing && signing.privateKey !== undefined) {
      privateKey = typeof signing.privateKey === 'string' ? createPrivateKey(signing.privateKey) : signing.privateKey;
      publicKey = signing.publicKey === undefined ? createPublicKey(privateKey) : typeof signing.publicKey === 'string' ? createPublicKey(signing.publicKey) : signing.publicKey;
    } else {
      const given = signing.publicKey;
      if (given === undefined) throw new Error('no key');
      publicKey = typeof given === 'string' ? createPublicKey(given) : given;
    }
  } catch {
    // The key's text may be in the cause's message: leave it out.
    throw new StorageError('INVALID_ARGUMENT', 'The audit log\'s Ed25519 key could not be read: pass a PEM string or a KeyObject.', { provider: PROVIDER });
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new StorageError('INVALID_ARGUMENT', `The audit log signs with Ed25519; got a ${publicKey.asymmetricKeyType ?? 'symmetric'} key.`, { provider: PROVIDER });
  }
  return {
    algorithm: 'ed25519',
    canSign: privateKey !== undefined,
    sign: (data) => {
      if (!privateKey) throw new StorageError('INVALID_ARGUMENT', 'This audit log has only a public key: it can verify but not write.', { provider: PROVIDER });
      return sign(null, Buffer.from(data), privateKey).toString('base64url');
    },
    verify: (data, signature) => {
      try {
        return verify(null, Buffer.from(data), publicKey, Buffer.from(signature, 'base64url'));
      } catch {
        return false;
      }
    },
  };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.byteLength === y.byteLength && timingSafeEqual(x, y);
}
