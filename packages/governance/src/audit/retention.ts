import { type ObjectStore, StorageError } from '@agentmap/storage-core';
import { normalisePrefix, readText } from './audit-log';
import { canonicalJson } from './canonical-json';
import { type AnchorRecord, parseLine, segmentKey, segmentNumber } from './format';
import { type AuditSigning, createSealer } from './signer';

/** What {@link applyAuditRetention} did. */
export interface AuditRetentionReport {
  /** Segment numbers deleted, oldest first. */
  deleted: number[];
  /** Where the kept log now starts, or `undefined` when nothing was old enough. */
  anchor?: AnchorRecord['anchor'];
}

/**
 * Deletes sealed segments whose seal is older than `maxAgeDays`, oldest first, stopping at the
 * first one to keep (the open segment is always kept). Before deleting, it writes a signed
 * anchor naming where the kept chain starts and the hash it links to, so the remaining log
 * still verifies end to end; a crash between the anchor and the deletions leaves segments
 * that the verifier simply skips.
 */
export async function applyAuditRetention(
  store: ObjectStore,
  options: { maxAgeDays: number; signing?: AuditSigning; prefix?: string; now?: Date },
): Promise<AuditRetentionReport> {
  if (!(typeof options.maxAgeDays === 'number' && options.maxAgeDays > 0)) {
    throw new StorageError('INVALID_ARGUMENT', 'applyAuditRetention needs maxAgeDays: a positive number of days.', { provider: 'audit' });
  }
  const prefix = normalisePrefix(options.prefix ?? 'audit/');
  const sealer = options.signing ? createSealer(options.signing) : undefined;
  const cutoff = (options.now ?? new Date()).getTime() - options.maxAgeDays * 86_400_000;
  const numbers: number[] = [];
  for await (const entry of store.list(`${prefix}segments/`)) {
    const n = entry.kind === 'object' ? segmentNumber(prefix, entry.key) : undefined;
    if (n !== undefined) numbers.push(n);
  }
  numbers.sort((a, b) => a - b);

  const old: number[] = [];
  let next: { segment: number; firstSeq: number; prev: string } | undefined;
  for (const n of numbers.slice(0, -1)) {
    const text = (await readText(store, segmentKey(prefix, n))) ?? '';
    const lines = text.split('\n').filter(Boolean);
    const last = lines.length > 0 ? parseLine(lines[lines.length - 1]!) : undefined;
    if (last?.kind !== 'seal' || Date.parse(last.line.seal.sealedAt) >= cutoff) break;
    old.push(n);
    next = { segment: n + 1, firstSeq: last.line.seal.lastSeq + 1, prev: last.line.seal.lastHash };
  }
  if (!next) return { deleted: [] };
  const anchor: AnchorRecord['anchor'] = { ...next, createdAt: new Date().toISOString(), algorithm: sealer?.algorithm ?? 'none' };
  await store.put(`${prefix}anchor.json`, JSON.stringify({ anchor, sig: sealer ? sealer.sign(canonicalJson(anchor)) : '' }), { contentType: 'application/json' });
  for (const n of old) await store.delete(segmentKey(prefix, n));
  return { deleted: old, anchor };
}
