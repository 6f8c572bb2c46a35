import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { asHttpAnswer, invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { startGzipServer } from '../support/misbehaving-kms.ts';

// These tests read what `npm run build` wrote (npm test builds before it runs the tests).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const require = createRequire(import.meta.url);
const functionNames = readdirSync(path.join(ROOT, 'functions')).sort();

function inputsOf(name: string): string[] {
  const meta = JSON.parse(readFileSync(path.join(DIST, 'meta', `${name}.json`), 'utf8')) as { inputs: Record<string, unknown> };
  return Object.keys(meta.inputs);
}

describe('each function has its own bundle', () => {
  for (const name of functionNames) {
    test(`${name}: dist/${name}/index.js exports handler and dist/${name}.zip holds it at the root`, () => {
      const bundle = readFileSync(path.join(DIST, name, 'index.js'));
      const mod = require(path.join(DIST, name, 'index.js')) as { handler?: unknown };
      assert.equal(typeof mod.handler, 'function');
      const files = unzipSync(readFileSync(path.join(DIST, `${name}.zip`)));
      assert.deepEqual(Object.keys(files), ['index.js']);
      assert.ok(Buffer.from(files['index.js']!).equals(bundle), 'the zip holds the same index.js');
    });

    test(`${name}: the bundle holds no code of another function`, () => {
      const inputs = inputsOf(name);
      assert.ok(inputs.includes(`functions/${name}/index.ts`));
      const foreign = inputs.filter((file) => file.startsWith('functions/') && !file.startsWith(`functions/${name}/`));
      assert.deepEqual(foreign, []);
      assert.ok(!inputs.some((file) => file.startsWith('local/') || file.startsWith('test/')), 'no local/ or test/ code');
    });

    test(`${name}: node-fetch's polyfills for older runtimes are left out (Node 20 has them built in)`, () => {
      const polyfills = inputsOf(name).filter((file) =>
        /node_modules\/(web-streams-polyfill|fetch-blob|formdata-polyfill|data-uri-to-buffer|node-domexception)\/|node-fetch\/src\/utils\/(referrer|multipart-parser)\.js$/.test(
          file,
        ),
      );
      assert.deepEqual(polyfills, []);
    });
  }
});

describe('the bundled list-versions against the emulator', () => {
  let kms: Emulator;
  let restoreEnv: () => void;
  const KEY = 'abjbundlekey0000001';
  const bundled = () => require(path.join(DIST, 'list-versions', 'index.js')) as { handler: (e: unknown, c: unknown) => Promise<unknown> };

  before(async () => {
    const seed = generateSeed({ keys: 1, versionsPerKey: 3, idPrefix: 'bnd' });
    seed.keys[0]!.id = KEY;
    kms = await startKms({ seed });
    restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'FATAL' });
  });
  after(async () => {
    restoreEnv();
    await kms.close();
  });

  test('an HTTP event in the documented format (test/events/http-list-versions.json)', async () => {
    const event = JSON.parse(readFileSync(path.join(ROOT, 'test/events/http-list-versions.json'), 'utf8'));
    event.queryStringParameters.keyId = KEY;
    const answer = asHttpAnswer(await bundled().handler(event, invocationContext({ token: TEST_TOKEN })));
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.keyVersions.length, 3);
  });

  test('an API Gateway event (test/events/api-gateway-list-versions.json)', async () => {
    const event = JSON.parse(readFileSync(path.join(ROOT, 'test/events/api-gateway-list-versions.json'), 'utf8'));
    event.params.keyId = KEY;
    event.pathParams.keyId = KEY;
    const answer = asHttpAnswer(await bundled().handler(event, invocationContext({ token: TEST_TOKEN })));
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.keyVersions.length, 3);
  });

  test('a gzip-compressed answer is decoded (node:zlib is loaded only when needed)', async () => {
    const server = await startGzipServer({ keyVersions: [{ id: 'abjv1', keyId: KEY, status: 'ACTIVE' }] });
    const restore = setEnv({ KMS_ENDPOINT: server.url });
    try {
      const result = (await bundled().handler({ keyId: KEY }, invocationContext({ token: TEST_TOKEN }))) as {
        keyVersions: Array<{ id: string }>;
      };
      assert.deepEqual(
        result.keyVersions.map((v) => v.id),
        ['abjv1'],
      );
    } finally {
      restore();
      await server.close();
    }
  });

  test('a direct call', async () => {
    const result = (await bundled().handler({ keyId: KEY }, invocationContext({ token: TEST_TOKEN }))) as { keyVersions: unknown[] };
    assert.equal(result.keyVersions.length, 3);
  });
});
