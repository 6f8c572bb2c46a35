import type * as z from 'zod/mini';
import { GuardError } from '../errors/guard-error.ts';
import { decodeAnswer } from './decode.ts';
import { collectPages, DEFAULT_MAX_PAGES } from './paginate.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.ts';
import { ListKeysResponse, ListVersionsResponse, Operation, SymmetricKey, type SymmetricKeyVersion } from './schemas.ts';
import { send } from './transport.ts';

export interface KmsClientOptions {
  kmsEndpoint: string;
  operationEndpoint: string;
  /** Returns the IAM token, or throws UNAUTHENTICATED; called once per request, never logged. */
  token: () => string;
  /** Epoch ms by which every request must have finished (the invocation's deadline less a margin). */
  deadlineAt?: number;
  requestTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  maxPages?: number;
}

export interface ClientStats {
  requests: number;
  retries: number;
}

export interface VersionsPage {
  keyVersions: SymmetricKeyVersion[];
  nextPageToken?: string;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const LIST_PAGE_SIZE = 1000;

/** The KMS REST API: only the calls kms-version-guard makes. IDs must be validated before they get here. */
export class KmsClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  private readonly options: KmsClientOptions;

  constructor(options: KmsClientOptions) {
    // Trailing slashes off once, so a URL is endpoint + path.
    this.options = {
      ...options,
      kmsEndpoint: options.kmsEndpoint.replace(/\/+$/, ''),
      operationEndpoint: options.operationEndpoint.replace(/\/+$/, ''),
    };
  }

  async listVersionsPage(keyId: string, page: { pageSize?: number; pageToken?: string } = {}): Promise<VersionsPage> {
    const url = this.kmsUrl(`/kms/v1/keys/${encodeURIComponent(keyId)}/versions`, { pageSize: page.pageSize, pageToken: page.pageToken });
    const body = await this.request('ListVersions', 'GET', url, ListVersionsResponse);
    return { keyVersions: body.keyVersions ?? [], ...(body.nextPageToken ? { nextPageToken: body.nextPageToken } : {}) };
  }

  /** Every version of a key (from `pageToken` on, when given), page after page. */
  async listAllVersions(keyId: string, pageSize = LIST_PAGE_SIZE, pageToken?: string): Promise<SymmetricKeyVersion[]> {
    return collectPages(
      async (token) => {
        const page = await this.listVersionsPage(keyId, { pageSize, pageToken: token });
        return { items: page.keyVersions, nextPageToken: page.nextPageToken };
      },
      `ListVersions of key ${keyId}`,
      this.options.maxPages ?? DEFAULT_MAX_PAGES,
      pageToken,
    );
  }

  async getKey(keyId: string): Promise<SymmetricKey> {
    return this.request('Get', 'GET', this.kmsUrl(`/kms/v1/keys/${encodeURIComponent(keyId)}`), SymmetricKey);
  }

  /** Every key of a folder, page after page. */
  async listKeys(folderId: string): Promise<SymmetricKey[]> {
    return collectPages(
      async (pageToken) => {
        const url = this.kmsUrl('/kms/v1/keys', { folderId, pageSize: LIST_PAGE_SIZE, pageToken });
        const body = await this.request('List', 'GET', url, ListKeysResponse);
        return { items: body.keys ?? [], nextPageToken: body.nextPageToken };
      },
      `List keys of folder ${folderId}`,
      this.options.maxPages ?? DEFAULT_MAX_PAGES,
    );
  }

  /**
   * Starts cancelling a version's scheduled destruction; the answer is an Operation. Sent once: after a
   * failure the caller looks the version up before it sends again (see cancel-one.ts).
   */
  async cancelVersionDestruction(keyId: string, versionId: string): Promise<Operation> {
    const url = this.kmsUrl(`/kms/v1/keys/${encodeURIComponent(keyId)}:cancelVersionDestruction`);
    return this.request('CancelVersionDestruction', 'POST', url, Operation, { versionId }, { once: true });
  }

  get retryPolicy(): RetryPolicy {
    return this.options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  async getOperation(operationId: string): Promise<Operation> {
    // The ID comes from a KMS answer, not from our caller; it still must not be able to shape the URL.
    if (!/^[A-Za-z0-9]{1,50}$/.test(operationId)) {
      throw new GuardError('INTERNAL', 'KMS answered with an operation ID that is not a plain ID');
    }
    return this.request('GetOperation', 'GET', this.operationUrl(`/operations/${operationId}`), Operation);
  }

  /** Milliseconds left before the deadline (Infinity without one). */
  timeLeft(): number {
    return this.options.deadlineAt === undefined ? Infinity : this.options.deadlineAt - Date.now();
  }

  /** Endpoint, path and query as one string: cheaper than URL and URLSearchParams on a sweep's hot path. */
  protected kmsUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
    return joinUrl(this.options.kmsEndpoint, path, query);
  }

  protected operationUrl(path: string): string {
    return joinUrl(this.options.operationEndpoint, path, {});
  }

  protected async request<T>(
    what: string,
    method: 'GET' | 'POST',
    url: string,
    schema: z.ZodMiniType<T>,
    body?: unknown,
    { once = false } = {},
  ): Promise<T> {
    const token = this.options.token();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const deadlineAt = this.options.deadlineAt ?? Infinity;
    return withRetries(
      async () => {
        const timeoutMs = Math.min(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, deadlineAt - Date.now());
        if (timeoutMs <= 0) {
          throw new GuardError('DEADLINE_EXCEEDED', `${what}: not sent, the invocation has no time left`);
        }
        this.stats.requests++;
        const answer = await send({ method, url, headers, body: payload, timeoutMs, what });
        return decodeAnswer(answer, schema, what);
      },
      {
        policy: once ? { ...this.retryPolicy, maxAttempts: 1 } : this.retryPolicy,
        deadlineAt,
        onRetry: () => this.stats.retries++,
      },
    );
  }
}

function joinUrl(endpoint: string, path: string, query: Record<string, string | number | undefined>): string {
  let url = endpoint + path;
  let separator = '?';
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    url += `${separator}${name}=${encodeURIComponent(value)}`;
    separator = '&';
  }
  return url;
}
