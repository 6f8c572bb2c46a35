// The events children hand to handlers, built with the local host so they match what the platform sends.
import { type HttpEvent, httpEventFromRequest, type TimerEvent, timerEvent } from '../../local/host/index.ts';

export function listVersionsEvent(keyId: string): HttpEvent {
  return httpEventFromRequest({
    method: 'GET',
    url: `/list-versions?keyId=${encodeURIComponent(keyId)}`,
    headers: { accept: 'application/json', 'user-agent': 'kms-version-guard-bench' },
  });
}

export function cancelEvent(keyId: string, versionId: string): HttpEvent {
  return httpEventFromRequest({
    method: 'POST',
    url: '/cancel-version-destruction',
    headers: { 'content-type': 'application/json', 'user-agent': 'kms-version-guard-bench' },
    body: JSON.stringify({ keyId, versionId }),
  });
}

/** A timer with no payload: the sweep covers KMS_KEY_IDS. */
export function sweepEvent(): TimerEvent {
  return timerEvent();
}
