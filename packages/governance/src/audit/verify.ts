import type { ObjectStore } from '@agentmap/storage-core';
import { normalisePrefix, readText } from './audit-log';
import { canonicalJson } from './canonical-json';
import { type AnchorRecord, GENESIS_HASH, type HeadRecord, entryHash, parseLine, segmentKey, segmentNumber } from './format';
import { type AuditSigning, createSealer } from './signer';

/** One thing wrong with a log: where, and what. */
export interface AuditProblem {
  /** The segment number, when the problem is inside one. */
  segment?: number;
  /** The entry's sequence number, or the line number (1-based) of a line that is not an entry. */
  entry?: number;
  line?: number;
  reason: string;
}

/** What {@link verifyAuditLog} found. */
export interface AuditVerification {
  valid: boolean;
  /** Entries checked. */
  entries: number;
  /** Segments read, and how many of them were sealed. */
  segments: number;
  sealed: number;
  /** False when no key was given: hashes and order were checked, signatures were not. */
  signaturesChecked: boolean;
  problems: AuditProblem[];
}

/** Options of {@link verifyAuditLog}. */
export interface VerifyAuditLogOptions {
  prefix?: string;
  /** The HMAC key, or the Ed25519 public key, the log was sealed with. */
  signing?: AuditSigning;
}

/**
 * Checks a whole audit log: every entry's hash, that each links to the one before it, that
 * sequence numbers run without gaps, that every sealed segment's seal matches its entries and
 * carries a valid signature, and that the signed head is reached (a shorter log was
 * truncated). Problems name the segment and entry, and say what is wrong.
 *
 * ```ts
 * const { valid, problems } = await verifyAuditLog(auditStore, { signing: { hmacKey } });
 * ```
 */
export async function verifyAuditLog(store: ObjectStore, options: VerifyAuditLogOptions = {}): Promise<AuditVerification> {
  const prefix = normalisePrefix(options.prefix ?? 'audit/');
  const sealer = options.signing ? createSealer(options.signing) : undefined;
  const problems: AuditProblem[] = [];
  const checkSignature = (what: string, value: unknown, sig: string, segment?: number) => {
    if (!sealer) return;
    if (!sealer.verify(canonicalJson(value), sig)) problems.push({ ...(segment === undefined ? {} : { segment }), reason: `${what} has an invalid signature` });
  };

  // Where the kept part of the log starts.
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let firstSegment = 1;
  const anchorText = await readText(store, `${prefix}anchor.json`);
  if (anchorText !== undefined) {
    const anchor = safeJson(anchorText) as AnchorRecord | undefined;
    if (!anchor?.anchor) problems.push({ reason: 'the retention anchor is not readable' });
    else {
      checkSignature('the retention anchor', anchor.anchor, anchor.sig);
      ({ segment: firstSegment, firstSeq: expectedSeq, prev: expectedPrev } = anchor.anchor);
    }
  }

  // The signed tail: read first, so the entry it names can be checked on the way.
  let head: HeadRecord['head'] | undefined;
  let headSeen = false;
  const headText = await readText(store, `${prefix}head.json`);
  if (headText !== undefined) {
    const record = safeJson(headText) as HeadRecord | undefined;
    if (!record?.head) problems.push({ reason: 'the head record is not readable' });
    else {
      checkSignature('the head record', record.head, record.sig);
      head = record.head;
    }
  }

  const numbers: number[] = [];
  for await (const entry of store.list(`${prefix}segments/`)) {
    if (entry.kind !== 'object') continue;
    const n = segmentNumber(prefix, entry.key);
    if (n !== undefined && n >= firstSegment) numbers.push(n);
  }
  numbers.sort((a, b) => a - b);

  let entries = 0;
  let sealed = 0;
  let lastHash = expectedPrev;
  let lastSeq = expectedSeq - 1;
  let expectedSegment = firstSegment;
  for (const n of numbers) {
    if (n !== expectedSegment) problems.push({ segment: expectedSegment, reason: `segment ${expectedSegment} is missing (the next one found is ${n})` });
    expectedSegment = n + 1;
    const text = (await readText(store, segmentKey(prefix, n))) ?? '';
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let segmentFirst: number | undefined;
    let sealSeen = false;
    lines.forEach((raw, index) => {
      const parsed = parseLine(raw);
      if (sealSeen) {
        problems.push({ segment: n, line: index + 1, reason: 'a line follows the segment\'s seal' });
        return;
      }
      if (parsed.kind === 'bad') {
        problems.push({ segment: n, line: index + 1, reason: `line ${index + 1} ${parsed.reason}` });
        return;
      }
      if (parsed.kind === 'seal') {
        sealSeen = true;
        sealed++;
        const seal = parsed.line.seal;
        checkSignature(`the seal of segment ${n}`, seal, parsed.line.sig, n);
        if (seal.segment !== n || seal.lastSeq !== lastSeq || seal.lastHash !== lastHash || (segmentFirst !== undefined && seal.firstSeq !== segmentFirst)) {
          problems.push({ segment: n, entry: seal.lastSeq, reason: `the seal of segment ${n} does not match its entries (it covers ${seal.firstSeq}–${seal.lastSeq})` });
        }
        return;
      }
      const entry = parsed.line;
      entries++;
      segmentFirst ??= entry.seq;
      const { hash, ...rest } = entry;
      if (entryHash(rest) !== hash) problems.push({ segment: n, entry: entry.seq, reason: `entry ${entry.seq} was altered (its hash does not match its content)` });
      if (entry.seq !== lastSeq + 1) {
        problems.push({
          segment: n,
          entry: entry.seq,
          reason: entry.seq <= lastSeq ? `entry ${entry.seq} is out of order or repeated (after ${lastSeq})` : `entries ${lastSeq + 1}–${entry.seq - 1} are missing before entry ${entry.seq}`,
        });
      }
      if (entry.prev !== lastHash) problems.push({ segment: n, entry: entry.seq, reason: `entry ${entry.seq} does not link to the entry before it (deleted, inserted or reordered)` });
      if (head && entry.seq === head.seq) {
        headSeen = true;
        if (head.hash !== hash) problems.push({ segment: n, entry: entry.seq, reason: `entry ${entry.seq} is not the one the head recorded` });
      }
      lastSeq = entry.seq;
      lastHash = hash;
    });
    if (!sealSeen && n !== numbers[numbers.length - 1]) problems.push({ segment: n, reason: `segment ${n} is not sealed but is not the last one` });
  }

  if (head && head.seq > lastSeq) problems.push({ entry: lastSeq, reason: `the log ends at entry ${lastSeq} but its head says ${head.seq}: the tail was truncated` });
  else if (head && !headSeen) problems.push({ entry: head.seq, reason: `entry ${head.seq}, which the head recorded, is not in the log` });
  else if (!head && headText === undefined && entries > 0) problems.push({ reason: 'the head record is missing' });

  return { valid: problems.length === 0, entries, segments: numbers.length, sealed, signaturesChecked: sealer !== undefined, problems };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
