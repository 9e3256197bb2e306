import { badRequest } from './http';

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a `multipart/related` body into its parts (RFC 2046 framing, CRLF line ends). */
export function parseMultipart(contentType: string | undefined, body: Buffer): Part[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2]?.trim();
  if (!boundary || !/^multipart\/related/i.test(contentType ?? '')) throw badRequest('A multipart upload needs Content-Type: multipart/related with a boundary.');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) throw badRequest('Malformed multipart body: no boundary found.');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    // Skip the line end after the boundary.
    if (body[at] === 0x0d) at++;
    if (body[at] === 0x0a) at++;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), at);
    if (next === -1) throw badRequest('Malformed multipart body: a part is not terminated.');
    const part = body.subarray(at, next);
    const split = part.indexOf('\r\n\r\n');
    const headerText = split === -1 ? '' : part.subarray(0, split).toString('utf8');
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: split === -1 ? part : part.subarray(split + 4) });
    at = next + 2;
  }
  return parts;
}
