/** Seeded cases and improvement actions for the report tests, figures counted in memory. */
import { countsByMonth } from '../../core/indicators';
import type { ImprovementAction } from '../../core/learning';
import { reportContributions } from '../../core/reports/contributions';
import type { MonthlyCounts } from '../../core/reports/summaries';
import type { Case } from '../../core/types';
import { generateCaseBatches, MemoCalendar, sampleOrg } from '../../bench/generate-cases';

const generatorOrg = sampleOrg('org-reports', 'Glenmorven Council');
/** The organisation as reported: it also has a service that received no complaints at all. */
export const org = { ...generatorOrg, services: [...generatorOrg.services, 'Trading Standards'] };
export const calendar = new MemoCalendar();
export const TODAY = '2026-04-20';

export function seededCases(count = 1500): Case[] {
  return [...generateCaseBatches(count, count, { org: generatorOrg, calendar, from: '2024-04-01', to: '2026-04-15', today: TODAY, seed: 11 })][0];
}

export function monthlyOf(cases: readonly Case[]): MonthlyCounts {
  return countsByMonth(cases.flatMap((c) => reportContributions(c, calendar)));
}

function action(id: string, changes: Partial<ImprovementAction>): ImprovementAction {
  return {
    id,
    orgId: org.orgId,
    caseReferences: [],
    service: 'Waste',
    description: `Improvement ${id}`,
    status: 'in-progress',
    createdBy: 'u-inv',
    createdAt: '2025-10-06T09:00:00Z',
    authorisedBy: 'u-head',
    authorisedAt: '2025-10-07T09:00:00Z',
    owner: { kind: 'team', id: 'waste-team', displayName: 'Waste operations team' },
    targetDate: '2026-01-30',
    followUps: [],
    monitoring: { needed: false },
    learningShared: [],
    events: [],
    ...changes,
  };
}

/** Actions in and around 2025/26 Q3 (October–December 2025), one leaking a customer's name. */
export function seededActions(cases: readonly Case[]): ImprovementAction[] {
  const withName = cases.find((c) => c.customer.name)!;
  return [
    action('imp-1', {
      status: 'completed',
      completedOn: '2025-11-20',
      description: 'Crews record missed bins on the tablet before leaving the street',
      learningShared: [{ with: 'Waste crews', on: '2025-11-21', recordedBy: 'u-inv' }],
      publication: { youSaid: 'Bins on some streets were missed for weeks.', weDid: 'Crews now record every missed bin before leaving a street, and we check the list daily.', publish: true },
    }),
    action('imp-2', { service: 'Roads', description: 'Pothole reports acknowledged within 2 days', targetDate: '2025-11-15' }),
    action('imp-3', {
      service: 'Housing',
      status: 'completed',
      completedOn: '2025-12-10',
      description: 'Repair appointments confirmed by text message',
      publication: { youSaid: 'You waited in for repairs that did not happen.', weDid: 'We now confirm every repair appointment by text the day before.', publish: true },
    }),
    action('imp-4', {
      service: 'Council Tax',
      status: 'completed',
      completedOn: '2025-12-12',
      caseReferences: [withName.reference],
      publication: { youSaid: `${withName.customer.name} told us letters were confusing.`, weDid: 'We rewrote the reminder letter.', publish: true },
    }),
    action('imp-5', { service: 'Libraries', status: 'proposed', createdAt: '2025-12-01T09:00:00Z', targetDate: '2026-03-31' }),
  ];
}
