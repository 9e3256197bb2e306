import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/index';
import { scrubCause, scrubText } from '../../src/kit';

const TOKEN = 'ya29.a0AfH6SMBx-secret-token';

function printed(error: unknown): string {
  return [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? ''].join('\n');
}

describe('scrubCause', () => {
  it('keeps codes and status, drops requests and configs, scrubs messages, stacks and nested causes', () => {
    const inner = Object.assign(new Error(`socket hang up sending Authorization: Bearer ${TOKEN}`), { code: 'ECONNRESET' });
    const sdk = Object.assign(new Error(`GET https://user:hunter22@host/x?sig=abcdef123 failed`, { cause: inner }), {
      code: 401,
      $metadata: { httpStatusCode: 401, requestId: 'r-1', attempts: 2, credentials: { sessionToken: TOKEN } },
      config: { headers: { Authorization: `Bearer ${TOKEN}` } },
      response: { request: { headers: new Map([['authorization', `Bearer ${TOKEN}`]]) } },
    });
    Object.defineProperty(sdk, 'hiddenClient', { value: { token: TOKEN }, enumerable: false });
    const error = new StorageError('UNAUTHENTICATED', 'refused', { cause: scrubCause(sdk, ['hunter22']) });
    const text = printed(error);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('abcdef123');
    const cause = error.cause as Error & { code?: number; $metadata?: Record<string, unknown>; cause?: Error & { code?: string } };
    expect(cause.code).toBe(401);
    expect(cause.$metadata).toEqual({ httpStatusCode: 401, requestId: 'r-1', attempts: 2 });
    expect(cause.cause?.code).toBe('ECONNRESET');
    expect(cause.name).toBe('Error');
  });

  it('survives cycles, throwing getters and non-errors', () => {
    const looped: Record<string, unknown> = { message: 'loop' };
    looped.cause = looped;
    Object.defineProperty(looped, 'code', { get: () => { throw new Error('boom'); } });
    expect(scrubCause(looped)?.message).toBe('loop');
    expect(scrubCause('plain text')?.message).toBe('plain text');
    expect(scrubCause(undefined)).toBeUndefined();
  });

  it('scrubText removes bearer, basic, key=value secrets, PEM keys and URL user parts', () => {
    expect(scrubText(`Bearer ${TOKEN}`)).toBe('Bearer [redacted]');
    expect(scrubText('x-api-key: abc123456 and api_key=zzz999')).not.toMatch(/abc123456|zzz999/);
    expect(scrubText('https://ghp_abcdefghijklmnop@github.com/x')).toBe('https://[redacted]@github.com/x');
    expect(scrubText('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----')).toBe('[redacted private key]');
  });
});
