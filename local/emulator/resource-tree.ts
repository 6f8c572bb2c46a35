// The clouds and folders the emulator holds, as Resource Manager shows them to a caller.
import { Code, KmsError } from './grpc-status.ts';
import { type CloudRecord, compareCreated, type FolderRecord } from './resource-records.ts';

export class ResourceTree {
  private clouds: CloudRecord[] = [];
  private cloudsById = new Map<string, CloudRecord>();
  private foldersById = new Map<string, FolderRecord>();

  replace(clouds: CloudRecord[]): void {
    this.clouds = [...clouds].sort(compareCreated);
    this.cloudsById = new Map(clouds.map((cloud) => [cloud.id, cloud]));
    this.foldersById = new Map(clouds.flatMap((cloud) => cloud.folders.map((folder) => [folder.id, folder] as const)));
  }

  all(): CloudRecord[] {
    return this.clouds;
  }

  /** The clouds a caller may see, of one organization or all: access-denied clouds are left out, as for a real caller. */
  visibleClouds(organizationId: string | undefined): CloudRecord[] {
    return this.clouds.filter((cloud) => !cloud.accessDenied && (organizationId === undefined || cloud.organizationId === organizationId));
  }

  cloud(cloudId: string): CloudRecord | undefined {
    return this.cloudsById.get(cloudId);
  }

  folder(folderId: string): FolderRecord | undefined {
    return this.foldersById.get(folderId);
  }

  /** The cloud a request names: the API answers PERMISSION_DENIED alike for one that does not exist and one the caller may not see. */
  requireVisibleCloud(cloudId: string): CloudRecord {
    const cloud = this.cloudsById.get(cloudId);
    if (!cloud || cloud.accessDenied) throw new KmsError(Code.PERMISSION_DENIED, `Permission denied to cloud ${cloudId}`);
    return cloud;
  }

  /** PERMISSION_DENIED for a folder denied by the seed, itself or through its cloud; an unknown folder is not denied. */
  requireFolderAccess(folderId: string): void {
    const folder = this.foldersById.get(folderId);
    if (folder && (folder.accessDenied || this.cloudsById.get(folder.cloudId)?.accessDenied === true)) {
      throw new KmsError(Code.PERMISSION_DENIED, `Permission denied to folder ${folderId}`);
    }
  }

  /** The folder and what holds it (cloud, organization), as far as the seed knows them. */
  lineageOfFolder(folderId: string): string[] {
    const folder = this.foldersById.get(folderId);
    return folder ? [folderId, ...this.lineageOfCloud(folder.cloudId)] : [folderId];
  }

  lineageOfCloud(cloudId: string): string[] {
    const cloud = this.cloudsById.get(cloudId);
    return cloud ? [cloudId, cloud.organizationId] : [cloudId];
  }
}
