import { randomUUID } from 'node:crypto';
import { type ObjectStore, StorageError, isStorageError } from '@agentmap/storage-core';
import { updateObject } from '@agentmap/storage-core/kit';
import { canonicalJson } from './canonical-json';
import { encryptEvent, entryKey } from './entry-cipher';
import { type AuditEvent, compactEvent } from './event';
import { GENESIS_HASH, type HeadRecord, type SealLine, entryHash, parseLine, segmentKey, segmentLines, segmentNumber } from './format';
import { type AuditSigning, type Sealer, createSealer } from './signer';

const PROVIDER = 'audit';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** Where the log lives: any ObjectStore (a local directory, a bucket). */
  store: ObjectStore;
  /** Key prefix of the log inside the store. Default `audit/`. */
  prefix?: string;
  /** Seals segments and the head: an HMAC key or an Ed25519 key pair. Without it the chain is hashed but not signed. */
  signing?: AuditSigning;
  /** Encrypts each event (AES-256-GCM, 32-byte key); the chain stays verifiable without the key. */
  encryptionKey?: string | Uint8Array;
  /** Entries per segment before it is sealed (each flush rewrites the open segment, so this bounds its cost). Default 1 000. */
  segmentEntries?: number;
  /** Buffered events are written at least this often, in ms. Default 1 000. */
  flushIntervalMs?: number;
  /** A flush starts as soon as this many events are buffered. Default 500. */
  maxBuffered?: number;
  /** Called when a background flush fails (the events stay buffered and are retried). */
  onError?: (error: unknown) => void;
}

/** An append-only, hash-chained audit log in an ObjectStore. */
export interface AuditLog {
  /** Buffers an event; it is written by the next flush. */
  record(event: AuditEvent): void;
  /** Writes every buffered event now; resolves once they are stored. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
  /** Events buffered and not yet written. */
  readonly pending: number;
}

/**
 * Opens an audit log: JSON lines in segments (`<prefix>segments/00000001.jsonl`), each entry
 * carrying the SHA-256 of the previous one; a full segment ends with a signed seal, and a
 * signed head record names the last entry, so an edited, deleted, inserted or reordered entry
 * and a truncated tail are all detected by {@link verifyAuditLog}.
 *
 * Writers in several processes share a log safely: each flush is a conditional
 * read-modify-write of the open segment, so the chain never forks; a flush replayed after a
 * lost answer is recognised by its batch id and not written twice.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { store } = options;
  const prefix = normalisePrefix(options.prefix ?? 'audit/');
  const sealer: Sealer | undefined = options.signing ? createSealer(options.signing) : undefined;
  if (sealer && !sealer.canSign) throw new StorageError('INVALID_ARGUMENT', 'An audit log that writes needs a signing key, not only a public key.', { provider: PROVIDER });
  const key = options.encryptionKey === undefined ? undefined : entryKey(options.encryptionKey);
  const segmentEntries = options.segmentEntries ?? 1_000;
  const maxBuffered = options.maxBuffered ?? 500;
  if (!Number.isSafeInteger(segmentEntries) || segmentEntries < 1) throw new StorageError('INVALID_ARGUMENT', 'segmentEntries must be a whole number of at least 1.', { provider: PROVIDER });

  let buffer: AuditEvent[] = [];
  /** The open segment as this writer last wrote it (its etag and chain state), so the next flush need not re-parse it. */
  let tail: { segment: number; etag: string; seq: number; hash: string; count: number; first: number } | undefined;
  /** Where each segment's chain starts, once known. */
  const starts = new Map<number, { seq: number; prev: string }>();
  let segment: number | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;
  const timer = setInterval(() => {
    if (buffer.length > 0) void flush().catch((error: unknown) => options.onError?.(error));
  }, options.flushIntervalMs ?? 1_000);
  timer.unref();

  const sign = (value: unknown) => (sealer ? sealer.sign(canonicalJson(value)) : '');
  const algorithm = sealer?.algorithm ?? 'none';

  /** The segment to append to: the head's, else the last one listed, else the first. */
  const openSegment = async (): Promise<number> => {
    if (segment !== undefined) return segment;
    let last = 0;
    for await (const entry of store.list(`${prefix}segments/`)) {
      if (entry.kind !== 'object') continue;
      const n = segmentNumber(prefix, entry.key);
      if (n !== undefined && n > last) last = n;
    }
    segment = Math.max(1, last);
    return segment;
  };

  /** Where the chain continues when a segment starts: the previous segment's seal, or the anchor, or genesis. */
  const startOf = async (n: number): Promise<{ seq: number; prev: string }> => {
    if (n > 1) {
      const previous = await store.get(segmentKey(prefix, n - 1)).catch((error: unknown) => {
        if (isStorageError(error, 'NOT_FOUND')) return undefined;
        throw error;
      });
      if (previous) {
        const lines = segmentLines(previous.body);
        const last = lines.length > 0 ? parseLine(lines[lines.length - 1]!) : undefined;
        if (last?.kind === 'seal') return { seq: last.line.seal.lastSeq + 1, prev: last.line.seal.lastHash };
        throw new StorageError('CORRUPT_DATA', `Audit segment ${n - 1} is not sealed, so segment ${n} cannot start; run verifyAuditLog.`, { provider: PROVIDER });
      }
    }
    const anchor = await store.get(`${prefix}anchor.json`).catch(() => undefined);
    if (anchor) {
      const record = JSON.parse(Buffer.from(anchor.body).toString('utf8')) as { anchor: { segment: number; firstSeq: number; prev: string } };
      if (record.anchor.segment === n) return { seq: record.anchor.firstSeq, prev: record.anchor.prev };
    }
    return { seq: 1, prev: GENESIS_HASH };
  };

  /**
   * Appends `events` (as many as fit in the open segment) under the batch id `batch`, and
   * says how many were taken. The same id is used again if the write's outcome was unknown,
   * so a batch that did land is recognised instead of appended twice.
   */
  const appendBatch = async (batch: string, events: AuditEvent[]): Promise<{ taken: number; seq: number; hash: string; segment: number }> => {
    for (;;) {
      const n = await openSegment();
      const start = starts.get(n) ?? (await startOf(n));
      starts.set(n, start);
      type Appended = { sealed: true } | { sealed: false; taken: number; seq: number; hash: string };
      let written: { seq: number; hash: string; count: number; first: number; sealed: boolean } | undefined;
      const outcome = await updateObject<Appended>(store, segmentKey(prefix, n), (current) => {
        // The segment as this writer last left it needs no parsing: only its new lines are built.
        const mine = current !== undefined && tail?.segment === n && tail.etag === current.info.etag ? tail : undefined;
        const lines = current && !mine ? segmentLines(current.body) : [];
        let seq = mine ? mine.seq : start.seq - 1;
        let prev = mine ? mine.hash : start.prev;
        let count = mine ? mine.count : 0;
        for (const text of lines) {
          const parsed = parseLine(text);
          if (parsed.kind === 'seal') return { result: { sealed: true } };
          if (parsed.kind === 'bad') throw new StorageError('CORRUPT_DATA', `Audit segment ${n} has a line that ${parsed.reason}; run verifyAuditLog before writing more.`, { provider: PROVIDER });
          // A replay of this very batch after a lost answer: it is already stored.
          if (parsed.line.batch === batch) return { result: { sealed: false, taken: countBatch(lines, batch), seq: lastSeq(lines), hash: lastHash(lines) } };
          seq = parsed.line.seq;
          prev = parsed.line.hash;
          count++;
        }
        const out: string[] = [];
        let firstOfSegment = mine ? mine.first : (firstSeqOf(lines) ?? (count === 0 ? start.seq : undefined));
        const taken = events.slice(0, Math.max(0, segmentEntries - count));
        // A full segment that lacks its seal (a writer died between its last entry and the seal) is sealed now, with nothing added.
        for (const event of taken) {
          seq++;
          const base = { seq, prev, batch, ...(key ? { enc: encryptEvent(event, key, seq) } : { event: compactEvent(event) }) };
          const hash = entryHash(base);
          out.push(JSON.stringify({ ...base, hash }));
          prev = hash;
          count++;
          firstOfSegment ??= seq;
        }
        if (count >= segmentEntries) {
          const first = firstOfSegment ?? firstSeqOf(lines) ?? seq;
          const seal: SealLine['seal'] = { segment: n, firstSeq: first, lastSeq: seq, lastHash: prev, sealedAt: new Date().toISOString(), algorithm };
          out.push(JSON.stringify({ seal, sig: sign(seal) }));
        }
        const added = Buffer.from(out.join('\n') + '\n', 'utf8');
        const body = current ? Buffer.concat([current.body, added]) : added;
        written = { seq, hash: prev, count, first: firstOfSegment ?? firstSeqOf(lines) ?? seq, sealed: count >= segmentEntries };
        return { body, contentType: 'application/x-ndjson', result: { sealed: false, taken: taken.length, seq, hash: prev } };
      });
      tail = outcome.info && written && !written.sealed ? { segment: n, etag: outcome.info.etag, ...written } : undefined;
      // This write sealed the segment: the next flush starts the next one.
      if (written?.sealed) segment = n + 1;
      const result = outcome.result;
      if (result.sealed) {
        // Another writer sealed it: move on to the next segment.
        segment = n + 1;
        continue;
      }
      return { taken: result.taken, seq: result.seq, hash: result.hash, segment: n };
    }
  };

  const advanceHead = async (tail: { seq: number; hash: string; segment: number }) => {
    await updateObject(store, `${prefix}head.json`, (current) => {
      if (current) {
        const existing = JSON.parse(Buffer.from(current.body).toString('utf8')) as HeadRecord;
        if (existing.head.seq >= tail.seq) return { result: undefined };
      }
      const head: HeadRecord['head'] = { segment: tail.segment, seq: tail.seq, hash: tail.hash, updatedAt: new Date().toISOString(), algorithm };
      return { body: JSON.stringify({ head, sig: sign(head) }), contentType: 'application/json', result: undefined };
    });
  };

  // The batch id of the events at the front of the buffer, kept until they are known stored.
  let frontBatch: string | undefined;
  const flush = (): Promise<void> => {
    const run = flushing.then(async () => {
      while (buffer.length > 0) {
        frontBatch ??= randomUUID();
        const tail = await appendBatch(frontBatch, buffer.slice(0, Math.max(maxBuffered, 1)));
        buffer = buffer.slice(tail.taken);
        frontBatch = undefined;
        await advanceHead(tail);
      }
    });
    flushing = run.catch(() => undefined);
    return run;
  };

  return {
    record(event: AuditEvent) {
      if (closed) throw new StorageError('INVALID_ARGUMENT', 'The audit log was closed; open a new one.', { provider: PROVIDER });
      buffer.push(event);
      if (buffer.length >= maxBuffered) void flush().catch((error: unknown) => options.onError?.(error));
    },
    flush,
    async close() {
      clearInterval(timer);
      closed = true;
      await flush();
    },
    get pending() {
      return buffer.length;
    },
  };
}

function countBatch(lines: string[], batch: string): number {
  let n = 0;
  for (const text of lines) {
    const parsed = parseLine(text);
    if (parsed.kind === 'entry' && parsed.line.batch === batch) n++;
  }
  return n;
}

function lastSeq(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = parseLine(lines[i]!);
    if (parsed.kind === 'entry') return parsed.line.seq;
  }
  return 0;
}

function lastHash(lines: string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = parseLine(lines[i]!);
    if (parsed.kind === 'entry') return parsed.line.hash;
  }
  return GENESIS_HASH;
}

function firstSeqOf(lines: string[]): number | undefined {
  for (const text of lines) {
    const parsed = parseLine(text);
    if (parsed.kind === 'entry') return parsed.line.seq;
  }
  return undefined;
}

/** `audit` -> `audit/`; the empty prefix stays empty. */
export function normalisePrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** Reads a whole object as text, for the verifier and readers. */
export async function readText(store: ObjectStore, key: string): Promise<string | undefined> {
  try {
    const { body } = await store.get(key);
    return Buffer.from(body).toString('utf8');
  } catch (error) {
    if (isStorageError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}
