/**
 * SDK errors carry their request: headers with `Authorization: Bearer …`, signed URLs, session
 * tokens, client configs holding keys. Loggers print causes deep (`util.inspect` with
 * `showHidden`, `JSON.stringify`, the stack), so a cause must not hold any of that. This makes
 * a fresh error that keeps only what helps to diagnose a failure — name, message, stack, codes,
 * HTTP status, request id, attempts — with every string scrubbed of credentials, and the same
 * done to its own cause chain. Everything else (headers, requests, responses, configs) is dropped.
 */

/** Fields of an SDK or system error worth keeping, when they are strings, numbers or booleans. */
const KEPT_FIELDS = [
  'code',
  'Code',
  'errno',
  'syscall',
  'status',
  'statusCode',
  'reason',
  'requestId',
  'retryable',
] as const;

/** Fields of the AWS SDK's `$metadata` worth keeping. */
const KEPT_METADATA = ['httpStatusCode', 'requestId', 'extendedRequestId', 'cfId', 'attempts', 'totalRetryDelay'] as const;

/** Nested causes followed; deeper ones are cut. */
const MAX_CAUSE_DEPTH = 4;

/** Patterns of credentials that may appear in SDK messages and stacks. */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(bearer\s+)[^\s"',;]+/gi, '$1[redacted]'],
  [/(basic\s+)[A-Za-z0-9+/=]{8,}/gi, '$1[redacted]'],
  [/((?:authorization|x-amz-security-token|x-amz-signature|x-goog-signature|x-api-key|api[-_]?key|access[-_]?token|refresh[-_]?token|client[-_]?secret|session[-_]?token|secret[-_]?access[-_]?key|account[-_]?key|sig|signature|password|private[-_]?key)["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, '$1[redacted]'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/(\/\/)[^/\s:@]+(?::[^/\s@]*)?@/g, '$1[redacted]@'],
];

/**
 * Removes credentials from a text: the given secret values wherever they appear (values
 * shorter than 4 characters are ignored, they would blank out ordinary words), and tokens
 * recognisable by form (bearer and basic credentials, `key=value` pairs of known secret
 * names, PEM private keys, user parts of URLs).
 */
export function scrubText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) if (typeof secret === 'string' && secret.length >= 4) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of `cause` that is safe to keep on a StorageError: an `Error` with the original's
 * name, scrubbed message and stack, its codes and status, and its own cause made safe the same
 * way. `secrets` are values to blank wherever they appear (keys, tokens, passwords of the
 * backend's config). Returns undefined for undefined.
 */
export function scrubCause(cause: unknown, secrets: readonly (string | undefined)[] = []): Error | undefined {
  return scrub(cause, secrets, 0);
}

function scrub(cause: unknown, secrets: readonly (string | undefined)[], depth: number): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause !== 'object') return new Error(scrubText(typeof cause === 'string' ? cause : typeof cause, secrets));
  const source = cause as Record<string, unknown>;
  const message = typeof source.message === 'string' ? source.message : '';
  const safe = new Error(scrubText(message, secrets));
  const name = typeof source.name === 'string' ? source.name : 'Error';
  Object.defineProperty(safe, 'name', { value: name, enumerable: false, writable: true, configurable: true });
  const stack = typeof source.stack === 'string' ? source.stack : `${name}: ${message}`;
  Object.defineProperty(safe, 'stack', { value: scrubText(stack, secrets), enumerable: false, writable: true, configurable: true });
  const target = safe as unknown as Record<string, unknown>;
  for (const field of KEPT_FIELDS) {
    const value = readField(source, field);
    if (typeof value === 'number' || typeof value === 'boolean') target[field] = value;
    else if (typeof value === 'string') target[field] = scrubText(value, secrets).slice(0, 200);
  }
  const metadata = readField(source, '$metadata');
  if (typeof metadata === 'object' && metadata !== null) {
    const kept: Record<string, string | number> = {};
    for (const field of KEPT_METADATA) {
      const value = readField(metadata as Record<string, unknown>, field);
      if (typeof value === 'number') kept[field] = value;
      else if (typeof value === 'string') kept[field] = scrubText(value, secrets).slice(0, 200);
    }
    target.$metadata = kept;
  }
  if (depth < MAX_CAUSE_DEPTH) {
    const inner = readField(source, 'cause');
    const safeInner = inner === cause ? undefined : scrub(inner, secrets, depth + 1);
    if (safeInner) Object.defineProperty(safe, 'cause', { value: safeInner, enumerable: false, writable: true, configurable: true });
  }
  return safe;
}

/** Reads a field without running a throwing getter into the error path. */
function readField(source: Record<string, unknown>, field: string): unknown {
  try {
    return source[field];
  } catch {
    return undefined;
  }
}
