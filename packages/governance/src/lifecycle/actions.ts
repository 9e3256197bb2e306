import { createHash, randomBytes } from 'node:crypto';
import { type ObjectInfo, type ObjectStore, StorageError, isStorageError } from '@agentmap/storage-core';
import { etagsEqual, textOf } from '@agentmap/storage-core/kit';
import { anonymizeText, recordFormat } from './anonymize';
import { COMPRESSION, compressBytes } from './compress';
import type { PlannedStep } from './plan';

/** What happened to one planned step. */
export type StepOutcome =
  /** The action was carried out. */
  | 'done'
  /** Nothing needed doing: the object was already in the planned state (a second run, a resumed one). */
  | 'unchanged'
  /** The object changed (or vanished) since planning: skipped, nothing touched. */
  | 'changed'
  /** The store or the config cannot do this action here (no storage classes, no index hook). */
  | 'unsupported'
  /** The action failed; `error` says why. Run the plan again to retry. */
  | 'failed'
  /** Not attempted because an earlier step of the same object did not complete. */
  | 'skipped';

/** Where an archive action writes: a store and a key prefix inside it. */
export interface ArchiveTarget {
  store: ObjectStore;
  prefix?: string;
}

export interface StepContext {
  store: ObjectStore;
  planId: string;
  archive: (destination: string, key: string) => { store: ObjectStore; key: string };
  onIndexRemoval?: (key: string, index: string | undefined) => Promise<void>;
  signal?: AbortSignal;
}

export interface StepResult {
  outcome: StepOutcome;
  /** The object's etag after the step; null once it is gone from its key. */
  etag: string | null;
  detail?: string;
  error?: StorageError;
}

/** Metadata every write of a plan carries, so a resumed run recognises its own work. */
export const PLAN_KEY = 'lifecycle-plan';
export const STEP_KEY = 'lifecycle-step';
export const SOURCE_ETAG_KEY = 'lifecycle-source-etag';

const codeOf = (error: unknown) => (isStorageError(error) ? error.code : undefined);
const changed = (detail: string): StepResult => ({ outcome: 'changed', etag: null, detail });

/** Runs one step against the object, conditional on `etag`. */
export async function runStep(ctx: StepContext, key: string, etag: string, step: PlannedStep, index: number): Promise<StepResult> {
  const { store } = ctx;
  const call = ctx.signal ? { signal: ctx.signal } : {};
  const action = step.action;
  switch (action.type) {
    case 'tier_transition': {
      if (!store.setStorageClass || step.storageClass === undefined) {
        return { outcome: 'unsupported', etag, detail: `${store.provider} has no storage class for ${action.target}` };
      }
      const info = await store.head(key, call);
      if (!info) return changed('the object is gone');
      if (info.storageClass === step.storageClass) return { outcome: 'unchanged', etag: info.etag };
      if (!etagsEqual(info.etag, etag)) return changed('the object was rewritten since planning');
      const after = await conditional(() => store.setStorageClass!(key, step.storageClass!, { ...call, ifMatch: etag }));
      return after ? { outcome: 'done', etag: after.etag, detail: step.storageClass } : changed('the object was rewritten since planning');
    }
    case 'compress': {
      const { suffix, encoding } = COMPRESSION[action.format];
      const target = `${key}${suffix}`;
      const existing = await store.head(target, call);
      const already = existing !== undefined && existing.metadata?.[SOURCE_ETAG_KEY] !== undefined && etagsEqual(existing.metadata[SOURCE_ETAG_KEY], etag);
      if (!already) {
        const got = await read(store, key, etag, call);
        if (!got) return changed('the object was rewritten or removed since planning');
        const compressed = await compressBytes(action.format, got.body);
        await store.put(target, compressed, {
          ...call,
          contentType: got.info.contentType ?? 'application/octet-stream',
          metadata: { ...got.info.metadata, 'content-encoding': encoding, [SOURCE_ETAG_KEY]: etag, [PLAN_KEY]: ctx.planId },
        });
      }
      const removed = action.delete_original === true ? await removeOriginal(store, key, etag, call) : undefined;
      if (removed === 'changed') return changed(`${target} was written, but the original changed meanwhile and was kept`);
      return { outcome: already && removed !== 'removed' ? 'unchanged' : 'done', etag: action.delete_original === true ? null : etag, detail: target };
    }
    case 'anonymize': {
      const got = await getIfPresent(store, key, call);
      if (!got) return changed('the object is gone');
      if (!etagsEqual(got.info.etag, etag)) {
        const mine = got.info.metadata?.[PLAN_KEY] === ctx.planId && Number(got.info.metadata?.[STEP_KEY]) >= index;
        return mine ? { outcome: 'unchanged', etag: got.info.etag } : changed('the object was rewritten since planning');
      }
      const format = recordFormat(key, got.info.contentType);
      if (!format) throw new StorageError('UNSUPPORTED', `anonymize reads .json, .jsonl and .csv records; ${key} is neither. Exclude it from the policy.`, { provider: 'lifecycle' });
      const { text, cleared } = anonymizeText(textOf(got.body), format, action.fields, action.id_field ?? 'id', key);
      if (cleared === 0) return { outcome: 'unchanged', etag };
      const info = await conditional(() =>
        store.put(key, text, {
          ...call,
          ifMatch: etag,
          ...(got.info.contentType ? { contentType: got.info.contentType } : {}),
          metadata: { ...got.info.metadata, [PLAN_KEY]: ctx.planId, [STEP_KEY]: String(index) },
        }),
      );
      return info ? { outcome: 'done', etag: info.etag, detail: `${cleared} values cleared` } : changed('the object was rewritten since planning');
    }
    case 'archive': {
      const target = ctx.archive(action.destination, key);
      const existing = await target.store.head(target.key, call);
      const already = existing?.metadata?.[SOURCE_ETAG_KEY] !== undefined && etagsEqual(existing.metadata[SOURCE_ETAG_KEY], etag);
      if (!already) {
        const got = await read(store, key, etag, call);
        if (!got) return changed('the object was rewritten or removed since planning');
        const written = await target.store.put(target.key, got.body, {
          ...call,
          ...(got.info.contentType ? { contentType: got.info.contentType } : {}),
          metadata: { ...got.info.metadata, [SOURCE_ETAG_KEY]: etag, [PLAN_KEY]: ctx.planId },
        });
        if (written.size !== got.body.byteLength) throw new StorageError('CORRUPT_DATA', `The archived copy of ${key} has ${written.size} bytes, not ${got.body.byteLength}; the original was kept.`, { provider: 'lifecycle' });
      }
      const removed = action.delete_original === true ? await removeOriginal(store, key, etag, call) : undefined;
      if (removed === 'changed') return changed(`archived to ${target.store.location}/${target.key}, but the original changed meanwhile and was kept`);
      return { outcome: already && removed !== 'removed' ? 'unchanged' : 'done', etag: action.delete_original === true ? null : etag, detail: `${target.store.location}/${target.key}` };
    }
    case 'secure_delete': {
      const got = await getIfPresent(store, key, call);
      if (!got) return { outcome: 'unchanged', etag: null, detail: 'already absent' };
      if (!etagsEqual(got.info.etag, etag)) return changed('the object was rewritten since planning');
      const digest = createHash('sha256').update(got.body).digest('hex');
      // Overwrite before deleting, so a backend that keeps deleted bytes around keeps noise.
      const noise = await conditional(() => store.put(key, randomBytes(got.body.byteLength), { ...call, ifMatch: etag }));
      if (!noise) return changed('the object was rewritten since planning');
      await store.delete(key, { ...call, ifMatch: noise.etag });
      if (action.verification !== 'none' && (await store.head(key, call)) !== undefined) {
        throw new StorageError('INTERNAL', `${key} is still readable after secure_delete; check the store's retention settings.`, { provider: 'lifecycle' });
      }
      const versions = store.capabilities.versioning ? '; the store keeps versions: delete older ones with the provider' : '';
      return { outcome: 'done', etag: null, detail: `sha256:${digest} overwritten and deleted${versions}` };
    }
    case 'delete': {
      try {
        await store.delete(key, { ...call, ifMatch: etag });
        return { outcome: 'done', etag: null };
      } catch (error) {
        if (codeOf(error) === 'NOT_FOUND') return { outcome: 'unchanged', etag: null, detail: 'already absent' };
        if (codeOf(error) === 'PRECONDITION_FAILED') return changed('the object was rewritten since planning');
        throw error;
      }
    }
    case 'index_removal': {
      if (!ctx.onIndexRemoval) return { outcome: 'unsupported', etag, detail: 'pass onIndexRemoval to remove objects from an index' };
      await ctx.onIndexRemoval(key, action.index);
      return { outcome: 'done', etag };
    }
  }
}

/** The call's result, or undefined when its precondition failed. */
async function conditional(fn: () => Promise<ObjectInfo>): Promise<ObjectInfo | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (codeOf(error) === 'PRECONDITION_FAILED') return undefined;
    throw error;
  }
}

async function getIfPresent(store: ObjectStore, key: string, call: { signal?: AbortSignal }) {
  try {
    return await store.get(key, call);
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The object if it still has the planned etag, else undefined. */
async function read(store: ObjectStore, key: string, etag: string, call: { signal?: AbortSignal }) {
  const got = await getIfPresent(store, key, call);
  return got && etagsEqual(got.info.etag, etag) ? got : undefined;
}

async function removeOriginal(store: ObjectStore, key: string, etag: string, call: { signal?: AbortSignal }): Promise<'removed' | 'absent' | 'changed'> {
  try {
    await store.delete(key, { ...call, ifMatch: etag });
    return 'removed';
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND') return 'absent';
    if (codeOf(error) === 'PRECONDITION_FAILED') return 'changed';
    throw error;
  }
}
