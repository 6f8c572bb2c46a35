// The progress of a long scan: one line on stderr, rewritten in place and cleared at the end. Shown only
// when stderr is a terminal and the format is not json. A sweep's total is not known in advance (folders
// and keys are found as it goes), so this is a running count, not a bar: a few lines of code rather than
// a progress-bar library, which would also take over the terminal's input that a prompt needs next.
import { ResourceManagerClient } from '../shared/discovery/resource-manager.ts';
import type { Invocation } from '../shared/edge/invocation.ts';
import { KmsClient } from '../shared/kms/client.ts';
import type { SymmetricKey, SymmetricKeyVersion } from '../shared/kms/schemas.ts';

/** Erase the whole line and go back to its start. */
const CLEAR_LINE = '\r\x1b[2K';
/** A terminal is redrawn at most this often. */
const REDRAW_MS = 100;

export interface ScanCounts {
  clouds: number;
  folders: number;
  keys: number;
  versions: number;
  scheduled: number;
}

export class ProgressLine {
  private shown = false;
  private lastDrawn = 0;

  /** `stream` undefined: no progress is shown (stderr is no terminal, or json output). */
  constructor(private readonly stream: NodeJS.WriteStream | undefined) {}

  update(text: string): void {
    if (!this.stream) return;
    const now = Date.now();
    if (this.shown && now - this.lastDrawn < REDRAW_MS) return;
    this.lastDrawn = now;
    this.shown = true;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(CLEAR_LINE + (text.length > width ? `${text.slice(0, width - 1)}…` : text));
  }

  clear(): void {
    if (!this.stream || !this.shown) return;
    this.stream.write(CLEAR_LINE);
    this.shown = false;
  }
}

export function describeCounts(counts: ScanCounts): string {
  return `scanning… ${counts.clouds} clouds, ${counts.folders} folders, ${counts.keys} keys, ${counts.versions} versions; ${counts.scheduled} scheduled`;
}

/**
 * The invocation's KMS and Resource Manager clients, counting each listing as it completes: the sweep is
 * given these, so its progress is seen without any change to the shared sweep (the functions' bundles
 * stay as they are).
 */
export function countingClients(invocation: Invocation, onChange: (counts: ScanCounts) => void) {
  const counts: ScanCounts = { clouds: 0, folders: 0, keys: 0, versions: 0, scheduled: 0 };
  const { api, config } = invocation;

  class CountingKms extends KmsClient {
    override async listKeys(folderId: string): Promise<SymmetricKey[]> {
      const keys = await super.listKeys(folderId);
      counts.folders++;
      onChange(counts);
      return keys;
    }

    override async listAllVersions(...args: Parameters<KmsClient['listAllVersions']>): Promise<SymmetricKeyVersion[]> {
      const versions = await super.listAllVersions(...args);
      counts.keys++;
      counts.versions += versions.length;
      counts.scheduled += versions.filter((version) => version.status === 'SCHEDULED_FOR_DESTRUCTION').length;
      onChange(counts);
      return versions;
    }
  }

  class CountingResourceManager extends ResourceManagerClient {
    override async listFolders(cloudId: string) {
      const folders = await super.listFolders(cloudId);
      counts.clouds++;
      onChange(counts);
      return folders;
    }
  }

  return {
    kms: new CountingKms(api, { kmsEndpoint: config.kmsEndpoint, operationEndpoint: config.operationEndpoint }),
    resourceManager: new CountingResourceManager(api, config.resourceManagerEndpoint),
  };
}
