/** Hand-built cases in each state a card shows, for rendering tests (the HTTP tests use the real core). */
import type { Case } from '../../core/types';

export function sampleCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: 'CHP-2026-000042',
    orgId: 'org-test',
    kind: 'complaint',
    status: 'stage1',
    channel: 'chat',
    source: { kind: 'chat', messageId: '1700000000000', conversationId: '19:abc@thread.v2', webLink: 'https://teams.microsoft.com/l/message/19:abc/1700000000000' },
    receivedAt: '2026-03-02T09:15:00Z',
    receivedOn: '2026-03-02',
    customer: { withheldDetails: false, anonymous: false, name: 'Morag Campbell', email: 'morag@example.org' },
    nature: 'Bin not collected for three weeks despite two reports; ${not a template} @{nor this}',
    service: 'Waste',
    socialWork: false,
    owner: 'u-handler',
    loggedBy: 'u-handler',
    stage1: { clock: { startedOn: '2026-03-02', standardDue: '2026-03-06', extensionDays: 0, due: '2026-03-06' }, extensions: [] },
    events: [{ id: 'e1', at: '2026-03-02T09:15:00Z', by: 'u-handler', type: 'logged', summary: 'Logged' }],
    ...overrides,
  };
}

export function sampleStage2Case(signOff: 'pending' | 'approved' | 'none'): Case {
  const base = sampleCase({ status: signOff === 'pending' ? 'stage2-signoff' : signOff === 'approved' ? 'stage2-signed-off' : 'stage2' });
  return {
    ...base,
    customer: { withheldDetails: true, anonymous: false },
    stage1: { ...base.stage1!, outcome: 'not-upheld', closedOn: '2026-03-05', actionTaken: 'Explained the schedule' },
    stage2: {
      clock: { startedOn: '2026-03-10', standardDue: '2026-04-07', extensionDays: 0, due: '2026-04-07' },
      extensions: [],
      initiatedOn: '2026-03-10',
      route: 'escalated',
      acknowledgeBy: '2026-03-12',
      signOff:
        signOff === 'none'
          ? undefined
          : {
              author: 'u-investigator',
              requestedAt: '2026-03-30T14:00:00Z',
              draftSummary: 'We found the crew skipped the street on three dates; we apologise and have changed the route.',
              proposedOutcome: 'upheld',
              ...(signOff === 'approved' ? { decision: 'approved' as const, decidedBy: 'u-director', decidedAt: '2026-03-31T10:00:00Z', comments: 'Good.' } : {}),
            },
    },
  };
}

export const SAMPLE_STAFF = [
  { userId: 'u-handler', displayName: 'Hamish Handler' },
  { userId: 'u-investigator', displayName: 'Isla Investigator' },
  { userId: 'u-director', displayName: 'Dana Director' },
];
