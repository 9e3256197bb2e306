import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { AuditEvent } from './event';

/** The `prev` of the very first entry of a log. */
export const GENESIS_HASH = '0'.repeat(64);

/** One line of a segment: an event chained to the one before it. */
export interface EntryLine {
  seq: number;
  /** Hash of the previous entry (or {@link GENESIS_HASH}, or the retention anchor's). */
  prev: string;
  /** Random id of the batch the entry was written in: a replayed batch is recognised, not written twice. */
  batch: string;
  /** The event, unless the log encrypts entries. */
  event?: AuditEvent;
  /** The event encrypted (AES-256-GCM, base64url of nonce, ciphertext and tag). */
  enc?: string;
  /** SHA-256 over the canonical JSON of every other field. */
  hash: string;
}

/** The last line of a sealed segment. */
export interface SealLine {
  seal: { segment: number; firstSeq: number; lastSeq: number; lastHash: string; sealedAt: string; algorithm: string };
  /** Signature over the canonical JSON of `seal`; empty when the log is not signed. */
  sig: string;
}

/** The signed checkpoint of the log's tail, updated after every flush: what a truncation is measured against. */
export interface HeadRecord {
  head: { segment: number; seq: number; hash: string; updatedAt: string; algorithm: string };
  sig: string;
}

/** Where the kept part of a log starts after retention deleted older segments. */
export interface AnchorRecord {
  anchor: { segment: number; firstSeq: number; prev: string; createdAt: string; algorithm: string };
  sig: string;
}

/** The hash an entry carries: over everything but `hash`, in canonical JSON. */
export function entryHash(entry: Omit<EntryLine, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

/** Segment keys sort in order: `segments/00000001.jsonl`. */
export function segmentKey(prefix: string, segment: number): string {
  return `${prefix}segments/${String(segment).padStart(8, '0')}.jsonl`;
}

/** The segment number of a segment key, or `undefined` for any other key. */
export function segmentNumber(prefix: string, key: string): number | undefined {
  const match = /^segments\/(\d{8,})\.jsonl$/.exec(key.slice(prefix.length));
  return key.startsWith(prefix) && match ? Number(match[1]) : undefined;
}

/** A parsed segment line: an entry, a seal, or something that is neither. */
export type ParsedLine = { kind: 'entry'; line: EntryLine } | { kind: 'seal'; line: SealLine } | { kind: 'bad'; reason: string };

/** Parses one line of a segment without trusting it. */
export function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'bad', reason: 'is not an object' };
  const record = value as Record<string, unknown>;
  if ('seal' in record) {
    const seal = record.seal as SealLine['seal'] | undefined;
    if (typeof seal !== 'object' || seal === null || typeof record.sig !== 'string') return { kind: 'bad', reason: 'is a malformed seal' };
    return { kind: 'seal', line: record as unknown as SealLine };
  }
  if (typeof record.seq !== 'number' || typeof record.prev !== 'string' || typeof record.hash !== 'string' || typeof record.batch !== 'string') {
    return { kind: 'bad', reason: 'is not an audit entry (seq, prev, batch and hash are required)' };
  }
  return { kind: 'entry', line: record as unknown as EntryLine };
}

/** Splits a segment's bytes into its non-empty lines. */
export function segmentLines(body: Uint8Array): string[] {
  return Buffer.from(body).toString('utf8').split('\n').filter((line) => line.length > 0);
}
