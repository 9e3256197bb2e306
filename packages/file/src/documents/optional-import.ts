import { fileError } from '../errors';

/**
 * Runs `load` (a literal `import('pkg')`, so bundlers still see it) and turns a missing
 * optional package into an `UNSUPPORTED` error that says what to install. Loader libraries
 * are optional peers: reading a `.txt` never loads PDF code, and an install carries only the
 * formats it needs.
 */
export async function importOptional<T>(name: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingModule(error, name)) {
      throw fileError('UNSUPPORTED', `${purpose} needs the optional package "${name}", which is not installed: run npm install ${name}.`, { cause: error });
    }
    throw error;
  }
}

function isMissingModule(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(message)) && message.includes(name);
}
