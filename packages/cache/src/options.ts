import { validateOptions } from '@agentmap/storage-core/kit';

/**
 * Core's `validateOptions` (an unknown or misplaced option is `INVALID_ARGUMENT` naming it),
 * without narrowing the caller's typed options to a record.
 */
export function checkOptions(options: unknown, allowed: readonly string[], where: string, more?: { provider?: string; elsewhere?: Readonly<Record<string, string>> }): void {
  validateOptions(options, allowed, where, more);
}
