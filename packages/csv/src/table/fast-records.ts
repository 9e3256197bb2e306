/**
 * A strict RFC 4180 reader for the common case, several times faster than csv-parse: lines
 * without a quote are split with `String.split`, lines with quotes are read character by
 * character (quoted fields may hold delimiters, doubled quotes and line breaks). It accepts
 * only what csv-parse accepts in the same way and answers `undefined` for anything else (a
 * ragged row, a quote inside an unquoted field, text after a closing quote, an unclosed quote,
 * a bare CR, line endings that differ from the first line's), so the caller can hand those files to csv-parse for its exact error or reading.
 * Blank lines are skipped, as csv-parse's `skip_empty_lines` does. `each` sees every record
 * as soon as it is read (and may change its cells in place), while its strings are still new.
 */
export function fastRecords(text: string, delimiter: string, each?: (record: string[], index: number) => void): FastRecords | undefined {
  const records: string[][] = [];
  // Where each record's text starts and ends (before its line break), for splicing rewrites.
  const starts: number[] = [];
  const ends: number[] = [];
  const end = text.length;
  let width = -1;
  let pos = 0;
  // csv-parse takes the first line's ending as the record separator; a file that mixes them is left to it.
  const firstBreak = text.indexOf('\n');
  const crlf = firstBreak > 0 && text.charCodeAt(firstBreak - 1) === 13;
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = end;
    let stop = lineEnd;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    // Checked where the line ending ends a record (a quoted field may hold any line break).
    const mismatched = lineEnd < end && (stop < lineEnd) !== crlf;
    if (stop === pos) {
      if (mismatched) return undefined;
      pos = lineEnd + 1;
      continue;
    }
    let record: string[];
    const line = text.slice(pos, stop);
    starts.push(pos);
    if (line.indexOf('"') < 0) {
      if (mismatched || line.indexOf('\r') >= 0) return undefined;
      record = line.split(delimiter);
      ends.push(stop);
      pos = lineEnd + 1;
    } else {
      const read = quotedRecord(text, pos, delimiter, crlf);
      if (read === undefined) return undefined;
      record = read.record;
      ends.push(read.end);
      pos = read.next;
    }
    if (width < 0) width = record.length;
    else if (record.length !== width) return undefined;
    each?.(record, records.length);
    records.push(record);
  }
  return { records, starts, ends };
}

/** Records, with the text offsets where each starts and ends (line break excluded). */
export interface FastRecords {
  records: string[][];
  starts: number[];
  ends: number[];
}

/** One record starting at `pos` that holds quotes; `next` is the start of the following line. */
function quotedRecord(text: string, pos: number, delimiter: string, crlf: boolean): { record: string[]; end: number; next: number } | undefined {
  const record: string[] = [];
  const end = text.length;
  const delim = delimiter.charCodeAt(0);
  for (;;) {
    let value: string;
    if (text.charCodeAt(pos) === 34) {
      // A quoted field: runs to the quote not followed by another quote.
      let from = pos + 1;
      value = '';
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return undefined;
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
    } else {
      let at = pos;
      while (at < end) {
        const c = text.charCodeAt(at);
        if (c === delim || c === 10 || c === 13) break;
        if (c === 34) return undefined;
        at++;
      }
      value = text.slice(pos, at);
      pos = at;
    }
    record.push(value);
    if (pos >= end) return { record, end, next: end };
    const c = text.charCodeAt(pos);
    if (c === delim) {
      pos++;
      continue;
    }
    if (c === 10 && !crlf) return { record, end: pos, next: pos + 1 };
    if (c === 13 && crlf && text.charCodeAt(pos + 1) === 10) return { record, end: pos, next: pos + 2 };
    return undefined;
  }
}
