import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkingCalendar } from '../../core/calendar';
import { CASE_COLUMNS, casesToCsv, formatRowErrors, parseCasesCsv, parseCasesJson, type CaseImportResult } from '../../core/case-format';
import { computeIndicators } from '../../core/indicators';
import type { Case } from '../../core/types';
import { OUTCOMES } from '../../core/types';

const calendar = new WorkingCalendar();
const options = { orgId: 'kirkton', calendar, importedBy: 'importer', importedAt: '2027-02-01T09:00:00Z' };
const example = readFileSync(path.join(__dirname, '../fixtures/cases-example.csv'), 'utf8');
const HEADER = 'reference,kind,date_received,nature,service,stage1_outcome,stage1_closed,stage1_extension_days';

function cases(result: CaseImportResult): Case[] {
  if (!result.ok) assert.fail(`unexpected errors:\n${formatRowErrors(result.errors)}`);
  return result.cases;
}
function errors(result: CaseImportResult) {
  if (result.ok) assert.fail('expected the file to be refused');
  assert.equal('cases' in result, false, 'nothing is half-read');
  return result.errors;
}
const byRef = (list: Case[], reference: string): Case => list.find((c) => c.reference === reference) ?? assert.fail(reference);

describe('case interchange format: reading the example CSV', () => {
  const imported = cases(parseCasesCsv(example, options));

  it('reads every row into a Case of the organisation', () => {
    assert.equal(imported.length, 12);
    assert.ok(imported.every((c) => c.orgId === 'kirkton' && c.loggedBy === 'importer' && c.events[0].type === 'logged'));
  });

  it('computes stage clocks over Christmas and New Year', () => {
    // Received Thu 24 Dec 2026: 24, 29, 30, 31 Dec, 5 Jan = 5th working day; +3 extension → 6, 7, 8 Jan.
    const homeCare = byRef(imported, 'CHP-2026-000106');
    assert.deepEqual(homeCare.stage1?.clock, { startedOn: '2026-12-24', standardDue: '2027-01-05', extensionDays: 3, due: '2027-01-08' });
    assert.equal(homeCare.status, 'stage1-closed');
    assert.equal(homeCare.socialWork, true);
    // Direct stage 2 from Wed 2 Dec: acknowledge by day 3 (4 Dec), respond by day 20 (31 Dec).
    const damp = byRef(imported, 'CHP-2026-000102');
    assert.equal(damp.stage1, undefined);
    assert.equal(damp.stage2?.route, 'direct');
    assert.equal(damp.stage2?.acknowledgeBy, '2026-12-04');
    assert.equal(damp.stage2?.clock.standardDue, '2026-12-31');
    assert.equal(damp.status, 'stage2-closed');
    // Escalated on Mon 21 Dec: stage 2 clock starts on the escalation date.
    const tax = byRef(imported, 'CHP-2026-000104');
    assert.equal(tax.stage2?.clock.startedOn, '2026-12-21');
    assert.equal(tax.stage1?.closedOn, '2026-12-18');
    assert.deepEqual(tax.spso, { referredOn: '2027-02-10', recommendations: [] });
  });

  it('reads statuses, anonymous customers, ALEOs, withdrawals and non-complaints', () => {
    const rude = byRef(imported, 'CHP-2026-000103');
    assert.deepEqual(rude.customer, { withheldDetails: true, anonymous: true });
    assert.deepEqual(rude.contractor, { name: 'City Leisure Trust', kind: 'aleo' });
    assert.equal(rude.receivedAt, '2026-12-07T00:00:00Z');
    assert.equal(byRef(imported, 'CHP-2026-000107').status, 'withdrawn');
    const box = byRef(imported, 'CHP-2027-000001');
    assert.deepEqual([box.kind, box.status, box.notAComplaintReason], ['complaint', 'not-a-complaint', 'A first request for service']);
    const thanks = byRef(imported, 'CHP-2027-000003');
    assert.deepEqual([thanks.kind, thanks.status, thanks.stage1], ['compliment', 'recorded', undefined]);
    assert.equal(byRef(imported, 'CHP-2027-000002').status, 'stage2');
  });

  it('gives indicators from imported history', () => {
    // Received Dec–Jan at stage 1: 101, 103, 104, 105, 106, 2027-002, 2027-004 = 7; direct: 102, 2027-005 = 2.
    // 107 was withdrawn before a response (apart); 2027-001 is not a complaint; 2027-003 a compliment.
    const kpi = computeIndicators(imported, { from: '2026-12', to: '2027-01' }, { calendar, population: 9000 });
    assert.deepEqual(
      [kpi.all.kpi4Received.total, kpi.all.kpi4Received.stage2Direct, kpi.all.kpi4Received.withdrawn, kpi.all.kpi4Received.notAComplaint, kpi.all.kpi4Received.compliments],
      [9, 2, 1, 1, 1],
    );
    // Stage 1 closures: 101 (d3), 103 (d5), 104 (d5), 105 (d5: 21,22,23,24,29), 106 (d7: 24, 29, 30, 31, 5, 6, 7 — extended, late), 2027-002 (d5), 2027-004 (d5).
    assert.deepEqual(kpi.all.kpi8WithinTimescale.stage1, { number: 6, percent: 85.7 });
    assert.deepEqual(kpi.all.kpi9Extended.stage1, { number: 1, percent: 14.3 });
    assert.deepEqual(Object.keys(kpi.byContractor), ['City Leisure Trust', 'Northern Roads Ltd']);
  });

  it('writes CSV that reads back to the same cases, in JSON too', () => {
    const csv = casesToCsv(imported);
    assert.equal(csv.split('\n')[0], CASE_COLUMNS.join(','));
    assert.deepEqual(cases(parseCasesCsv(csv, options)), imported);
    assert.deepEqual(cases(parseCasesJson(JSON.stringify(imported), options)), imported);
  });

  it('exports a case marked not a complaint after its stage 1 clock started without the stage', () => {
    const box = byRef(imported, 'CHP-2027-000001');
    const marked: Case = { ...box, stage1: { clock: { startedOn: '2027-01-05', standardDue: '2027-01-11', extensionDays: 2, due: '2027-01-13' }, extensions: [] } };
    const [again] = cases(parseCasesCsv(casesToCsv([marked]), options));
    assert.deepEqual([again.status, again.stage1, again.notAComplaintReason], ['not-a-complaint', undefined, 'A first request for service']);
  });
});

describe('case interchange format: refusing bad input', () => {
  it('reports every bad row with its row number and reason, and returns no cases', () => {
    const csv = [
      HEADER,
      'R1,complaint,2026-12-01,Late bin,Waste,upheld,2026-12-03,', // row 2: good
      'R2,complaint,2026-13-01,Late bin,Waste,,,', // row 3: no such month
      'R3,complaint,2026-12-01,Late bin,Waste,upheld,2026-12-09,6', // row 4: stage 1 extension above 5
      'R4,complaint,2026-12-10,Late bin,Waste,upheld,2026-12-03,', // row 5: closed before received
      'R1,complaint,2026-12-01,Late bin,Waste,,,', // row 6: duplicate reference
      'R5,grumble,2026-12-01,Late bin,,,,', // row 7: unknown kind, no service
      'R6,complaint,2026-12-01,Late bin,Waste,,2026-12-02,', // row 8: closed without an outcome
    ].join('\n');
    const found = errors(parseCasesCsv(csv, options));
    const summary = found.map((e) => `${e.row}:${e.column}`);
    assert.deepEqual(summary, ['3:date_received', '4:stage1_extension_days', '5:stage1_closed', '6:reference', '7:kind', '7:service', '8:stage1_outcome']);
    assert.match(formatRowErrors(found), /row 4, stage1_extension_days: must be at most 5 working days/);
    assert.match(formatRowErrors(found), /row 6, reference: "R1" is also used in row 2/);
    assert.match(formatRowErrors(found), /row 7, service: service is required/);
  });

  it('checks the stage rules between columns', () => {
    const csv = [
      'reference,date_received,nature,service,anonymous,customer_name,stage1_outcome,stage1_closed,stage2_route,stage2_initiated,withdrawn_on,kind,not_a_complaint_reason',
      'A,2026-12-01,x,Waste,yes,Jo Bloggs,,,,,,,', // anonymous with a name
      'B,2026-12-01,x,Waste,,,upheld,2026-12-02,direct,,,,', // direct stage 2 with a stage 1
      'C,2026-12-01,x,Waste,,,upheld,2026-12-04,escalated,2026-12-03,,,', // escalated before stage 1 closed
      'D,2026-12-01,x,Waste,,,upheld,2026-12-02,,,2026-12-05,,', // withdrawn after closing at stage 1
      'E,2026-12-01,x,Waste,,,,,,,,not-a-complaint,', // no reason given
      'F,2026-12-01,x,Waste,,,upheld,2026-12-02,,,,compliment,', // a compliment with a stage
    ].join('\n');
    const found = errors(parseCasesCsv(csv, options)).map((e) => `${e.row}:${e.column}`);
    assert.deepEqual(found, ['2:customer_name', '3:stage1_outcome', '3:stage1_closed', '4:stage2_initiated', '5:withdrawn_on', '6:not_a_complaint_reason', '7:stage1_outcome', '7:stage1_closed']);
  });

  it('refuses unknown columns and rows with the wrong number of fields', () => {
    const unknownColumn = errors(parseCasesCsv('reference,date_received,nature,service,stage1_outcom\nA,2026-12-01,x,Waste,upheld', options));
    assert.equal(unknownColumn[0].row, 1);
    assert.match(unknownColumn[0].message, /unknown column\(s\) "stage1_outcom"/);
    const ragged = errors(parseCasesCsv('reference,date_received,nature,service\nA,2026-12-01,x,Waste\nB,2026-12-01,x', options));
    assert.deepEqual(ragged, [{ row: 3, message: 'has 3 fields but the header has 4 columns' }]);
    assert.equal(errors(parseCasesCsv('', options))[0].row, 1);
  });

  it('accepts header spelling variants, a BOM, blank lines and Excel yes/no', () => {
    const csv = '\uFEFFReference,Date Received,Nature,Service,Social Work\n\nA,2026-12-01T23:30:00Z,x,Social Work,Y\n';
    const [only] = cases(parseCasesCsv(csv, options));
    assert.deepEqual([only.reference, only.receivedOn, only.socialWork, only.status], ['A', '2026-12-01', true, 'stage1']);
  });

  it('takes the London date of a receipt late on a summer evening, and a bare time as London time', () => {
    const csv = 'reference,date_received,nature,service\nA,2026-07-01T23:30:00Z,x,Waste\nB,2026-07-01T09:00,x,Waste';
    const [a, b] = cases(parseCasesCsv(csv, options));
    assert.equal(a.receivedOn, '2026-07-02');
    assert.equal(b.receivedAt, '2026-07-01T08:00:00Z');
  });
});

describe('case interchange format: JSON', () => {
  it('reads rows with JSON numbers, booleans and nulls', () => {
    const json = JSON.stringify([
      { reference: 'J1', date_received: '2026-12-01', nature: 'x', service: 'Waste', social_work: true, stage1_outcome: 'upheld', stage1_closed: '2026-12-08', stage1_extension_days: 2, contractor: null },
    ]);
    const [j1] = cases(parseCasesJson(json, options));
    assert.deepEqual([j1.socialWork, j1.stage1?.clock.extensionDays, j1.stage1?.clock.due, j1.contractor], [true, 2, '2026-12-09', undefined]);
  });

  it('reports bad items by position, for rows and Case objects alike', () => {
    const [good] = cases(parseCasesCsv('reference,date_received,nature,service\nA,2026-12-01,x,Waste', options));
    const json = JSON.stringify([good, { ...good, reference: 'B', status: 'lost' }, { reference: 'C', date_received: 'soon', nature: 'x', service: 'Waste' }, 42]);
    const found = errors(parseCasesJson(json, options)).map((e) => `${e.row}:${e.column ?? ''}`);
    assert.deepEqual(found, ['2:status', '3:date_received', '4:']);
    assert.equal(errors(parseCasesJson('{"not":"an array"}', options))[0].message, 'expected a JSON array of case rows or Case objects');
    assert.match(errors(parseCasesJson('[{', options))[0].message, /not valid JSON/);
  });
});

describe('case interchange format: round trip (property)', () => {
  const day = (offset: number): string => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  const outcome = fc.constantFrom(...OUTCOMES);
  // Valid rows: stage 1 only, escalated or direct, in any state, with quotes, commas and newlines in the text.
  const rowArb = fc
    .record({
      received: fc.integer({ min: 0, max: 700 }),
      hour: fc.integer({ min: 0, max: 21 }), // 22:15Z in summer is 23:15 in London: still the same London date
      path: fc.constantFrom('open', 'stage1', 'escalated', 'direct', 'withdrawn'),
      gaps: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }),
      o1: outcome,
      o2: fc.option(outcome, { nil: undefined }),
      ext1: fc.integer({ min: 0, max: 5 }),
      ext2: fc.integer({ min: 0, max: 30 }),
      // Newlines in a quoted cell are kept in the multi-line nature; names are single lines (core/text.ts).
      nature: fc
        .tuple(fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== ''), fc.constantFrom('', '\nSecond line', '\n\n"Quoted", after a blank line'))
        .map(([first, rest]) => first + rest),
      service: fc.constantFrom('Housing', 'Waste, Recycling', 'Roads "North"'),
      contractor: fc.option(fc.constantFrom('CleanCo', 'Trust "Ltd", Glasgow'), { nil: undefined }),
    })
    .map((r) => {
      const received = day(r.received);
      const s1 = day(r.received + r.gaps[0]);
      const s2start = r.path === 'direct' ? received : day(r.received + r.gaps[0] + r.gaps[1]);
      const row: Record<string, string> = {
        date_received: `${received}T${String(r.hour).padStart(2, '0')}:15:00Z`, nature: r.nature, service: r.service, contractor: r.contractor ?? '',
        stage1_extension_days: r.path === 'direct' || !r.ext1 ? '' : String(r.ext1),
      };
      if (r.path === 'stage1' || r.path === 'escalated') Object.assign(row, { stage1_outcome: r.o1, stage1_closed: s1 });
      if (r.path === 'escalated' || r.path === 'direct') {
        Object.assign(row, { stage2_route: r.path, stage2_initiated: s2start, stage2_extension_days: r.ext2 ? String(r.ext2) : '' });
        if (r.o2) Object.assign(row, { stage2_outcome: r.o2, stage2_closed: day(r.received + r.gaps[0] + r.gaps[1] + r.gaps[2]) });
      }
      if (r.path === 'withdrawn') row.withdrawn_on = s1;
      return row;
    });

  it('rows read, written and read again give the same cases', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 8 }), (rows) => {
        const json = JSON.stringify(rows.map((row, i) => ({ reference: `R${i}`, ...row })));
        const first = cases(parseCasesJson(json, options));
        const csv = casesToCsv(first);
        assert.deepEqual(cases(parseCasesCsv(csv, options)), first);
      }),
      { numRuns: 100 },
    );
  });
});
