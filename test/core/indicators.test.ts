import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WorkingCalendar } from '../../core/calendar';
import {
  addCounts,
  caseContributions,
  computeIndicators,
  countsByMonth,
  countsForPeriod,
  countsFromContributions,
  indicatorsFromCounts,
  monthsOfPeriod,
  subtractCounts,
  type IndicatorCounts,
} from '../../core/indicators';
import type { Case, Contractor } from '../../core/types';
import { OUTCOMES } from '../../core/types';
import { buildCase, type CaseFacts } from '../fixtures/build-case';

const calendar = new WorkingCalendar();
const H = 'Housing';
const W = 'Waste';
const CLEANCO: Contractor = { name: 'CleanCo', kind: 'contractor' };
const LEISURE: Contractor = { name: 'City Leisure Trust', kind: 'aleo' };

/*
 * Working days around Christmas 2026 / New Year 2027 (Scottish bank holidays, no local ones):
 *   Mon 30 Nov St Andrew's Day. Fri 25 Dec Christmas; Sat 26 Dec Boxing Day → substitute Mon 28 Dec.
 *   Fri 1 Jan New Year; Sat 2 Jan → substitute Mon 4 Jan.
 *   So December working days: 1–4, 7–11, 14–18, 21–24, 29–31; January: 5–8, 11–15, 18–22, 25–29.
 * Day counting: the receipt (or escalation) date is day 1 if a working day, else the next working day.
 * The period is 1 Dec 2026 – 31 Jan 2027. "dN" below = closed on working day N of the stage clock.
 */
const FACTS: Record<string, CaseFacts> = {
  // ── Stage 1 only ──
  A01: { received: '2026-12-01', service: H, stage1: { closed: '2026-12-03', outcome: 'upheld' } }, // 1,2,3 → d3, within
  A02: { received: '2026-12-07', service: H, stage1: { closed: '2026-12-11', outcome: 'not-upheld' } }, // Mon–Fri → d5, within (due = day 5)
  A03: { received: '2026-12-14', service: H, stage1: { closed: '2026-12-21', outcome: 'partially-upheld' } }, // 14–18 = 5, 21 → d6, late, no extension
  A04: { received: '2026-12-21', service: W, stage1: { closed: '2026-12-29', outcome: 'resolved' } }, // 21,22,23,24,29 → d5, within over Christmas
  A05: { received: '2026-12-24', service: W, stage1: { closed: '2027-01-06', outcome: 'upheld', extension: 3 } }, // 24,29,30,31,5 Jan,6 → d6, extended, not within
  A06: { received: '2026-12-26', service: W, contractor: CLEANCO, stage1: { closed: '2026-12-31', outcome: 'not-upheld' } }, // Sat → day 1 = Tue 29; 29,30,31 → d3, within
  A07: { received: '2026-12-30', service: H, stage1: { closed: '2027-01-13', outcome: 'partially-upheld', extension: 5 } }, // 30,31,5,6,7,8,11,12,13 → d9, extended (due 14 Jan), NOT within
  A08: { received: '2027-01-01', service: W, contractor: CLEANCO, stage1: { closed: '2027-01-05', outcome: 'resolved' } }, // New Year's Day → day 1 = Tue 5 → d1, within
  A09: { received: '2027-01-11', service: H, contractor: LEISURE, stage1: { closed: '2027-01-15', outcome: 'upheld' } }, // d5, within; an ALEO
  A10: { received: '2027-01-25', service: H, stage1: { closed: '2027-02-01', outcome: 'upheld' } }, // received in period, closed after it: received only
  A11: { received: '2026-11-27', service: H, stage1: { closed: '2026-12-01', outcome: 'not-upheld' } }, // received before the period; 27 Nov, (30 Nov holiday), 1 Dec → d2: closure only
  A12: { received: '2027-01-28', service: W }, // still open at stage 1: received only
  A13: { received: '2026-12-01', service: W, stage1: { closed: '2026-12-08', outcome: 'upheld', extension: 2 } }, // 1,2,3,4,7,8 → d6, extended, not within
  A14: { received: '2026-12-15', service: W, contractor: CLEANCO, stage1: { closed: '2026-12-22', outcome: 'upheld' } }, // 15,16,17,18,21,22 → d6, late, no extension
  A15: { received: '2026-12-31', service: H, stage1: { closed: '2027-01-07', outcome: 'not-upheld' } }, // 31,5,6,7 → d4, within; received Dec, closed Jan
  // ── Direct to stage 2 (20 working days) ──
  D01: { received: '2026-12-02', service: H, stage2: { route: 'direct', closed: '2026-12-31', outcome: 'upheld' } }, // 2–4 (3), 7–11 (8), 14–18 (13), 21–24 (17), 29–31 (20) → d20, within
  D02: { received: '2026-12-14', service: W, contractor: CLEANCO, stage2: { route: 'direct', closed: '2027-01-25', outcome: 'not-upheld', extension: 10 } }, // due d20 = Thu 14 Jan; 15 (21), 18–22 (26), 25 → d27, extended, not within
  D03: { received: '2027-01-05', service: H, stage2: { route: 'direct', closed: '2027-01-15', outcome: 'resolved' } }, // 5–8 (4), 11–15 (9) → d9, within
  D04: { received: '2027-01-18', service: W, stage2: { route: 'direct' } }, // open: received (direct) only
  D05: { received: '2026-11-02', service: H, stage2: { route: 'direct', closed: '2026-12-01', outcome: 'partially-upheld' } }, // Nov 2–27 = 20, (30 Nov holiday), 1 Dec → d21, late; closure only
  // ── Escalated (stage 1, then stage 2 from the escalation date) ──
  E01: { received: '2026-12-01', service: H, stage1: { closed: '2026-12-04', outcome: 'not-upheld' }, stage2: { route: 'escalated', on: '2026-12-07', closed: '2027-01-06', outcome: 'partially-upheld' } }, // s1 d4 within; s2 from Mon 7 Dec: 7–11 (5), 14–18 (10), 21–24 (14), 29–31 (17), 5 Jan (18), 6 → d19, within
  E02: { received: '2026-12-03', service: W, stage1: { closed: '2026-12-09', outcome: 'not-upheld' }, stage2: { route: 'escalated', on: '2026-12-18', closed: '2027-01-26', outcome: 'not-upheld', extension: 5 } }, // s1 3,4,7,8,9 → d5 within; s2 from Fri 18 Dec: due d20 = Wed 20 Jan; 21,22,25,26 → d24, extended, not within
  E03: { received: '2026-11-23', service: H, contractor: CLEANCO, stage1: { closed: '2026-11-27', outcome: 'not-upheld' }, stage2: { route: 'escalated', on: '2026-12-02', closed: '2026-12-23', outcome: 'upheld' } }, // received & s1 in Nov (not counted); s2 2–4 (3), 7–11 (8), 14–18 (13), 21,22,23 → d16, within
  E04: { received: '2027-01-04', service: H, stage1: { closed: '2027-01-11', outcome: 'resolved' }, stage2: { route: 'escalated', on: '2027-01-12' } }, // received on the 4 Jan substitute holiday → day 1 = Tue 5; 5,6,7,8,11 → d5 within; stage 2 still open
  E05: { received: '2026-12-08', service: W, stage1: { closed: '2026-12-10', outcome: 'partially-upheld' }, stage2: { route: 'escalated', on: '2027-01-11', closed: '2027-02-01', outcome: 'upheld' } }, // s1 d3 within; s2 closed after the period
  // ── Withdrawn ──
  W01: { received: '2026-12-09', service: H, withdrawn: '2026-12-11' }, // withdrawn before any response: counted apart, not received
  W02: { received: '2027-01-05', service: W, withdrawn: '2027-01-06' }, // idem
  W03: { received: '2026-12-10', service: H, stage1: { closed: '2026-12-14', outcome: 'not-upheld' }, stage2: { route: 'escalated', on: '2026-12-15' }, withdrawn: '2026-12-21' }, // s1 10,11,14 → d3 within; withdrawn during stage 2: received + withdrawnAfterStage1
  W04: { received: '2026-11-20', service: H, withdrawn: '2026-12-01' }, // withdrawn counts in the month received (Nov): outside the period
  // ── Not a complaint, compliment, comment ──
  N01: { received: '2026-12-07', service: H, notAComplaint: true },
  N02: { received: '2027-01-13', service: W, notAComplaint: true },
  C01: { received: '2026-12-22', service: H, kind: 'compliment' },
  C02: { received: '2027-01-07', service: W, kind: 'comment' },
};
const CASES: Case[] = Object.entries(FACTS).map(([reference, facts]) => buildCase(reference, facts, calendar));
const PERIOD = { from: '2026-12-01', to: '2027-01-31' };
const POPULATION = 12_000;

describe('complaints performance indicators (hand-worked, Christmas 2026 / New Year 2027)', () => {
  const kpi = computeIndicators(CASES, PERIOD, { population: POPULATION, calendar, narrative: { kpi2ProcessExperience: '78% satisfied' } });

  it('uses at least 30 cases', () => assert.ok(CASES.length >= 30));

  it('KPI 4: received, per 1,000 population, and what is counted apart', () => {
    // Stage 1 received in period: A01–A09, A10, A12–A15 (14; not A11, received in Nov),
    //   E01, E02, E04, E05 (4; not E03, Nov), W03 (withdrawn after its stage 1 response) → 19.
    // Direct stage 2: D01–D04 (4; not D05, Nov). Total 23; 23 / 12,000 × 1,000 = 1.916… → 1.9.
    // Withdrawn before any response: W01, W02 (W04 received in Nov) → 2. Not a complaint: N01, N02.
    assert.deepEqual(kpi.all.kpi4Received, {
      total: 23, stage1: 19, stage2Direct: 4, per1000Population: 1.9,
      withdrawn: 2, withdrawnAfterStage1: 1, notAComplaint: 2, compliments: 1, comments: 1,
    });
  });

  it('KPI 5: closures at each stage as % of all closures', () => {
    // Stage 1 closed in period: A01–A09, A11, A13–A15 (13; A10 closes 1 Feb), E01, E02, E04, E05, W03 (5) → 18.
    // Direct: D01, D02, D03, D05 → 4. Escalated: E01, E02, E03 → 3 (E04 open, E05 closes in Feb, W03 withdrawn).
    // Total 25: 18/25 = 72.0 %, 4/25 = 16.0 %, 3/25 = 12.0 %.
    assert.deepEqual(kpi.all.kpi5Closed, {
      total: 25,
      stage1: { number: 18, percent: 72 },
      stage2Direct: { number: 4, percent: 16 },
      escalated: { number: 3, percent: 12 },
    });
  });

  it('KPI 6: outcomes at each stage', () => {
    // Stage 1 (18): upheld A01 A05 A09 A13 A14 = 5 → 27.8 %; partially A03 A07 E05 = 3 → 16.7 %;
    //   not upheld A02 A06 A11 A15 E01 E02 W03 = 7 → 38.9 %; resolved A04 A08 E04 = 3 → 16.7 %.
    const { stage1, stage2Direct, escalated } = kpi.all.kpi6Outcomes;
    assert.deepEqual(stage1, {
      closed: 18,
      upheld: { number: 5, percent: 27.8 },
      partiallyUpheld: { number: 3, percent: 16.7 },
      notUpheld: { number: 7, percent: 38.9 },
      resolved: { number: 3, percent: 16.7 },
      unrecorded: { number: 0, percent: 0 },
    });
    // Direct (4): D01 upheld, D05 partially, D02 not upheld, D03 resolved → 1 each, 25.0 %.
    for (const key of ['upheld', 'partiallyUpheld', 'notUpheld', 'resolved'] as const) {
      assert.deepEqual(stage2Direct[key], { number: 1, percent: 25 });
    }
    // Escalated (3): E03 upheld, E01 partially, E02 not upheld → 33.3 % each; none resolved.
    assert.deepEqual(escalated.upheld, { number: 1, percent: 33.3 });
    assert.deepEqual(escalated.partiallyUpheld, { number: 1, percent: 33.3 });
    assert.deepEqual(escalated.notUpheld, { number: 1, percent: 33.3 });
    assert.deepEqual(escalated.resolved, { number: 0, percent: 0 });
  });

  it('KPI 7: average working days per stage', () => {
    // Stage 1 days: A01 3, A02 5, A03 6, A04 5, A05 6, A06 3, A07 9, A08 1, A09 5, A11 2, A13 6, A14 6,
    //   A15 4, E01 4, E02 5, E04 5, E05 3, W03 3 → 81 / 18 = 4.5.
    // Direct: D01 20 + D02 27 + D03 9 + D05 21 = 77 / 4 = 19.25 → 19.3. Escalated: 19 + 24 + 16 = 59 / 3 → 19.7.
    assert.deepEqual(kpi.all.kpi7AverageWorkingDays, { stage1: 4.5, stage2Direct: 19.3, escalated: 19.7 });
  });

  it('KPI 8: closed within the standard timescale (extensions do not count)', () => {
    // Stage 1 late: A03 (d6), A05 (d6, extended), A07 (d9, within its extension but still late), A13 (d6), A14 (d6)
    //   → 13 of 18 within = 72.2 %. Direct: D01 (d20), D03 within; D02, D05 late → 2/4 = 50.0 %.
    // Escalated: E01 (d19), E03 (d16) within; E02 (d24) late → 2/3 = 66.7 %.
    assert.deepEqual(kpi.all.kpi8WithinTimescale, {
      stage1: { number: 13, percent: 72.2 },
      stage2Direct: { number: 2, percent: 50 },
      escalated: { number: 2, percent: 66.7 },
    });
  });

  it('KPI 9: extensions authorised per stage', () => {
    // Stage 1: A05, A07, A13 → 3/18 = 16.7 %. Direct: D02 → 1/4 = 25.0 %. Escalated: E02 → 1/3 = 33.3 %.
    assert.deepEqual(kpi.all.kpi9Extended, {
      stage1: { number: 3, percent: 16.7 },
      stage2Direct: { number: 1, percent: 25 },
      escalated: { number: 1, percent: 33.3 },
    });
  });

  it('splits by service', () => {
    const housing = kpi.byService[H];
    const waste = kpi.byService[W];
    assert.deepEqual(Object.keys(kpi.byService), [H, W]);
    // Housing received: A01 A02 A03 A07 A09 A10 A15 E01 E04 W03 (10) + D01 D03 (2) = 12; Waste: A04 A05 A06 A08 A12
    //   A13 A14 E02 E05 (9) + D02 D04 (2) = 11. 12 + 11 = 23. Population applies to the whole organisation only.
    assert.deepEqual(
      [housing.kpi4Received.total, housing.kpi4Received.withdrawn, housing.kpi4Received.notAComplaint, housing.kpi4Received.per1000Population],
      [12, 1, 1, null],
    );
    assert.equal(waste.kpi4Received.total, 11);
    // Housing closures: stage 1 A01 A02 A03 A07 A09 A11 A15 E01 E04 W03 = 10; direct D01 D03 D05 = 3; escalated E01 E03 = 2 → 15.
    assert.deepEqual(housing.kpi5Closed, {
      total: 15,
      stage1: { number: 10, percent: 66.7 },
      stage2Direct: { number: 3, percent: 20 },
      escalated: { number: 2, percent: 13.3 },
    });
    // Housing stage 1 days 3+5+6+9+5+2+4+4+5+3 = 46 / 10 = 4.6; direct (20+9+21)/3 = 16.7; escalated (19+16)/2 = 17.5.
    assert.deepEqual(housing.kpi7AverageWorkingDays, { stage1: 4.6, stage2Direct: 16.7, escalated: 17.5 });
    // Waste stage 1 days 5+6+3+1+6+6+5+3 = 35 / 8 = 4.375 → 4.4; late A05 A13 A14 → 5/8 = 62.5 %; extended A05 A13 → 25.0 %.
    assert.equal(waste.kpi7AverageWorkingDays.stage1, 4.4);
    assert.deepEqual(waste.kpi8WithinTimescale.stage1, { number: 5, percent: 62.5 });
    assert.deepEqual(waste.kpi9Extended.stage1, { number: 2, percent: 25 });
    // Housing stage 1 outcomes: upheld A01 A09; not upheld A02 A11 A15 E01 W03; partially A03 A07; resolved E04.
    assert.deepEqual(
      [housing.kpi6Outcomes.stage1.upheld, housing.kpi6Outcomes.stage1.notUpheld, housing.kpi6Outcomes.stage1.resolved],
      [{ number: 2, percent: 20 }, { number: 5, percent: 50 }, { number: 1, percent: 10 }],
    );
  });

  it('splits contractors/ALEOs apart, all together and one by one', () => {
    // Contractor/ALEO cases: A06 A08 A14 D02 E03 (CleanCo) and A09 (City Leisure Trust, an ALEO).
    // Received in period: A06 A08 A09 A14 (stage 1) + D02 (direct) = 5 (E03 received in Nov).
    // Closures: stage 1 A06 (d3) A08 (d1) A09 (d5) A14 (d6) = 4; direct D02; escalated E03 → 6.
    const all = kpi.contractors;
    assert.equal(all.kpi4Received.total, 5);
    assert.deepEqual(all.kpi5Closed, {
      total: 6,
      stage1: { number: 4, percent: 66.7 },
      stage2Direct: { number: 1, percent: 16.7 },
      escalated: { number: 1, percent: 16.7 },
    });
    // (3 + 1 + 5 + 6) / 4 = 3.75 → 3.8; within: A06 A08 A09 → 75.0 %.
    assert.equal(all.kpi7AverageWorkingDays.stage1, 3.8);
    assert.deepEqual(all.kpi8WithinTimescale.stage1, { number: 3, percent: 75 });
    assert.deepEqual(Object.keys(kpi.byContractor), ['City Leisure Trust', 'CleanCo']);
    const cleanCo = kpi.byContractor.CleanCo;
    // CleanCo stage 1: A06 A08 A14 → (3+1+6)/3 = 3.3; within 2/3 = 66.7 %; D02 extended → 100 %; E03 within → 100 %.
    assert.equal(cleanCo.kpi7AverageWorkingDays.stage1, 3.3);
    assert.deepEqual(cleanCo.kpi8WithinTimescale.stage1, { number: 2, percent: 66.7 });
    assert.deepEqual(cleanCo.kpi9Extended.stage2Direct, { number: 1, percent: 100 });
    assert.deepEqual(cleanCo.kpi8WithinTimescale.escalated, { number: 1, percent: 100 });
    // City Leisure Trust closed nothing at stage 2: averages and percentages are null, never NaN.
    const leisure = kpi.byContractor['City Leisure Trust'];
    assert.equal(leisure.kpi7AverageWorkingDays.stage2Direct, null);
    assert.deepEqual(leisure.kpi8WithinTimescale.escalated, { number: 0, percent: null });
  });

  it('carries the narrative KPIs 1–3 as given, null when absent', () => {
    assert.equal(kpi.kpi2ProcessExperience, '78% satisfied');
    assert.equal(kpi.kpi1LearningFromComplaints, null);
    assert.equal(kpi.population, POPULATION);
  });

  it('gives null per 1,000 without a population, and all-null percentages for an empty period', () => {
    const empty = computeIndicators(CASES, { from: '2025-01', to: '2025-03' }, { calendar });
    assert.equal(empty.all.kpi4Received.per1000Population, null);
    assert.deepEqual(empty.all.kpi5Closed.stage1, { number: 0, percent: null });
    assert.equal(empty.all.kpi7AverageWorkingDays.escalated, null);
    assert.deepEqual(empty.byService, {});
  });

  it('counts a month-only period as whole months', () => {
    // December only: stage 1 closures A01 A02 A03 A04 A06 A11 A13 A14 E01 E02 E05 W03 = 12.
    assert.deepEqual(monthsOfPeriod({ from: '2026-11', to: '2027-02' }), ['2026-11', '2026-12', '2027-01', '2027-02']);
    const december = computeIndicators(CASES, { from: '2026-12', to: '2026-12' }, { calendar });
    assert.equal(december.all.kpi5Closed.stage1.number, 12);
  });
});

// ── Properties: incremental aggregates agree with a recount ──
const day = (offset: number): string => new Date(Date.UTC(2026, 9, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const stageArb = fc.record({
  after: fc.integer({ min: 0, max: 40 }),
  closed: fc.boolean(),
  outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: undefined }),
  extension: fc.integer({ min: 0, max: 5 }),
});
const caseArb = fc
  .record({
    received: fc.integer({ min: 0, max: 180 }),
    service: fc.constantFrom(H, W, 'Roads'),
    contractor: fc.option(fc.constantFrom(CLEANCO, LEISURE), { nil: undefined }),
    kind: fc.constantFrom('complaint', 'complaint', 'complaint', 'compliment', 'comment' as const),
    path: fc.constantFrom('stage1', 'direct', 'escalated'),
    s1: stageArb,
    s2: stageArb,
    gap: fc.integer({ min: 0, max: 20 }),
    withdrawn: fc.boolean(),
    notAComplaint: fc.boolean(),
  })
  .map((r) => {
    const received = day(r.received);
    const s1Closed = day(r.received + r.s1.after);
    const escalatedOn = day(r.received + r.s1.after + r.gap);
    const facts: CaseFacts = { received, service: r.service, contractor: r.contractor, kind: r.kind };
    if (r.path !== 'direct') facts.stage1 = { closed: r.path === 'escalated' || r.s1.closed ? s1Closed : undefined, outcome: r.s1.outcome, extension: r.s1.extension };
    if (r.path !== 'stage1') {
      const start = r.path === 'direct' ? r.received : r.received + r.s1.after + r.gap;
      facts.stage2 = { route: r.path === 'direct' ? 'direct' : 'escalated', on: escalatedOn, closed: r.s2.closed && !r.withdrawn ? day(start + r.s2.after) : undefined, outcome: r.s2.outcome, extension: r.s2.extension };
    }
    if (r.withdrawn) facts.withdrawn = day(r.received + 50);
    facts.notAComplaint = r.notAComplaint && !r.withdrawn;
    return buildCase(`P-${r.received}`, facts, calendar);
  });

describe('indicator aggregates (properties)', () => {
  it('monthly aggregates built case by case, summed over a period, give computeIndicators', () => {
    const months = ['2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05'];
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 25 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (cases, a, b) => {
        // What the store does: one IndicatorCounts per month, each case added as it arrives.
        const store: Record<string, IndicatorCounts> = {};
        for (const c of cases) {
          for (const [month, counts] of Object.entries(countsByMonth(caseContributions(c, calendar)))) {
            store[month] = addCounts(store[month] ?? {}, counts);
          }
        }
        const period = { from: months[Math.min(a, b)], to: months[Math.max(a, b)] };
        const summed = monthsOfPeriod(period).reduce<IndicatorCounts>((sum, month) => addCounts(sum, store[month] ?? {}), {});
        assert.deepEqual(summed, countsForPeriod(cases, period, calendar));
        assert.deepEqual(indicatorsFromCounts(summed, 5000), computeIndicators(cases, period, { population: 5000, calendar }));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the figures consistent: outcomes add up to closures, none exceeds its denominator', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 25 }), (cases) => {
        const kpi = computeIndicators(cases, { from: '2026-10', to: '2027-05' }, { calendar });
        for (const d of [kpi.all, kpi.contractors, ...Object.values(kpi.byService)]) {
          assert.equal(d.kpi5Closed.stage1.number + d.kpi5Closed.stage2Direct.number + d.kpi5Closed.escalated.number, d.kpi5Closed.total);
          for (const key of ['stage1', 'stage2Direct', 'escalated'] as const) {
            const o = d.kpi6Outcomes[key];
            assert.equal(o.upheld.number + o.partiallyUpheld.number + o.notUpheld.number + o.resolved.number + o.unrecorded.number, o.closed);
            assert.ok(d.kpi8WithinTimescale[key].number <= o.closed && d.kpi9Extended[key].number <= o.closed);
            assert.equal(d.kpi7AverageWorkingDays[key] === null, o.closed === 0);
          }
        }
        // Every service's received complaints add up to the organisation's.
        const byService = Object.values(kpi.byService).reduce((sum, d) => sum + d.kpi4Received.total, 0);
        assert.equal(byService, kpi.all.kpi4Received.total);
      }),
      { numRuns: 100 },
    );
  });

  it('adding then subtracting a case gives back the original counts', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 15 }), caseArb, (cases, extra) => {
        const base = countsFromContributions(cases.flatMap((c) => caseContributions(c, calendar)));
        const delta = countsFromContributions(caseContributions(extra, calendar));
        const added = addCounts(base, delta);
        assert.deepEqual(subtractCounts(added, delta), base);
        assert.deepEqual(added, countsFromContributions([...cases, extra].flatMap((c) => caseContributions(c, calendar))));
      }),
      { numRuns: 150 },
    );
  });
});
