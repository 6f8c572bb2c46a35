import * as z from 'zod/mini';
import { DEFAULTS } from '../defaults.ts';
import type { CloudApi } from '../http/cloud-api.ts';
import { listEveryPage } from '../http/paginate.ts';
import { Labels, optionalText, pageOf, RequiredId } from '../http/proto-json.ts';
import { joinUrl } from '../http/url.ts';

const Cloud = z.looseObject({ id: RequiredId, labels: z.optional(Labels), ...optionalText('organizationId', 'name', 'createdAt') });
export type Cloud = z.infer<typeof Cloud>;

const Folder = z.looseObject({ id: RequiredId, labels: z.optional(Labels), ...optionalText('cloudId', 'name', 'status', 'createdAt') });
export type Folder = z.infer<typeof Folder>;

const ListCloudsResponse = pageOf('clouds', Cloud);
const ListFoldersResponse = pageOf('folders', Folder);

const SERVICE = 'Resource Manager';

/** The Resource Manager REST API: the clouds of an organization and the folders of a cloud, every page. */
export class ResourceManagerClient {
  constructor(
    private readonly api: CloudApi,
    /** The base URL, without a trailing slash (the configuration drops it). */
    private readonly endpoint: string,
    private readonly maxPages: number = DEFAULTS.maxPages,
  ) {}

  listClouds(organizationId: string): Promise<Cloud[]> {
    return listEveryPage(this.api, {
      service: SERVICE,
      what: 'ListClouds',
      listing: `ListClouds of organization ${organizationId}`,
      url: (pageToken) =>
        joinUrl(this.endpoint, '/resource-manager/v1/clouds', { organizationId, pageSize: DEFAULTS.listPageSize, pageToken }),
      schema: ListCloudsResponse,
      itemsName: 'clouds',
      maxPages: this.maxPages,
    });
  }

  listFolders(cloudId: string): Promise<Folder[]> {
    return listEveryPage(this.api, {
      service: SERVICE,
      what: 'ListFolders',
      listing: `ListFolders of cloud ${cloudId}`,
      url: (pageToken) => joinUrl(this.endpoint, '/resource-manager/v1/folders', { cloudId, pageSize: DEFAULTS.listPageSize, pageToken }),
      schema: ListFoldersResponse,
      itemsName: 'folders',
      maxPages: this.maxPages,
    });
  }
}
