import { StorageError } from '../errors/storage-error';

/** One problem found in a config: where (`storage.json.providers.aws.region`) and what is expected. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** `['json', 'providers', 'aws']` -> `storage.json.providers.aws`; array indexes as `[2]`. */
export function formatPath(segments: readonly PropertyKey[], root = 'storage'): string {
  let out = root;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][\w-]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * One `INVALID_ARGUMENT` listing every issue. Messages name paths and expectations only,
 * never values, so no secret can reach the error.
 */
export function configError(issues: readonly ConfigIssue[], origin: string): StorageError {
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new StorageError('INVALID_ARGUMENT', `The storage config (${origin}) has ${issues.length} ${noun}:\n${lines.join('\n')}\nFix these values and load the config again.`, {
    provider: 'config',
    details: { issues: issues.map((issue) => ({ ...issue })) },
  });
}
