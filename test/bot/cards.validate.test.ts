/**
 * Every card the bot can send, in its realistic variants, validated by the `adaptivecards` package
 * against the schema version the card declares: a property or element newer than that version (as
 * `choices.data` is for 1.5), an unknown one, or any validation error fails the test.
 */
import assert from 'node:assert/strict';
import * as AC from 'adaptivecards';
import { WorkingCalendar } from '../../core/calendar';
import type { ImprovementAction } from '../../core/learning';
import type { Case } from '../../core/types';
import { availableActions } from '../../core/workflow/guards';
import type { CaseActionType } from '../../core/workflow/types';
import { ROLES } from '../../core/types';
import { actorFrom } from '../../server/auth/actor';
import { approvalCard } from '../../bot/cards/approvalCard';
import { caseCard, type Notice } from '../../bot/cards/caseCard';
import { caseList } from '../../bot/cards/caseList';
import { extensionCard } from '../../bot/cards/extensionCard';
import { runningClock } from '../../bot/cards/labels';
import { logForm } from '../../bot/cards/logForm';
import { messageCard, OPEN_LOG_FORM_BUTTON } from '../../bot/cards/messageCard';
import type { AdaptiveCardJson } from '../../bot/cards/render';
import { improvementRemindersFor } from '../../bot/improvement-reminders';
import type { OrgView } from '../../bot/runtime';
import { SAMPLE_STAFF, sampleCase, sampleStage2Case } from './sampleCases';

/** Only hints are advice; every other event (unsupported for the version, unknown, invalid) is a fault. */
const ADVICE = new Set([AC.ValidationEvent.Hint]);

interface Finding {
  event: string;
  message: string;
}

/** Parses the card for the version it declares and collects what the parser and validator report. */
export function validateCard(json: AdaptiveCardJson): { version: string; findings: Finding[] } {
  const version = AC.Version.parse(json.version, new AC.SerializationContext());
  assert.ok(version?.isValid, `the card declares a version the package knows: ${json.version}`);
  assert.ok(version.compareTo(AC.Versions.latest) <= 0, `version ${json.version} is not newer than the package supports (${AC.Versions.latest.toString()})`);
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const findings: Finding[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    if (!ADVICE.has(e.event)) findings.push({ event: AC.ValidationEvent[e.event], message: e.message });
  }
  for (const e of card.validateProperties().validationEvents) {
    if (!ADVICE.has(e.event)) findings.push({ event: AC.ValidationEvent[e.event], message: e.message });
  }
  return { version: json.version, findings };
}

const calendar = new WorkingCalendar();
const NOTICES: (Notice | undefined)[] = [
  undefined,
  { kind: 'success', text: 'Assigned to Isla Investigator.' },
  { kind: 'refused', text: 'You may not approve your own draft.' },
  { kind: 'info', text: 'This message was already logged.' },
  { kind: 'warning', text: 'Due tomorrow.' },
];
const CASES: [string, Case][] = [
  ['stage 1', sampleCase()],
  ['stage 1, no message link, anonymous, unassigned', sampleCase({ source: undefined, owner: undefined, customer: { anonymous: true, withheldDetails: true } })],
  ['stage 2', sampleStage2Case('none')],
  ['stage 2, sign-off pending', sampleStage2Case('pending')],
  ['stage 2, signed off', sampleStage2Case('approved')],
  ['closed at stage 1', sampleCase({ status: 'stage1-closed', stage1: { ...sampleCase().stage1!, outcome: 'upheld', closedOn: '2026-03-05', actionTaken: 'Collected' } })],
  ['withdrawn', sampleCase({ status: 'withdrawn', withdrawnOn: '2026-03-04' })],
  ['not a complaint', sampleCase({ status: 'not-a-complaint', notAComplaintReason: 'A first request for service' })],
];
/** The buttons each role really gets on a case (core availableActions), and none. */
function actionSets(c: Case): [string, readonly CaseActionType[]][] {
  const sets: [string, readonly CaseActionType[]][] = [['no buttons', []]];
  for (const role of ROLES) {
    const actor = actorFrom(role === 'investigator' ? 'u-investigator' : 'u-handler', 'Someone', [{ principalId: 'x', displayName: 'Someone', roles: [role], services: ['Waste'] }]);
    sets.push([`a ${role}'s buttons`, availableActions(c, actor)]);
  }
  return sets;
}

const improvement = (over: Partial<ImprovementAction>): ImprovementAction => ({
  id: 'imp-1',
  orgId: 'org-test',
  caseReferences: ['CHP-2026-000042'],
  service: 'Waste',
  description: 'Change the collection route so no street is skipped.',
  status: 'in-progress',
  createdBy: 'u-handler',
  createdAt: '2026-01-05T10:00:00Z',
  authorisedBy: 'u-director',
  owner: { kind: 'officer', id: 'u-handler', displayName: 'Hamish Handler' },
  targetDate: '2026-02-27',
  followUps: [],
  monitoring: { needed: false },
  learningShared: [],
  events: [],
  ...over,
}) as ImprovementAction;

const VIEW = {
  orgId: 'org-test',
  org: { settings: { orgId: 'org-test' }, roleAssignments: [{ principalId: 'u-director', displayName: 'Dana Director', roles: ['director'], services: [] }] },
  staff: SAMPLE_STAFF,
  members: new Map(),
  calendar,
  teamsIdOf: (id: string) => id,
} as unknown as OrgView;

function everyCard(): [string, AdaptiveCardJson][] {
  const cards: [string, AdaptiveCardJson][] = [];
  for (const [caseName, c] of CASES) {
    for (const [actionsName, actions] of actionSets(c)) {
      for (const notice of NOTICES) {
        const label = `${caseName}, ${actionsName}${notice ? `, ${notice.kind} notice` : ''}`;
        cards.push([`case card: ${label}`, caseCard({ case: c, actions, calendar, today: '2026-03-05', staff: SAMPLE_STAFF, refreshUserIds: ['u-handler'], notice })]);
      }
    }
    cards.push([`case card: ${caseName}, nobody on the staff list, no refresh`, caseCard({ case: c, actions: [], calendar, today: '2026-03-05', staff: [], refreshUserIds: [] })]);
    // The extension card is only sent while a stage's clock runs.
    if (runningClock(c)) {
      cards.push([`extension card: ${caseName}`, extensionCard(c)]);
      cards.push([`extension card: ${caseName}, refused`, extensionCard(c, NOTICES[2])]);
    }
  }
  for (const state of ['pending', 'approved'] as const) {
    for (const notice of NOTICES) {
      for (const actions of [[], ['approve-signoff', 'return-signoff']] as CaseActionType[][]) {
        cards.push([`approval card: ${state}, ${actions.length} buttons${notice ? `, ${notice.kind} notice` : ''}`, approvalCard({ case: sampleStage2Case(state), actions, calendar, today: '2026-03-31', staff: SAMPLE_STAFF, refreshUserIds: ['u-director'], notice })]);
      }
    }
  }
  const message = { messageId: 'm1', conversationId: 'c1', webLink: 'https://teams.microsoft.com/l/message/x', receivedAt: '2026-03-02T09:15:00Z', authorName: 'Morag Campbell', text: 'My bin…' };
  cards.push(['log form: blank, one service', logForm({ services: ['Waste'], now: '2026-03-02T10:00:00Z' })]);
  cards.push(['log form: blank, many services', logForm({ services: Array.from({ length: 40 }, (_, i) => `Service ${i + 1}`), now: '2026-03-02T10:00:00Z' })]);
  cards.push(['log form: from a message', logForm({ services: ['Housing', 'Waste'], now: '2026-03-02T10:00:00Z', message })]);
  cards.push(['log form: from a message with no author or link', logForm({ services: ['Housing'], now: '2026-03-02T10:00:00Z', message: { ...message, authorName: '', webLink: '' } })]);
  cards.push(['case list: several', caseList({ title: 'My cases', emptyText: 'None', cases: CASES.map(([, c]) => c), calendar, today: '2026-03-05', staff: SAMPLE_STAFF })]);
  cards.push(['case list: empty', caseList({ title: 'Overdue', emptyText: 'Nothing is overdue.', cases: [], calendar, today: '2026-03-05', staff: [] })]);
  for (const colour of ['default', 'attention', 'good', 'warning'] as const) {
    cards.push([`message card: ${colour}, lines and a button`, messageCard({ title: 'Hello', colour, lines: ['Say "new complaint"', 'Or press the button'], buttons: [OPEN_LOG_FORM_BUTTON] })]);
  }
  cards.push(['message card: title only', messageCard({ title: 'Not logged' })]);
  const reminders = improvementRemindersFor(
    VIEW,
    [improvement({}), improvement({ id: 'imp-2', targetDate: '2026-03-06', caseReferences: [] }), improvement({ id: 'imp-3', status: 'proposed', authorisedBy: undefined, targetDate: '2026-06-01' })],
    '2026-03-05',
  );
  assert.ok(reminders.length >= 3, `improvement reminders were made: ${reminders.length}`);
  for (const reminder of reminders) cards.push([`improvement reminder: ${reminder.summary}`, reminder.card]);
  return cards;
}

describe('bot cards validate with the adaptivecards package at the version they declare', () => {
  const cards = everyCard();

  it('covers every template in its variants', () => {
    assert.ok(cards.length > 100, `${cards.length} cards`);
  });

  for (const [name, card] of cards) {
    it(name, () => {
      const { version, findings } = validateCard(card);
      assert.deepEqual(findings, [], `${name} (version ${version}): ${JSON.stringify(findings)}`);
    });
  }

  it('the validator itself catches a 1.6 property on a card that declares 1.5, and an unknown element', () => {
    const picker = { type: 'Input.ChoiceSet', id: 'who', choices: [{ title: 'Hamish Handler', value: 'u-handler' }], 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } };
    const older = validateCard({ type: 'AdaptiveCard', version: '1.5', body: [picker] });
    assert.ok(older.findings.some((f) => f.event === 'UnsupportedProperty' && /choices\.data/.test(f.message)), JSON.stringify(older.findings));
    assert.deepEqual(validateCard({ type: 'AdaptiveCard', version: '1.6', body: [picker] }).findings, []);
    const unknown = validateCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Made.Up' }] });
    assert.ok(unknown.findings.length > 0, 'an unknown element is reported');
  });
});
