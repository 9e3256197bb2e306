import { type ObjectStore, StorageError, type StorageRouter, isStorageError } from '@agentmap/storage-core';
import { mapLimit } from '@agentmap/storage-core/kit';
import { currentPrincipal } from '../access/principal';
import type { AuditLog } from '../audit/audit-log';
import { type ArchiveTarget, type StepContext, type StepOutcome, runStep } from './actions';
import { LifecycleJournal } from './journal';
import type { LifecyclePlan, PlannedObject } from './plan';

/** One step's result. */
export interface LifecycleResult {
  key: string;
  policy: string;
  action: string;
  outcome: StepOutcome;
  detail?: string;
  /** On `failed`: the StorageError code and message. */
  error?: { code: string; message: string };
  /** True when an earlier, interrupted run of the plan did this and the journal says so. */
  resumed?: boolean;
}

/** What {@link applyLifecyclePlan} did, step by step. */
export interface LifecycleReport {
  planId: string;
  results: LifecycleResult[];
  counts: Record<StepOutcome, number>;
  /** Objects skipped because the journal shows an earlier run finished them. */
  resumed: number;
}

export interface ApplyLifecycleOptions {
  /** Objects worked on at once. Default 4. */
  concurrency?: number;
  /**
   * Where the journal of finished objects lives (under `.agentmap-lifecycle/<planId>/`), so a
   * run that stopped midway resumes where it was: the planned store by default, `false` for none.
   */
  journal?: ObjectStore | false;
  /** Finished objects per journal write. Default 50. */
  journalEvery?: number;
  /** Keep the journal after a complete run (a later apply then reports everything as resumed). Default false. */
  keepJournal?: boolean;
  /** Part 1's audit log: every step is recorded as a `lifecycle_action` event. */
  audit?: AuditLog;
  /** Archive destinations by name (`long_term_archive`): a store, or a store and key prefix. */
  destinations?: Record<string, ObjectStore | ArchiveTarget>;
  /** Resolves archive destinations written as URIs (`s3://archive/2019/`). */
  router?: StorageRouter;
  /** Removes an object from a search index, for `index_removal`. */
  onIndexRemoval?: (key: string, index: string | undefined) => Promise<void>;
  /** Called as each object finishes. */
  onObject?: (results: LifecycleResult[]) => void;
  signal?: AbortSignal;
}

const PROVIDER = 'lifecycle';
const ACTION_TYPES = new Set<unknown>(['tier_transition', 'compress', 'anonymize', 'archive', 'secure_delete', 'delete', 'index_removal']);
const OUTCOMES: StepOutcome[] = ['done', 'unchanged', 'changed', 'unsupported', 'failed', 'skipped'];

function archiveResolver(options: ApplyLifecycleOptions) {
  return (destination: string, key: string): { store: ObjectStore; key: string } => {
    const named = options.destinations?.[destination];
    if (named) {
      const target: ArchiveTarget = 'store' in named && typeof (named).store?.put === 'function' ? (named) : { store: named as ObjectStore };
      return { store: target.store, key: `${target.prefix ?? ''}${key}` };
    }
    if (destination.includes('://') && options.router) {
      const resolved = options.router.resolve(`${destination.replace(/\/+$/, '')}/${key}`);
      return { store: resolved.store, key: resolved.key };
    }
    throw new StorageError('INVALID_ARGUMENT', `The archive destination "${destination}" is not known: pass it in destinations, or give a URI and a router.`, { provider: PROVIDER });
  };
}

/**
 * Carries out a plan from {@link planLifecycle}: objects in parallel (bounded), each object's
 * steps in order, every write conditional on the etag the plan saw, so an object changed since
 * planning is skipped and reported, never overwritten. Finished objects are journaled: after a
 * crash, applying the same plan again resumes, and steps recognise work already done, so a
 * second run changes nothing. Every step is audited when `audit` is given.
 */
export async function applyLifecyclePlan(store: ObjectStore, plan: LifecyclePlan, options: ApplyLifecycleOptions = {}): Promise<LifecycleReport> {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.items)) {
    throw new StorageError('INVALID_ARGUMENT', 'applyLifecyclePlan needs a plan made by planLifecycle (an object with items).', { provider: PROVIDER });
  }
  // A stored plan may have been edited: its shape is checked before anything is touched.
  plan.items.forEach((item, i) => {
    const ok = typeof item?.key === 'string' && typeof item.etag === 'string' && Array.isArray(item.steps)
      && item.steps.every((step) => typeof step?.policy === 'string' && ACTION_TYPES.has(step.action?.type));
    if (!ok) throw new StorageError('INVALID_ARGUMENT', `Plan item ${i} is malformed (key, etag and steps with known actions are required); plan again.`, { provider: PROVIDER });
  });
  if (plan.provider !== store.provider || plan.location !== store.location) {
    throw new StorageError('INVALID_ARGUMENT', `The plan was made for ${plan.location}, not ${store.location}; apply it to the store it was planned on.`, { provider: PROVIDER });
  }
  const archive = archiveResolver(options);
  // Every destination must resolve before anything is touched.
  for (const item of plan.items) for (const step of item.steps) if (step.action.type === 'archive') archive(step.action.destination, item.key);

  const journal = options.journal === false ? undefined : new LifecycleJournal(options.journal ?? store, plan.id, options.journalEvery ?? 50);
  const finished = journal ? await journal.load() : new Map<string, LifecycleResult[]>();
  const ctx: StepContext = { store, planId: plan.id, archive, ...(options.onIndexRemoval ? { onIndexRemoval: options.onIndexRemoval } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const principal = currentPrincipal()?.id ?? 'system';
  let resumed = 0;

  const audit = (result: LifecycleResult) =>
    options.audit?.record({
      timestamp: new Date().toISOString(),
      eventType: 'lifecycle_action',
      principal,
      resource: result.key,
      action: result.action,
      result: result.outcome === 'failed' || result.outcome === 'changed' ? 'failure' : 'success',
      provider: store.provider,
      ...(result.error ? { errorCode: result.error.code } : result.outcome === 'changed' ? { errorCode: 'PRECONDITION_FAILED' } : {}),
      details: { planId: plan.id, policy: result.policy, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) },
    });

  const applyItem = async (item: PlannedObject): Promise<LifecycleResult[]> => {
    const earlier = finished.get(item.key);
    if (earlier) {
      resumed++;
      return earlier.map((result) => ({ ...result, resumed: true }));
    }
    const results: LifecycleResult[] = [];
    let etag: string | null = item.etag;
    let blocked = false;
    for (const [index, step] of item.steps.entries()) {
      const base = { key: item.key, policy: step.policy, action: step.action.type };
      if (blocked || etag === null) {
        results.push({ ...base, outcome: 'skipped', detail: 'an earlier step did not complete' });
        continue;
      }
      try {
        const outcome = await runStep(ctx, item.key, etag, step, index);
        results.push({ ...base, outcome: outcome.outcome, ...(outcome.detail ? { detail: outcome.detail } : {}) });
        etag = outcome.etag;
        if (outcome.outcome === 'changed') blocked = true;
      } catch (error) {
        if (isStorageError(error) && error.code === 'ABORTED') throw error;
        const code = isStorageError(error) ? error.code : 'INTERNAL';
        const message = isStorageError(error) ? error.message : 'an unexpected error; see the audit log';
        results.push({ ...base, outcome: 'failed', error: { code, message } });
        blocked = true;
      }
      audit(results[results.length - 1]!);
    }
    options.onObject?.(results);
    // A failure is retried by the next run, so only settled objects are journaled.
    if (journal && !results.some((r) => r.outcome === 'failed')) await journal.record(item.key, results);
    return results;
  };

  let perItem: LifecycleResult[][];
  try {
    perItem = await mapLimit(plan.items, options.concurrency ?? 4, applyItem, options.signal);
  } finally {
    await journal?.flush();
    await options.audit?.flush();
  }
  const results = perItem.flat();
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<StepOutcome, number>;
  for (const result of results) counts[result.outcome]++;
  if (journal && !options.keepJournal && counts.failed === 0) await journal.clear();
  return { planId: plan.id, results, counts, resumed };
}
