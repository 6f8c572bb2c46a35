import { DEFAULTS } from '../defaults.ts';
import { GuardError } from '../errors/guard-error.ts';
import type { CloudApi } from '../http/cloud-api.ts';
import { listEveryPage } from '../http/paginate.ts';
import type { AttemptBudget } from '../http/retry.ts';
import { joinUrl } from '../http/url.ts';
import { isResourceId } from '../validation/fields.ts';
import {
  ListKeysResponse,
  ListOperationsResponse,
  ListVersionsResponse,
  Operation,
  SymmetricKey,
  type SymmetricKeyVersion,
} from './schemas.ts';

const KMS = 'KMS';

/** Base URLs without a trailing slash (the configuration drops it): a request's URL is base + path. */
interface KmsEndpoints {
  kmsEndpoint: string;
  operationEndpoint: string;
  maxPages?: number;
}

export interface VersionsPage {
  keyVersions: SymmetricKeyVersion[];
  nextPageToken?: string;
}

interface ListAllOptions {
  pageSize?: number;
  /** Start from this page token instead of the first page. */
  pageToken?: string;
  /** Attempts shared with other calls, when this listing is one of several lookups. */
  budget?: AttemptBudget;
}

/** The KMS REST API: only the calls kms-version-guard makes. IDs must be validated before they get here. */
export class KmsClient {
  private readonly kmsEndpoint: string;
  private readonly operationEndpoint: string;
  private readonly maxPages: number;

  constructor(
    readonly api: CloudApi,
    endpoints: KmsEndpoints,
  ) {
    this.kmsEndpoint = endpoints.kmsEndpoint;
    this.operationEndpoint = endpoints.operationEndpoint;
    this.maxPages = endpoints.maxPages ?? DEFAULTS.maxPages;
  }

  async listVersionsPage(
    keyId: string,
    page: { pageSize?: number; pageToken?: string; budget?: AttemptBudget } = {},
  ): Promise<VersionsPage> {
    const url = joinUrl(this.kmsEndpoint, `/kms/v1/keys/${encodeURIComponent(keyId)}/versions`, {
      pageSize: page.pageSize,
      pageToken: page.pageToken,
    });
    const body = await this.api.call({
      service: KMS,
      what: 'ListVersions',
      method: 'GET',
      url,
      schema: ListVersionsResponse,
      budget: page.budget,
    });
    return { keyVersions: body.keyVersions ?? [], ...(body.nextPageToken ? { nextPageToken: body.nextPageToken } : {}) };
  }

  /** Every version of a key (from `pageToken` on, when given), page after page. */
  async listAllVersions(keyId: string, options: ListAllOptions = {}): Promise<SymmetricKeyVersion[]> {
    const pageSize = options.pageSize ?? DEFAULTS.listPageSize;
    return listEveryPage(this.api, {
      service: KMS,
      what: 'ListVersions',
      listing: `ListVersions of key ${keyId}`,
      url: (pageToken) => joinUrl(this.kmsEndpoint, `/kms/v1/keys/${encodeURIComponent(keyId)}/versions`, { pageSize, pageToken }),
      schema: ListVersionsResponse,
      itemsName: 'keyVersions',
      maxPages: this.maxPages,
      firstToken: options.pageToken,
      budget: options.budget,
    });
  }

  async getKey(keyId: string): Promise<SymmetricKey> {
    const url = joinUrl(this.kmsEndpoint, `/kms/v1/keys/${encodeURIComponent(keyId)}`);
    return this.api.call({ service: KMS, what: 'Get', method: 'GET', url, schema: SymmetricKey });
  }

  /** Every key of a folder, page after page. */
  async listKeys(folderId: string): Promise<SymmetricKey[]> {
    return listEveryPage(this.api, {
      service: KMS,
      what: 'List',
      listing: `List keys of folder ${folderId}`,
      url: (pageToken) => joinUrl(this.kmsEndpoint, '/kms/v1/keys', { folderId, pageSize: DEFAULTS.listPageSize, pageToken }),
      schema: ListKeysResponse,
      itemsName: 'keys',
      maxPages: this.maxPages,
    });
  }

  /** Every operation of a key (who scheduled what: `createdBy`), page after page. */
  async listOperations(keyId: string): Promise<Operation[]> {
    return listEveryPage(this.api, {
      service: KMS,
      what: 'ListOperations',
      listing: `ListOperations of key ${keyId}`,
      url: (pageToken) =>
        joinUrl(this.kmsEndpoint, `/kms/v1/keys/${encodeURIComponent(keyId)}/operations`, { pageSize: DEFAULTS.listPageSize, pageToken }),
      schema: ListOperationsResponse,
      itemsName: 'operations',
      maxPages: this.maxPages,
    });
  }

  /**
   * Starts cancelling a version's scheduled destruction; the answer is an Operation. Sent once: after a
   * failure the caller looks the version up before it sends again (see guard/cancel-one.ts).
   */
  async cancelVersionDestruction(keyId: string, versionId: string): Promise<Operation> {
    const url = joinUrl(this.kmsEndpoint, `/kms/v1/keys/${encodeURIComponent(keyId)}:cancelVersionDestruction`);
    return this.api.call({
      service: KMS,
      what: 'CancelVersionDestruction',
      method: 'POST',
      url,
      schema: Operation,
      body: { versionId },
      once: true,
    });
  }

  /**
   * Turns a key's deletion protection on (Update with updateMask deletionProtection); the answer is an
   * Operation. Setting the flag again changes nothing, so a request whose answer was lost is simply sent
   * again by the retry loop.
   */
  async enableDeletionProtection(keyId: string): Promise<Operation> {
    const url = joinUrl(this.kmsEndpoint, `/kms/v1/keys/${encodeURIComponent(keyId)}`);
    return this.api.call({
      service: KMS,
      what: 'Update',
      method: 'PATCH',
      url,
      schema: Operation,
      body: { updateMask: 'deletionProtection', deletionProtection: true },
    });
  }

  async getOperation(operationId: string): Promise<Operation> {
    // The ID comes from a KMS answer, not from our caller; it still must not be able to shape the URL.
    if (!isResourceId(operationId)) {
      throw new GuardError('INTERNAL', 'KMS answered with an operation ID that is not a plain ID');
    }
    const url = joinUrl(this.operationEndpoint, `/operations/${operationId}`);
    return this.api.call({ service: KMS, what: 'GetOperation', method: 'GET', url, schema: Operation });
  }
}
