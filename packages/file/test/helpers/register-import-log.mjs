// Registers import-log-hooks.mjs; the log file comes from IMPORT_LOG.
import { register } from 'node:module';

register('./import-log-hooks.mjs', import.meta.url, { data: { log: process.env.IMPORT_LOG } });
