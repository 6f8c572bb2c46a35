// close() ends promptly even with connections open, so test runs and Ctrl+C never hang.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { test } from 'node:test';
import { startEmulator } from '../../local/emulator/index.ts';
import { KEY, SMALL_SEED, TOKEN } from './helpers.ts';

test('close() with a keep-alive connection open finishes promptly', async () => {
  const emulator = await startEmulator({ seed: SMALL_SEED });
  const agent = new Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    const req = request(`${emulator.url}/kms/v1/keys/${KEY}`, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(Object.values(agent.freeSockets).flat().length, 1, 'the connection is kept alive');
  const started = performance.now();
  await emulator.close();
  assert.ok(performance.now() - started < 500, 'closed without waiting for the keep-alive timeout');
  agent.destroy();
});

test('close() while an answer is held back by latency ends that request too', async () => {
  const emulator = await startEmulator({ seed: SMALL_SEED });
  emulator.faults.add({ latencyMs: 60_000 });
  const pending = fetch(`${emulator.url}/kms/v1/keys/${KEY}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  await emulator.close();
  assert.ok(performance.now() - started < 500);
  await assert.rejects(pending);
});

test('close() twice is harmless, and the port is free afterwards', async () => {
  const emulator = await startEmulator();
  await emulator.close();
  await emulator.close();
  await assert.rejects(fetch(`${emulator.url}/kms/v1/keys/${KEY}`));
  const again = await startEmulator({ port: emulator.port });
  assert.equal(again.port, emulator.port);
  await again.close();
});
