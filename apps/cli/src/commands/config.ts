import { isStorageError } from '@agentmap/storage-core';
import { batchSettingsFromConfig, healthSettingsFromConfig } from '@agentmap/storage-ops';
import { loadBackends, loadConfig } from '../context';
import { EXIT_CODES } from '../exit-codes';
import { type GlobalOptions, type Io, writeJson, writeLine } from '../io';

interface Issue {
  path: string;
  message: string;
}

/** `config validate`: every problem with its exact path (`storage.json.providers.aws.region`). */
export async function validateConfig(io: Io, options: GlobalOptions): Promise<number> {
  const issues: Issue[] = [];
  const checkOps = (config: Record<string, unknown>) => {
    for (const check of [() => batchSettingsFromConfig(config.batch_processing), () => healthSettingsFromConfig(config.monitoring)]) {
      try {
        check();
      } catch (error) {
        issues.push(...issuesOf(error));
      }
    }
  };
  try {
    const loaded = await loadConfig(io, options, true, await loadBackends());
    checkOps(loaded.config as Record<string, unknown>);
  } catch (error) {
    const found = issuesOf(error);
    if (found.length === 0) throw error;
    issues.push(...found);
    // Provider sections failed: the rest of the file is still checked, so one run lists everything.
    const lenient = await loadConfig(io, options, true).catch(() => undefined);
    if (lenient) checkOps(lenient.config as Record<string, unknown>);
  }
  if (options.json) writeJson(io, { valid: issues.length === 0, issues });
  else if (issues.length === 0) writeLine(io, 'config is valid');
  else {
    for (const issue of issues) writeLine(io, `${issue.path}: ${issue.message}`);
    writeLine(io, `${issues.length} problem${issues.length === 1 ? '' : 's'}`);
  }
  return issues.length === 0 ? EXIT_CODES.OK : EXIT_CODES.PROBLEMS;
}

/** `config print`: the loaded config with `env:` resolved and secrets shown as `[redacted]`. */
export async function printConfig(io: Io, options: GlobalOptions): Promise<number> {
  const { config } = await loadConfig(io, options, true);
  // The loaded config serialises with secrets redacted.
  writeJson(io, JSON.parse(JSON.stringify(config)) as unknown);
  return EXIT_CODES.OK;
}

function issuesOf(error: unknown): Issue[] {
  if (!isStorageError(error, 'INVALID_ARGUMENT')) return [];
  const raw = error.details?.issues;
  if (!Array.isArray(raw)) return [];
  return raw.map((issue: unknown) => {
    if (typeof issue === 'string') {
      const at = issue.indexOf(': ');
      return at === -1 ? { path: 'storage', message: issue } : { path: issue.slice(0, at), message: issue.slice(at + 2) };
    }
    const { path, message } = issue as Issue;
    return { path, message };
  });
}
