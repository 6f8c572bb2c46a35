// What the real-time and metrics probes use to set the stage outside the measured code: schedule
// destructions through the emulator's REST API and read or clear its admin lists, with node:http (never
// the handler's own client, so the handler's connections and JIT state are left alone).
import http from 'node:http';

interface JsonAnswer {
  status: number;
  body: unknown;
}

const agent = new http.Agent({ keepAlive: true });

export function requestJson(method: string, url: string, token?: string, body?: unknown): Promise<JsonAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** The audit event type of a scheduled destruction. */
export const SCHEDULE_EVENT = 'yandex.cloud.audit.kms.ScheduleSymmetricKeyVersionDestruction';

interface OperationBody {
  id: string;
  done?: boolean;
  error?: unknown;
}

/**
 * Schedules one version's destruction and polls its operation (at once, no pause) until it is done, so
 * the version is SCHEDULED_FOR_DESTRUCTION and its DONE audit record exists when this resolves.
 */
export async function scheduleDestruction(kmsUrl: string, token: string, keyId: string, versionId: string): Promise<void> {
  let answer = await requestJson('POST', `${kmsUrl}/kms/v1/keys/${keyId}:scheduleVersionDestruction`, token, {
    versionId,
    pendingPeriod: '604800s',
  });
  if (answer.status !== 200) throw new Error(`scheduling ${keyId}/${versionId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  while (!(answer.body as OperationBody).done) {
    answer = await requestJson('GET', `${kmsUrl}/operations/${(answer.body as OperationBody).id}`, token);
    if (answer.status !== 200) throw new Error(`polling the schedule of ${keyId}/${versionId} answered ${answer.status}`);
  }
  if ((answer.body as OperationBody).error) throw new Error(`scheduling ${keyId}/${versionId} failed: ${JSON.stringify(answer.body)}`);
}

/** The routes of the requests the emulator logged since `DELETE /_emulator/requests`, counted. */
export async function loggedRoutes(emulatorUrl: string): Promise<Record<string, number>> {
  const answer = await requestJson('GET', `${emulatorUrl}/_emulator/requests`);
  const entries = (answer.body as { requests?: Array<{ route?: string }> }).requests ?? [];
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.route ?? 'unrouted'] = (counts[entry.route ?? 'unrouted'] ?? 0) + 1;
  return counts;
}

export async function clearLoggedRequests(emulatorUrl: string): Promise<void> {
  await requestJson('DELETE', `${emulatorUrl}/_emulator/requests`);
}

export interface MeasuredRun<T> {
  value: T;
  ms: number;
  /** process.cpuUsage() over the run, user and system, every thread. */
  cpuMs: number;
  /** The emulator's requests during the run, by route. */
  routes: Record<string, number>;
}

/** Runs `work` with its wall time, its CPU time and the requests the emulator served for it. */
export async function measuredRun<T>(emulatorUrl: string, work: () => Promise<T>): Promise<MeasuredRun<T>> {
  await clearLoggedRequests(emulatorUrl);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000, routes: await loggedRoutes(emulatorUrl) };
}
