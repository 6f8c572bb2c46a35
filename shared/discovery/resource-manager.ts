import * as z from 'zod/mini';
import { DEFAULTS } from '../defaults.ts';
import type { CloudApi } from '../http/cloud-api.ts';
import { Labels, optionalText, pageOf, RequiredId } from '../http/proto-json.ts';
import { joinUrl } from '../http/url.ts';
import { collectPages } from '../kms/paginate.ts';

const Cloud = z.looseObject({ id: RequiredId, labels: z.optional(Labels), ...optionalText('organizationId', 'name', 'createdAt') });
export type Cloud = z.infer<typeof Cloud>;

const Folder = z.looseObject({ id: RequiredId, labels: z.optional(Labels), ...optionalText('cloudId', 'name', 'status', 'createdAt') });
export type Folder = z.infer<typeof Folder>;

const ListCloudsResponse = pageOf('clouds', Cloud);
const ListFoldersResponse = pageOf('folders', Folder);

const SERVICE = 'Resource Manager';

/** The Resource Manager REST API: the clouds of an organization and the folders of a cloud, every page. */
export class ResourceManagerClient {
  private readonly endpoint: string;

  constructor(
    private readonly api: CloudApi,
    endpoint: string,
    private readonly maxPages: number = DEFAULTS.maxPages,
  ) {
    this.endpoint = endpoint.replace(/\/+$/, '');
  }

  listClouds(organizationId: string): Promise<Cloud[]> {
    return collectPages(
      async (pageToken) => {
        const url = joinUrl(this.endpoint, '/resource-manager/v1/clouds', { organizationId, pageSize: DEFAULTS.listPageSize, pageToken });
        const body = await this.api.call({ service: SERVICE, what: 'ListClouds', method: 'GET', url, schema: ListCloudsResponse });
        return { items: body.clouds ?? [], nextPageToken: body.nextPageToken };
      },
      `ListClouds of organization ${organizationId}`,
      this.maxPages,
    );
  }

  listFolders(cloudId: string): Promise<Folder[]> {
    return collectPages(
      async (pageToken) => {
        const url = joinUrl(this.endpoint, '/resource-manager/v1/folders', { cloudId, pageSize: DEFAULTS.listPageSize, pageToken });
        const body = await this.api.call({ service: SERVICE, what: 'ListFolders', method: 'GET', url, schema: ListFoldersResponse });
        return { items: body.folders ?? [], nextPageToken: body.nextPageToken };
      },
      `ListFolders of cloud ${cloudId}`,
      this.maxPages,
    );
  }
}
