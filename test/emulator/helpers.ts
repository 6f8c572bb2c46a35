// Shared by the emulator tests: start an emulator that closes with the test, and call it over HTTP.
import { type Emulator, type EmulatorOptions, startEmulator } from '../../local/emulator/index.ts';

export const TOKEN = 'emulator-test-token-0123456789';
export const KEY = 'abjkey0000000000001';
export const PRIMARY = 'abjver0000000000003';
export const OLDER = 'abjver0000000000002';
export const SCHEDULED = 'abjver0000000000001';
export const DESTROYED = 'abjver0000000000000';
export const FOLDER = 'b1gfolder0000000001';
export const T0 = '2026-01-10T00:00:00Z';

/** A key with one version of each status; the emulator clock stands at T0. */
export const SMALL_SEED = {
  keys: [
    {
      id: KEY,
      folderId: FOLDER,
      name: 'payments',
      labels: { protect: 'true' },
      defaultAlgorithm: 'AES_256' as const,
      createdAt: '2026-01-01T00:00:00Z',
      versions: [
        { id: DESTROYED, status: 'DESTROYED' as const, createdAt: '2026-01-01T00:00:00Z' },
        {
          id: SCHEDULED,
          status: 'SCHEDULED_FOR_DESTRUCTION' as const,
          createdAt: '2026-01-02T00:00:00Z',
          destroyAt: '2026-01-12T00:00:00Z',
        },
        { id: OLDER, createdAt: '2026-01-03T00:00:00Z' },
        { id: PRIMARY, createdAt: '2026-01-04T00:00:00Z', primary: true },
      ],
    },
    { id: 'abjdenied0000000001', folderId: FOLDER, accessDenied: true },
  ],
};

/** An emulator accepting only TOKEN, its clock at T0, seeded; the caller closes it. */
export async function startSeeded(options: EmulatorOptions = {}): Promise<Emulator> {
  const { seed = SMALL_SEED, ...rest } = options;
  const emulator = await startEmulator({ tokens: [TOKEN], ...rest });
  // The clock is set before seeding, so seeded destroyAt times are judged against T0.
  emulator.clock.set(T0);
  emulator.seed(seed);
  return emulator;
}

/** startSeeded, closed when the test ends. */
export async function startFor(t: { after(fn: () => unknown): void }, options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startSeeded(options);
  t.after(() => emulator.close());
  return emulator;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** A KMS request with TOKEN unless other headers are given; the body is parsed when it is JSON. */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(emulator.url + path, {
    method,
    headers: headers ?? { authorization: `Bearer ${TOKEN}` },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // left as text: some tests expect a body that is not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export const get = (emulator: Emulator, path: string) => call(emulator, 'GET', path);
export const post = (emulator: Emulator, path: string, body?: unknown) => call(emulator, 'POST', path, body);

/** Asserts a KMS error answer (google.rpc.Status with a RequestInfo detail) and returns its message. */
export function errorOf(answer: Answer): { httpStatus: number; code: number; message: string } {
  const body = answer.body as { code?: unknown; message?: unknown; details?: Array<{ '@type'?: string; requestId?: string }> };
  if (typeof body?.code !== 'number' || typeof body.message !== 'string') {
    throw new Error(`not a Status body: ${JSON.stringify(answer.body)}`);
  }
  const info = body.details?.find((detail) => detail['@type'] === 'type.googleapis.com/google.rpc.RequestInfo');
  if (!info?.requestId || info.requestId !== answer.headers.get('x-request-id')) {
    throw new Error(`the RequestInfo detail does not carry the x-request-id header: ${JSON.stringify(answer.body)}`);
  }
  return { httpStatus: answer.status, code: body.code, message: body.message };
}
