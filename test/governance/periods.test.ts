import assert from 'node:assert/strict';
import { indicatorsFromCounts } from '../../core/indicators';
import type { ImprovementAction } from '../../core/learning';
import { lastCompletePeriod, parseQuarter, parseYear, PeriodError, periodDateRange, previousQuarters, quarterOf } from '../../core/reports/periods';
import { quietServices, summariseImprovements } from '../../core/reports/summaries';
import { sampleOrg } from '../../bench/generate-cases';

describe('governance: reporting periods', () => {
  it('aligns quarters and years to an April reporting year by default', () => {
    const q = parseQuarter('2026/27-Q1', 4);
    assert.deepEqual([q.fromMonth, q.toMonth, q.id], ['2026-04', '2026-06', '2026/27-Q1']);
    assert.equal(q.label, 'April to June 2026 (2026/27 quarter 1)');
    assert.deepEqual(parseQuarter('2027-02', 4), parseQuarter('2026/27-Q4', 4));
    assert.throws(() => parseQuarter('2026-Q4', 4), /ambiguous.*write 2026\/27-Q4 \(January to March 2027\)/);
    const y = parseYear('2025/26', 4);
    assert.deepEqual([y.fromMonth, y.toMonth, y.id], ['2025-04', '2026-03', '2025/26']);
    assert.deepEqual(periodDateRange(parseQuarter('2028/29-Q4', 4)), { from: '2029-01-01', to: '2029-03-31' });
  });

  it('follows another start month (January: calendar years, plain ids)', () => {
    assert.deepEqual([parseYear('2026', 1).fromMonth, parseYear('2026', 1).toMonth, parseYear('2026', 1).id], ['2026-01', '2026-12', '2026']);
    assert.equal(parseQuarter('2026-Q3', 1).fromMonth, '2026-07');
    assert.equal(quarterOf('2026-08', 8).id, '2026/27-Q1');
  });

  it('gives the previous four quarters across a year end, and the last complete period', () => {
    assert.deepEqual(previousQuarters(parseQuarter('2026/27-Q1', 4), 4, 4).map((q) => q.id), ['2025/26-Q1', '2025/26-Q2', '2025/26-Q3', '2025/26-Q4']);
    assert.equal(lastCompletePeriod('quarter', '2026-04-20', 4).id, '2025/26-Q4');
    assert.equal(lastCompletePeriod('year', '2026-04-01', 4).id, '2025/26');
    assert.equal(lastCompletePeriod('year', '2026-03-31', 4).id, '2024/25');
  });

  it('explains a period it cannot read', () => {
    assert.throws(() => parseQuarter('Q1 2026', 4), (e: Error) => e instanceof PeriodError && /write it as 2026\/27-Q1/.test(e.message));
    assert.throws(() => parseYear('2026/28', 4), /28 does not follow 2026; write 2026\/27/);
    assert.throws(() => parseQuarter('2026-13', 4), PeriodError);
  });
});

describe('governance: report summaries', () => {
  const org = sampleOrg();
  const q3 = parseQuarter('2025/26-Q3', 4);
  const base: ImprovementAction = {
    id: 'x', orgId: org.orgId, caseReferences: [], service: 'Waste', description: 'd', status: 'in-progress', createdBy: 'u', createdAt: '2025-09-01T09:00:00Z',
    owner: { kind: 'team', id: 't', displayName: 'T' }, targetDate: '2025-11-30', followUps: [], monitoring: { needed: false }, learningShared: [], events: [],
  };

  it('counts actions as they stood at the end of the quarter: one completed later was still overdue then', () => {
    const lateButDone = { ...base, id: 'late', status: 'completed' as const, completedOn: '2026-01-15' };
    const onTime = { ...base, id: 'ok', status: 'completed' as const, completedOn: '2025-11-20', createdAt: '2025-10-02T09:00:00Z' };
    const future = { ...base, id: 'future', createdAt: '2026-01-05T09:00:00Z' };
    const cancelled = { ...base, id: 'cancel', status: 'cancelled' as const, events: [{ id: 'e', at: '2025-12-01T10:00:00Z', by: 'u', type: 'cancel' as const, summary: 'Cancelled' }] };
    const s = summariseImprovements([lateButDone, onTime, future, cancelled], q3, '2026-04-20');
    assert.deepEqual(s.overdue.map((o) => [o.id, o.daysOverdue]), [['late', 31]]);
    assert.deepEqual([s.opened, s.completed, s.cancelled, s.openAtEnd], [1, 1, 1, 1]);
  });

  it('flags services with none and with few complaints against the median of the others', () => {
    const counts = Object.fromEntries(
      [['Waste', 40], ['Roads', 30], ['Housing', 36], ['Council Tax', 20], ['Social Work', 12], ['Education', 2], ['Planning', 9], ['Libraries', 1]].map(([s, n]) => [`service:${s}`, { 'received.stage1': n as number }]),
    );
    const flagged = quietServices(org, indicatorsFromCounts(counts, org.population));
    assert.deepEqual(flagged.map((f) => `${f.service}:${f.flag}:${f.received}`), ['Education:few:2', 'Libraries:few:1', 'Registrars:none:0']);
  });
});
