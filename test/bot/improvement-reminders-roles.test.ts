/**
 * Improvement actions awaiting authorisation are reminded to whoever the organisation's own role
 * definitions let authorise them — renamed preset roles and added roles included — not to fixed role
 * ids. Through the real path: the daily sweep started by POST /api/jobs/reminders, proactive messages
 * sent to the Bot Connector, cards read back as Teams would show them.
 */
import assert from 'node:assert/strict';
import type { ImprovementAction } from '../../core/learning';
import { presetDefinitions, roleRuleProblems, type RoleDefinition } from '../../core/roles';
import { BotHarness, cardTexts, ORG, ORG_ID, STAFF, type StaffKey } from './botHarness';

function proposal(id: string, service: string): ImprovementAction {
  return {
    id,
    orgId: ORG_ID,
    caseReferences: ['CHP-2026-000001'],
    service,
    description: `Check the missed-bin list every Friday (${id})`,
    status: 'proposed',
    createdBy: 'u-investigator',
    createdAt: '2026-03-01T09:00:00Z',
    owner: { kind: 'officer', id: 'u-investigator', displayName: 'Isla Investigator' },
    targetDate: '2026-06-30',
    followUps: [],
    monitoring: { needed: false },
    learningShared: [],
    events: [],
  };
}

/**
 * The housing association preset (its senior officers act as directors under another id), renamed
 * "Operations managers", and an added "Service lead" who authorises improvement actions in their services.
 */
const SERVICE_LEAD: RoleDefinition = {
  id: 'service-lead',
  name: 'Service lead',
  description: 'Leads a service: manages its complaints and authorises the improvements they lead to.',
  permissions: ['case.read', 'case.update', 'case.assign', 'case.signoff', 'improvement.create', 'improvement.authorise', 'improvement.update'],
  caseScope: 'services',
  socialWork: false,
};
const DEFINITIONS: RoleDefinition[] = [...presetDefinitions('housing-association').map((d) => (d.id === 'senior-officer' ? { ...d, name: 'Operations managers' } : d)), SERVICE_LEAD];

const ROLES_UNDER_DEFINITIONS: Partial<Record<StaffKey, string[]>> = {
  handler: ['customer-service-adviser'],
  investigator: ['investigator'],
  manager: ['complaints-manager'],
  director1: ['service-lead'], // works in Waste and Housing (botHarness), but leads only Waste here
  director2: ['senior-officer'],
  director3: ['investigator'],
  director4: ['management-committee'],
  chief: ['director-head'],
  admin: ['administrator'],
};

describe('bot: improvement reminders follow the organisation’s role definitions', function () {
  this.timeout(90_000);
  const h = new BotHarness();
  const reachable: StaffKey[] = ['investigator', 'manager', 'director1', 'director2', 'director3', 'director4', 'chief'];
  before(async () => {
    await h.start();
    // People the bot can reach have talked to it once (their conversation reference is stored).
    for (const who of reachable) await h.post(h.activity(who, { type: 'message', text: 'hello' }));
  });
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  const sweep = async (today: string) => {
    const res = await fetch(`${h.baseUrl}/api/jobs/reminders`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Dev-User': 'u-admin' }, body: JSON.stringify({ today }) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { bySource: Record<string, number> };
  };
  /** Who received an "awaits authorisation" card about the action. */
  const remindedAbout = (actionId: string) =>
    reachable.filter((who) =>
      h.connector.activities(`a:personal-${STAFF[who].principalId}`).some((a) => {
        const text = cardTexts((a.activity.attachments as { content: unknown }[])[0].content);
        return /awaits authorisation/.test(text) && text.includes(`(${actionId})`);
      }),
    );

  it('with the product’s roles: no head of service for Waste, so those who see every case and may authorise: the complaints manager, the directors and the chief executive', async () => {
    await h.store.improvements.create(proposal('imp-default', 'Waste'));
    await sweep('2026-03-10');
    assert.deepEqual(remindedAbout('imp-default'), ['manager', 'director1', 'director2', 'director3', 'director4', 'chief']);
  });

  it('with renamed and added roles: the service lead of the service first, else the senior officers and the director', async () => {
    const roleAssignments = ORG.roleAssignments.map((a) => {
      const who = (Object.keys(STAFF) as StaffKey[]).find((k) => STAFF[k].principalId === a.principalId)!;
      return { ...a, roles: ROLES_UNDER_DEFINITIONS[who] ?? a.roles, services: who === 'director1' ? ['Waste'] : a.services };
    });
    assert.deepEqual(roleRuleProblems(DEFINITIONS, roleAssignments), []);
    await h.store.orgs.put({ ...ORG, roleAssignments, roleDefinitions: DEFINITIONS });
    await h.store.improvements.create(proposal('imp-waste', 'Waste'));
    await h.store.improvements.create(proposal('imp-housing', 'Housing'));

    const report = await sweep('2026-03-11');
    // The added role leads Waste: only its holder, not the senior officers above them.
    assert.deepEqual(remindedAbout('imp-waste'), ['director1']);
    // Nobody leads Housing: those who may authorise and see every case — the complaints manager, the
    // renamed senior officers and the director (head of the organisation) — not the committee or investigators.
    assert.deepEqual(remindedAbout('imp-housing'), ['manager', 'director2', 'chief']);
    // imp-default (Waste) now goes to the service lead alone, who was already reminded of it: nothing again.
    assert.deepEqual(remindedAbout('imp-default'), []);
    // One for imp-waste, three for imp-housing.
    assert.equal(report.bySource['improvement-actions'], 4, JSON.stringify(report));
  });
});
