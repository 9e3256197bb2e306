import { createLocalStore } from '../backends/local/local-store';
import { createMemoryStore } from '../backends/memory/memory-store';
import type { BackendFactory } from './types';

/** `local://path`: a local store rooted at the base directory (the container). */
export const localBackend: BackendFactory = ({ container }) => createLocalStore({ baseDir: container });

/** `memory://name/path`: one memory store per name, alive as long as the router. */
export const memoryBackend: BackendFactory = ({ container }) => createMemoryStore({ name: container });

/** The schemes core registers on every router; cloud packages add `azure`, `s3` and `gs`. */
export const BUILTIN_BACKENDS: Readonly<Record<string, BackendFactory>> = { local: localBackend, memory: memoryBackend };
