// Limits and hostile input: the body cap, broken or abandoned requests, closing, and what gets logged.
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { type FunctionHandler, REQUEST_BODY_LIMIT } from '../../local/host/index.ts';
import { echo, json, rawRequest, serve, sleep } from './support.ts';

test('a body over 3.5 MB is answered 413 without calling the function; just under the limit passes', async (t) => {
  let calls = 0;
  const measuring: FunctionHandler = async (event: any) => {
    calls += 1;
    return { statusCode: 200, body: String(event.body.length) };
  };
  const { host } = await serve(t, { measuring });
  const headers = { 'Content-Type': 'application/json' };

  const over = await fetch(`${host.url}/functions/measuring`, { method: 'POST', headers, body: `"${'a'.repeat(REQUEST_BODY_LIMIT - 1)}"` });
  assert.equal(over.status, 413);
  assert.equal((await json(over)).errorType, 'RequestTooLarge');
  assert.equal(calls, 0);

  const underBody = `"${'a'.repeat(REQUEST_BODY_LIMIT - 2)}"`;
  const under = await fetch(`${host.url}/functions/measuring`, { method: 'POST', headers, body: underBody });
  assert.equal(under.status, 200);
  assert.equal(await under.text(), String(underBody.length));
  assert.equal(calls, 1);
});

test('abandoned, oversized and garbage requests do not take the host down', async (t) => {
  let calls = 0;
  const { host, lines } = await serve(t, {
    echo: (event, context) => {
      calls += 1;
      return echo(event, context);
    },
  });

  // A client that announces a body, sends part of it and disappears.
  await new Promise<void>((resolve) => {
    const req = httpRequest(`${host.url}/functions/echo`, { method: 'POST', headers: { 'Content-Length': '1000' }, agent: false });
    req.on('error', () => resolve());
    // Hang up only once the part was flushed and the host had time to read the headers, even on a busy machine.
    req.write('partial', () => setTimeout(() => req.destroy(), 250));
  });
  const deadline = Date.now() + 5000;
  while (!lines.some((line) => line.includes('aborted')) && Date.now() < deadline) await sleep(10);
  assert.ok(
    lines.some((line) => line.includes('POST /functions/echo -> echo aborted')),
    lines.join('\n'),
  );

  const huge = await rawRequest(`${host.url}/functions/echo`, { headers: { 'X-Huge': 'h'.repeat(64 * 1024) } });
  assert.equal(huge.status, 431);

  const garbage = await new Promise<string>((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
  assert.match(garbage, /^HTTP\/1\.1 400/);

  assert.equal(calls, 0);
  assert.equal((await fetch(`${host.url}/functions/echo`)).status, 200, 'still serving');
});

test('close() ends promptly even with keep-alive and in-flight connections', async (t) => {
  const slow: FunctionHandler = async () => {
    await new Promise((resolve) => setTimeout(resolve, 3000).unref());
    return { statusCode: 200, body: 'late' };
  };
  const { host } = await serve(t, { echo, slow });
  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());

  const get = (path: string): Promise<number> =>
    new Promise((resolve, reject) => {
      httpRequest(`${host.url}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
        .on('error', reject)
        .end();
    });
  assert.equal(await get('/functions/echo'), 200); // leaves an idle keep-alive socket behind
  const inFlight = get('/functions/slow').catch((error: Error) => error);
  await sleep(50);

  const startedAt = Date.now();
  await host.close();
  assert.ok(Date.now() - startedAt < 500, `close took ${Date.now() - startedAt}ms`);
  assert.ok((await inFlight) instanceof Error, 'the in-flight request is cut, not left hanging');
  await assert.rejects(fetch(`${host.url}/functions/echo`));
});

test('log lines name method, path, function, status and time, and nothing a caller sent', async (t) => {
  const { host, lines } = await serve(t, { echo }, { token: () => 'iam-secret-token' });
  await (
    await fetch(`${host.url}/functions/echo?q=secret-query`, {
      method: 'POST',
      headers: { Authorization: 'Bearer secret-auth', 'X-Custom': 'secret-header', 'Content-Type': 'application/json' },
      body: '{"secret":"secret-body"}',
    })
  ).text();
  const line = lines.find((entry) => entry.includes('/functions/echo'));
  assert.match(line ?? '', /^\[host\] POST \/functions\/echo -> echo 200 \d+ms$/);
  for (const secret of ['secret-query', 'secret-auth', 'secret-header', 'secret-body', 'iam-secret-token']) {
    assert.ok(!lines.join('\n').includes(secret), `log leaks ${secret}`);
  }
});
