import type { ObjectStore } from '@agentmap/storage-core';
import { normalisePrefix, readText } from './audit-log';
import { decryptEvent, entryKey } from './entry-cipher';
import type { AuditEvent } from './event';
import { parseLine, segmentKey, segmentNumber } from './format';

/** One stored event with its place in the chain. */
export interface AuditRecord {
  seq: number;
  segment: number;
  event: AuditEvent;
}

/**
 * Reads the events of a log in order, segment by segment (one segment in memory at a time),
 * decrypting them when the log encrypts entries. It does not verify: run
 * {@link verifyAuditLog} for that.
 */
export async function* readAuditLog(store: ObjectStore, options: { prefix?: string; encryptionKey?: string | Uint8Array } = {}): AsyncGenerator<AuditRecord> {
  const prefix = normalisePrefix(options.prefix ?? 'audit/');
  const key = options.encryptionKey === undefined ? undefined : entryKey(options.encryptionKey);
  const numbers: number[] = [];
  for await (const entry of store.list(`${prefix}segments/`)) {
    const n = entry.kind === 'object' ? segmentNumber(prefix, entry.key) : undefined;
    if (n !== undefined) numbers.push(n);
  }
  for (const segment of numbers.sort((a, b) => a - b)) {
    const text = (await readText(store, segmentKey(prefix, segment))) ?? '';
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const parsed = parseLine(line);
      if (parsed.kind !== 'entry') continue;
      const { seq, event, enc } = parsed.line;
      if (event) yield { seq, segment, event };
      else if (enc !== undefined && key) yield { seq, segment, event: decryptEvent(enc, key, seq) };
    }
  }
}
