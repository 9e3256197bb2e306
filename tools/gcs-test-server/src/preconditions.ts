import { ApiError, badRequest, conditionNotMet } from './http';
import type { StoredObject } from './model';

/** The four precondition parameters of the JSON API, with a prefix (`ifSource…` for the source of a rewrite). */
function readConditions(query: URLSearchParams, source: boolean) {
  const name = (base: string) => (source ? `ifSource${base}` : `if${base}`);
  const int = (key: string): bigint | undefined => {
    const raw = query.get(key);
    if (raw === null || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw)) throw badRequest(`Invalid value for ${key}: ${raw}`);
    return BigInt(raw);
  };
  return {
    generationMatch: int(name('GenerationMatch')),
    generationNotMatch: int(name('GenerationNotMatch')),
    metagenerationMatch: int(name('MetagenerationMatch')),
    metagenerationNotMatch: int(name('MetagenerationNotMatch')),
  };
}

/**
 * Checks preconditions against the live object (or its absence).
 * - `ifGenerationMatch=0`: only when no live object exists.
 * - `ifGenerationNotMatch`: fails when no live object exists; `0` means "some live object exists".
 * - metageneration conditions fail when there is no live object.
 * `readOnly`: a failed *NotMatch condition on a read answers 304 Not Modified instead of 412.
 */
export function checkConditions(current: StoredObject | undefined, query: URLSearchParams, options: { source?: boolean; readOnly?: boolean } = {}): void {
  const c = readConditions(query, options.source ?? false);
  if (c.generationMatch !== undefined) {
    const ok = c.generationMatch === 0n ? current === undefined : current?.generation === c.generationMatch;
    if (!ok) throw conditionNotMet();
  }
  if (c.metagenerationMatch !== undefined && current?.metageneration !== c.metagenerationMatch) throw conditionNotMet();
  const notModified = () => (options.readOnly ? new ApiError(304, 'notModified', 'Not Modified') : conditionNotMet());
  if (c.generationNotMatch !== undefined) {
    if (!current) throw conditionNotMet();
    if (c.generationNotMatch === 0n ? false : current.generation === c.generationNotMatch) throw notModified();
  }
  if (c.metagenerationNotMatch !== undefined) {
    if (!current) throw conditionNotMet();
    if (current.metageneration === c.metagenerationNotMatch) throw notModified();
  }
}

/** `generation=N` on a read or delete selects that generation; only the live one is kept. */
export function selectGeneration(current: StoredObject | undefined, query: URLSearchParams): StoredObject | undefined {
  const raw = query.get('generation');
  if (raw === null || raw === '') return current;
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid value for generation: ${raw}`);
  return current && current.generation === BigInt(raw) ? current : undefined;
}
