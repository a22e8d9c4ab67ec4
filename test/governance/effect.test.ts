/**
 * "Did the improvement work?" and compliments and comments, from hand-worked monthly counts: each
 * counting rule of core/reports/effect.ts has a test named after it.
 */
import assert from 'node:assert/strict';
import { countsByMonth } from '../../core/indicators';
import type { ImprovementAction } from '../../core/learning';
import { reportContributions } from '../../core/reports/contributions';
import { reportDocument, type TableBlock } from '../../core/reports/document';
import { EFFECT_MIN_COMPLAINTS, improvementEffect } from '../../core/reports/effect';
import { buildQuarterlyReport, buildYouSaidWeDid, feedbackSummary } from '../../core/reports/models';
import { parseQuarter } from '../../core/reports/periods';
import type { Case } from '../../core/types';
import { MemoCalendar, sampleOrg } from '../../bench/generate-cases';
import { buildCase } from '../fixtures/build-case';

const calendar = new MemoCalendar();
const org = { ...sampleOrg('org-effect', 'Glenmorven Council'), services: ['Housing', 'Waste'], formerServiceNames: { Refuse: 'Waste' } };

/** A closed complaint with a root cause, closed on `closed` (the root cause's month). */
function withCause(ref: string, service: string, closed: string, category: string): Case {
  const received = `${closed.slice(0, 8)}01`;
  return { ...buildCase(ref, { received, service, stage1: { closed, outcome: 'upheld' } }, calendar), rootCause: { category } };
}

function action(changes: Partial<ImprovementAction>): ImprovementAction {
  return {
    id: 'imp-1',
    orgId: org.orgId,
    caseReferences: [],
    service: 'Waste',
    rootCauseCategory: 'Missed collection',
    description: 'Crews record missed bins before leaving the street',
    status: 'completed',
    completedOn: '2025-11-20',
    createdBy: 'u',
    createdAt: '2025-09-01T09:00:00Z',
    owner: { kind: 'team', id: 't', displayName: 'Waste team' },
    targetDate: '2025-12-01',
    followUps: [],
    monitoring: { needed: false },
    learningShared: [],
    events: [],
    ...changes,
  };
}

/**
 * Hand-worked: the action was completed on 20 November 2025. On 10 February 2026 the last complete
 * month is January, so two months each side: September–October before, December–January after.
 * Waste "Missed collection": 6 before (one under the former name Refuse), 1 in November (neither
 * side), 2 after; plus decoys in another service, another cause and outside the windows.
 */
function cases(): Case[] {
  const list: Case[] = [];
  let n = 0;
  const add = (service: string, closed: string, category = 'Missed collection') => list.push(withCause(`R${++n}`, service, closed, category));
  for (const d of ['2025-09-03', '2025-09-10', '2025-09-24', '2025-10-01', '2025-10-30']) add('Waste', d);
  add('Refuse', '2025-10-15');
  add('Waste', '2025-11-25');
  add('Waste', '2025-12-05');
  add('Waste', '2026-01-20');
  add('Waste', '2025-08-20'); // before the window
  add('Waste', '2026-02-03'); // the month not yet complete
  add('Housing', '2025-09-10');
  add('Waste', '2025-09-11', 'Staff attitude');
  return list;
}

const monthly = countsByMonth(cases().flatMap((c) => reportContributions(c, calendar)));

describe('governance: did the improvement work?', () => {
  it('EFFECT-1 windows: the same whole months each side, the month of completion on neither side, a former service name counted under the current one', () => {
    const e = improvementEffect(action({}), monthly, org, '2026-02-10')!;
    assert.equal(e.months, 2);
    assert.deepEqual(e.before, { fromMonth: '2025-09', toMonth: '2025-10', complaints: 6 });
    assert.deepEqual(e.after, { fromMonth: '2025-12', toMonth: '2026-01', complaints: 2 });
    assert.equal(e.verdict, 'too-few');
  });

  it('EFFECT-2 too early: no whole month after completion yet', () => {
    const e = improvementEffect(action({}), monthly, org, '2025-12-31')!;
    assert.equal(e.verdict, 'too-early');
    assert.equal(e.before, undefined);
  });

  it('EFFECT-3 no root cause: the action cannot be measured', () => {
    assert.equal(improvementEffect(action({ rootCauseCategory: undefined }), monthly, org, '2026-02-10')!.verdict, 'no-root-cause');
    assert.equal(improvementEffect(action({ status: 'in-progress', completedOn: undefined }), monthly, org, '2026-02-10'), undefined, 'only completed actions');
  });

  it(`EFFECT-4 too few to tell: under ${EFFECT_MIN_COMPLAINTS} complaints in both windows together carries a plain caution; at the threshold it does not`, () => {
    const few = improvementEffect(action({}), monthly, org, '2026-02-10')!;
    assert.match(few.statement, /6 complaints about "Missed collection" in Waste in the 2 months before, 2 in the 2 months after\. Caution: fewer than 10 complaints/);
    const more = [...cases(), withCause('X1', 'Waste', '2025-09-04', 'Missed collection'), withCause('X2', 'Waste', '2025-12-09', 'Missed collection')];
    const e = improvementEffect(action({}), countsByMonth(more.flatMap((c) => reportContributions(c, calendar))), org, '2026-02-10')!;
    assert.equal(e.before!.complaints + e.after!.complaints, 10);
    assert.equal(e.verdict, 'fewer');
    assert.doesNotMatch(e.statement, /Caution/);
  });

  it('the quarterly report shows each action completed in the quarter with its effect', () => {
    const report = buildQuarterlyReport({ org, period: parseQuarter('2025/26-Q3', 4), monthly, improvements: [action({}), action({ id: 'imp-2', completedOn: '2026-01-05' })], today: '2026-02-10' });
    assert.deepEqual(report.improvementEffects.map((e) => e.actionId), ['imp-1'], 'imp-2 was completed after the quarter');
    const table = reportDocument(report).sections.find((s) => s.id === 'improvement-effects')!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    assert.deepEqual(table.rows[0].cells.slice(0, 6), ['Waste', 'Missed collection', '2025-11-20', 2, 6, 2]);
  });
});

describe('governance: compliments and comments', () => {
  const feedback = [
    buildCase('K1', { received: '2025-10-02', service: 'Waste', kind: 'compliment' }, calendar),
    buildCase('K2', { received: '2025-11-02', service: 'Refuse', kind: 'compliment' }, calendar),
    buildCase('K3', { received: '2025-12-02', service: 'Housing', kind: 'comment' }, calendar),
    buildCase('K4', { received: '2026-01-02', service: 'Housing', kind: 'compliment' }, calendar),
  ];
  const counts = countsByMonth(feedback.flatMap((c) => reportContributions(c, calendar)));
  const period = parseQuarter('2025/26-Q3', 4);

  it('FEEDBACK-1 counted in the month received, by service (current name), apart from complaints', () => {
    const summary = feedbackSummary({ monthly: counts, period, org });
    assert.equal(summary.compliments, 2);
    assert.equal(summary.comments, 1);
    assert.deepEqual(summary.byService, [
      { service: 'Housing', compliments: 0, comments: 1 },
      { service: 'Waste', compliments: 2, comments: 0 },
    ]);
  });

  it('FEEDBACK-2 only compliments quoted with consent and received in the period are quoted, in "you said, we did" too', () => {
    const quotes = [
      { service: 'Waste', receivedOn: '2025-10-02', text: 'The crew went out of their way to help.' },
      { service: 'Housing', receivedOn: '2026-01-02', text: 'Outside the quarter.' },
    ];
    const report = buildYouSaidWeDid({ org, period, monthly: counts, improvements: [], today: '2026-02-10', quotes }, new Map());
    assert.deepEqual(report.feedback.quotes, [{ service: 'Waste', text: 'The crew went out of their way to help.' }]);
    const section = reportDocument(report).sections.find((s) => s.id === 'compliments-and-comments')!;
    assert.ok(section.blocks.some((b) => b.kind === 'list' && b.items[0] === '“The crew went out of their way to help.” (Waste)'));
  });
});
