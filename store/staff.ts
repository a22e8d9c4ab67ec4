/**
 * The staff directory: everyone who has signed in to an organisation, with the Entra groups their
 * token named. Role assignments may name a group, and group membership is only known at sign-in,
 * so this is how a group's members are found when someone picks an owner for a case. Documents
 * live in the `orgs` container (partition = organisation), `type: 'staff'`, id `staff:<userId>`.
 * An organisation's staff is a few hundred people, so listing and searching read the partition.
 */
import type { Container } from '@azure/cosmos';
import { staffActor, type StaffMember } from '../core/ownership';
import { withFormerServiceNames } from '../core/services';
import type { Actor } from '../core/types';
import { isNotFound } from './errors';
import { safeId } from './ids';
import type { OrgRecord } from './records';

export type { StaffMember } from '../core/ownership';

interface StaffDocument { id: string; orgId: string; type: 'staff'; member: StaffMember }

const staffDocId = (userId: string) => safeId(`staff:${userId}`);
const SEARCH_LIMIT = 25;

export class StaffStore {
  constructor(private readonly container: Container) {}

  async get(orgId: string, userId: string): Promise<StaffMember | undefined> {
    try {
      const { resource } = await this.container.item(staffDocId(userId), orgId).read<StaffDocument>();
      return resource?.member;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(orgId: string): Promise<StaffMember[]> {
    const { resources } = await this.container.items
      .query<StaffDocument>({ query: "SELECT * FROM c WHERE c.type = 'staff'" }, { partitionKey: orgId })
      .fetchAll();
    return resources.map((d) => d.member).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async upsert(orgId: string, member: StaffMember): Promise<void> {
    const doc: StaffDocument = { id: staffDocId(member.userId), orgId, type: 'staff', member };
    await this.container.items.upsert(doc);
  }

  /** People whose name or email contains `text` (any case), at most 25, by name. */
  async search(orgId: string, text: string): Promise<StaffMember[]> {
    const needle = text.trim().toLocaleLowerCase('en-GB');
    if (!needle) return [];
    const matches = (value: string | undefined) => value?.toLocaleLowerCase('en-GB').includes(needle) ?? false;
    return (await this.list(orgId)).filter((m) => matches(m.displayName) || matches(m.email)).slice(0, SEARCH_LIMIT);
  }

  /**
   * The person as a possible owner of the organisation's cases: their direct role assignments and
   * those of the groups they were in when they last signed in. Undefined when they have no role there.
   */
  async actorOf(org: OrgRecord, userId: string): Promise<Actor | undefined> {
    return staffActor(withFormerServiceNames(org.settings, org.roleAssignments), userId, await this.get(org.settings.orgId, userId), org.roleDefinitions);
  }
}
