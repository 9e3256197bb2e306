import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy } from '../src/index';

describe('fault proxy', () => {
  let received = 0;
  const server = createServer((req, res) => {
    received++;
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(`echo:${body}`));
  });
  let target = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('forwards untouched at rate 0', async () => {
    const proxy = await startFaultProxy({ target });
    const res = await fetch(proxy.url + '/x', { method: 'PUT', body: 'hello' });
    expect(await res.text()).toBe('echo:hello');
    expect(proxy.stats.forwarded).toBe(1);
    await proxy.stop();
  });

  it('answers 503 without reaching the server', async () => {
    const proxy = await startFaultProxy({ target, failureRate: 1, faults: ['unavailable'] });
    const before = received;
    const res = await fetch(proxy.url + '/x', { method: 'PUT', body: 'hello' });
    expect(res.status).toBe(503);
    expect(received).toBe(before);
    await proxy.stop();
  });

  it('resets connections before forwarding, and after the server acted', async () => {
    const proxy = await startFaultProxy({ target, failureRate: 1, faults: ['reset-before'] });
    const before = received;
    await expect(fetch(proxy.url + '/x')).rejects.toThrow();
    expect(received).toBe(before);
    proxy.setFailureRate(0);
    expect((await fetch(proxy.url + '/y')).status).toBe(200);
    await proxy.stop();

    const after = await startFaultProxy({ target, failureRate: 1, faults: ['reset-after'] });
    const mark = received;
    await expect(fetch(after.url + '/z', { method: 'PUT', body: 'landed' })).rejects.toThrow();
    expect(received).toBe(mark + 1);
    await after.stop();
  });

  it('adds latency', async () => {
    const proxy = await startFaultProxy({ target, failureRate: 1, faults: ['latency'], latencyMs: 150 });
    const start = Date.now();
    expect((await fetch(proxy.url + '/x')).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    await proxy.stop();
  });
});
