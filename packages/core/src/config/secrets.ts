import { inspect } from 'node:util';

/** What a secret value is replaced with when config is printed, logged or put into an error. */
export const REDACTED = '[redacted]';

// Matched against the key in snake_case, so `accessKeyId` and `access-key-id` count too.
const SECRET_KEY =
  /(^|_)(password|passwd|pwd|secret|secrets|token|api_?key|key|private_key|connection_string|conn_str|credential|credentials|sas|signature|service_key|webhook|webhook_url|auth|authorization)(_|$)/;
const SECRET_KEY_TAIL = /(^|_)(key|secret|token|password)(_id)?$/;
// Paths to a credentials file and ids of keys held elsewhere name a secret, they are not one.
const NOT_SECRET = /(_file|_path|_dir|_directory|_prefix|_name|_url|_vault_url|_id)$/;
const SECRET_IN_VALUE = /(AccountKey|SharedAccessSignature|SharedAccessKey|sig|password|pwd)=/i;
// The user part of a URL (`scheme://user:password@host`), wherever a URL stands in the value.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]+)@/gi;
// A user name that is a credential: GitHub, GitLab, Slack and API-key prefixes, or a long run of
// letters and digits (Sentry DSN keys, personal access tokens). `x-access-token`, `admin` are names.
const TOKEN_USER = /^(gh[pousr]_|github_pat_|glpat-|xox[abpr]-|sk[-_]|AKIA|ASIA)|^(?=.*\d)(?=.*[a-z])[\w-]{20,}$/i;

/** snake_case of a config key: `accessKeyId` -> `access_key_id`, `API-Key` -> `api_key`. */
function snake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

/**
 * True when a config key holds a secret (`connection_string`, `account_key`, `secret_key`,
 * `access_key`, `session_token`, `sas_token`, `password`, `api_key`, `credentials`,
 * `private_key`, `webhook_url`…). `credentials_file` and `kms_key_id` name where a secret
 * is, so they are not secrets themselves.
 */
export function isSecretKey(key: string): boolean {
  const name = snake(key);
  if (/(^|_)(access_key_id|webhook_url)$/.test(name)) return true;
  if (NOT_SECRET.test(name)) return false;
  return SECRET_KEY.test(name) || SECRET_KEY_TAIL.test(name);
}

/**
 * A string value that carries a secret whatever its key: a connection string, a URL with a
 * password, or a URL whose user part is a token (`https://ghp_…@github.com`, a Sentry DSN).
 */
function redactValue(value: string): string {
  if (SECRET_IN_VALUE.test(value)) return REDACTED;
  return value.replace(URL_USERINFO, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    // A user part alone authenticates by itself: it is the token.
    if (colon === -1) return `${scheme}${REDACTED}@`;
    const user = userinfo.slice(0, colon);
    return `${scheme}${user === '' || !TOKEN_USER.test(user) ? user : REDACTED}:${REDACTED}@`;
  });
}

/**
 * A deep copy of `config` with every secret replaced by `[redacted]`: values under secret
 * keys (see {@link isSecretKey}), connection strings, and passwords and tokens in the user part
 * of URLs. Use it
 * whenever config is printed, logged or put into an error.
 */
export function redactConfig<T>(config: T): T {
  return redactNode(config, undefined, new WeakSet()) as T;
}

function redactNode(value: unknown, key: string | undefined, seen: WeakSet<object>): unknown {
  if (key !== undefined && isSecretKey(key) && value !== undefined && value !== null && value !== '' && typeof value !== 'boolean') return REDACTED;
  if (typeof value === 'string') return redactValue(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactNode(item, undefined, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactNode(v, k, seen);
  return out;
}

/**
 * Makes `JSON.stringify`, `console.log` and `util.inspect` of a loaded config (and of every
 * section in it) show the redacted form, so printing it by mistake leaks nothing. Reading
 * properties still gives the real values.
 */
export function protectConfig<T extends object>(config: T): T {
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null || Object.isFrozen(node)) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    Object.defineProperty(node, 'toJSON', { value: () => redactConfig({ ...node }), enumerable: false, configurable: true });
    Object.defineProperty(node, inspect.custom, {
      value: (depth: number, options: object) => inspect(redactConfig({ ...node }), { ...options, depth }),
      enumerable: false,
      configurable: true,
    });
    Object.values(node).forEach(visit);
  };
  visit(config);
  return config;
}
