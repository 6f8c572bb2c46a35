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
    return this.listAll(
      'ListClouds',
      `organization ${organizationId}`,
      '/resource-manager/v1/clouds',
      { organizationId },
      ListCloudsResponse,
      'clouds',
    );
  }

  listFolders(cloudId: string): Promise<Folder[]> {
    return this.listAll('ListFolders', `cloud ${cloudId}`, '/resource-manager/v1/folders', { cloudId }, ListFoldersResponse, 'folders');
  }

  /** Every item of a List call, page after page, as many pages as it takes. */
  private listAll<K extends string, T>(
    what: string,
    of: string,
    path: string,
    query: Record<string, string>,
    schema: z.ZodMiniType<{ [P in K]?: T[] } & { nextPageToken?: string }>,
    itemsName: K,
  ): Promise<T[]> {
    return collectPages(
      async (pageToken) => {
        const url = joinUrl(this.endpoint, path, { ...query, pageSize: DEFAULTS.listPageSize, pageToken });
        const body = await this.api.call({ service: SERVICE, what, method: 'GET', url, schema });
        return { items: body[itemsName] ?? [], nextPageToken: body.nextPageToken };
      },
      `${what} of ${of}`,
      this.maxPages,
    );
  }
}
