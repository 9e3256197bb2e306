import { createServer } from 'node:http';
import { listenOnLoopback } from '@agentmap/test-servers';
import { SMTPServer } from 'smtp-server';

/** A request an HTTP alert endpoint received. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * A local HTTP endpoint standing in for a webhook, Slack or PagerDuty: records each POST and
 * answers with the next scripted status (then 2xx), with `Retry-After` when scripted.
 * PagerDuty's Events v2 answers 202 with `{ status, message, dedup_key }`, so does this.
 */
export async function startHttpEndpoint() {
  const received: Received[] = [];
  const script: Array<{ status: number; retryAfter?: string; hang?: boolean }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text.
      }
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      const next = script.shift();
      if (next?.hang) return;
      if (next && next.status >= 300) {
        res.writeHead(next.status, { 'content-type': 'application/json', ...(next.retryAfter ? { 'retry-after': next.retryAfter } : {}) });
        return res.end(JSON.stringify({ error: 'scripted failure' }));
      }
      if (req.url?.startsWith('/v2/enqueue')) {
        res.writeHead(202, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (body as { dedup_key?: string }).dedup_key }));
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  const listener = await listenOnLoopback(server);
  return { ...listener, received, script };
}

/** An SMTP server on a loopback port that accepts one user, records each message, and can answer scripted failures. */
export async function startSmtpServer(user = 'alerts', pass = 'smtp-secret-pass') {
  const messages: Array<{ from: string; to: string[]; raw: string }> = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) return callback(null, { user });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = failures.shift();
        if (code) return callback(Object.assign(new Error('scripted failure'), { responseCode: code }));
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    messages,
    failures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
