import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WorkingCalendar } from '../../core/calendar';
import { legacyMappingSchema, luxonDateFormat, readLegacyExport, withReference, type LegacyMapping } from '../../core/legacy-import';
import { EXPORT_FILE, MAPPING_FILE } from '../fixtures/legacy-export';

const SERVICES = ['Waste and Recycling', 'Housing Repairs', 'Council Tax and Benefits', 'Roads and Transport', 'Libraries and Leisure'];
const STAFF = new Set(['demo-handler', 'demo-investigator']);
const options = {
  orgId: 'glenmore',
  calendar: new WorkingCalendar(),
  services: SERVICES,
  ownerProblem: (owner: string) => (STAFF.has(owner) ? undefined : `${owner} is not complaints staff`),
};
const mapping = legacyMappingSchema.parse(JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
const HEADER = readFileSync(EXPORT_FILE, 'utf8').split('\n')[0];
const read = (rows: string[], m: LegacyMapping = mapping) => readLegacyExport([HEADER, ...rows].join('\n'), m, options);
const row = (cells: Partial<Record<string, string>>): string => HEADER.split(',').map((h) => cells[h] ?? '').join(',');
const base = { 'Case Reference': 'R1', 'Case Type': 'Complaint', 'Date Received': '07/04/2025', 'Service Area': 'Refuse Collection', Description: 'Bin missed', Stage: 'Frontline' };

describe('legacy import: reading a previous system’s export through a mapping', () => {
  it('reads the example export: every row a case, their reference kept, product reference still to come', () => {
    const result = readLegacyExport(readFileSync(EXPORT_FILE, 'utf8'), mapping, options);
    assert.deepEqual(result.refused, []);
    assert.equal(result.cases.length, 11);
    assert.ok(result.cases.every((c) => /^COR0001\d\d$/.test(c.legacyReference ?? '') && c.reference.startsWith('LEGACY-ROW-')));
    const given = withReference(result.cases[0], 'CHP-2025-000001');
    assert.equal(given.reference, 'CHP-2025-000001');
    assert.equal(given.events[0].id, 'import:CHP-2025-000001');
  });

  it('maps their outcome words, stage names, channels and services (any letter case), and accepts our own words', () => {
    const result = read([
      row({ ...base, Outcome: 'upheld', 'Date Closed': '08/04/2025', 'Received Via': 'TELEPHONE' }),
      row({ ...base, 'Case Reference': 'R2', 'Service Area': 'Housing Repairs', Outcome: 'resolved', 'Date Closed': '08/04/2025', 'Received Via': 'letter' }),
    ]);
    assert.deepEqual(result.refused, []);
    const [a, b] = result.cases;
    assert.deepEqual([a.service, a.channel, a.stage1?.outcome, a.stage1?.closedOn, a.status], ['Waste and Recycling', 'phone', 'upheld', '2025-04-08', 'stage1-closed']);
    assert.deepEqual([b.service, b.channel, b.stage1?.outcome], ['Housing Repairs', 'letter', 'resolved']);
  });

  it('puts their single outcome and closing date on the stage the case reached: direct or escalated stage 2', () => {
    const result = read([
      row({ ...base, Stage: 'Investigation', Outcome: 'Not Upheld', 'Date Closed': '02/05/2025' }),
      row({ ...base, 'Case Reference': 'R2', Stage: 'Investigation', 'Stage 1 Outcome': 'Upheld', 'Stage 1 Closed': '09/04/2025', 'Escalated On': '10/04/2025', Outcome: 'Resolved', 'Date Closed': '06/05/2025' }),
      row({ ...base, 'Case Reference': 'R3', Stage: 'Investigation' }),
    ]);
    assert.deepEqual(result.refused, []);
    const [direct, escalated, open] = result.cases;
    assert.deepEqual([direct.status, direct.stage1, direct.stage2?.route, direct.stage2?.outcome], ['stage2-closed', undefined, 'direct', 'not-upheld']);
    assert.deepEqual([escalated.stage1?.outcome, escalated.stage2?.route, escalated.stage2?.initiatedOn, escalated.stage2?.outcome], ['upheld', 'escalated', '2025-04-10', 'resolved']);
    assert.deepEqual([open.status, open.stage2?.clock.startedOn], ['stage2', '2025-04-07']);
  });

  it('reads their date format, with or without a time, and ISO dates when none is given', () => {
    assert.equal(luxonDateFormat('dd/mm/yyyy'), 'd/M/yyyy');
    assert.equal(luxonDateFormat('MM/dd/yyyy'), 'M/d/yyyy');
    const result = read([row({ ...base, 'Date Received': '7/4/2025 16:30' })]);
    assert.equal(result.cases[0].receivedAt, '2025-04-07T15:30:00Z');
    const us = read([row({ ...base, 'Date Received': '04/07/2025' })], { ...mapping, dateFormat: 'mm/dd/yyyy' });
    assert.equal(us.cases[0].receivedOn, '2025-04-07');
    const iso = read([row({ ...base, 'Date Received': '2025-04-07' })], { ...mapping, dateFormat: undefined });
    assert.equal(iso.cases[0].receivedOn, '2025-04-07');
    const wrong = read([row({ ...base, 'Date Received': '2025-04-07' })]);
    assert.deepEqual(wrong.refused, [{ row: 2, column: 'Date Received', message: '"2025-04-07" is not a date written dd/mm/yyyy' }]);
  });

  it('maps owners to staff; an owner who is not complaints staff leaves the case unassigned and is listed', () => {
    const result = read([
      row({ ...base, 'Case Owner': 'Morag Fraser' }),
      row({ ...base, 'Case Reference': 'R2', 'Case Owner': 'demo-investigator' }),
      row({ ...base, 'Case Reference': 'R3', 'Case Owner': 'J Baxter' }),
      row({ ...base, 'Case Reference': 'R4', 'Case Owner': 'J Baxter' }),
    ]);
    assert.deepEqual(result.refused, []);
    assert.deepEqual(result.cases.map((c) => c.owner), ['demo-handler', 'demo-investigator', undefined, undefined]);
    assert.deepEqual(result.unassignedOwners, { 'J Baxter': 2 });
  });

  it('lists every unknown value grouped by column with counts, and refuses those rows', () => {
    const result = read([
      row({ ...base, Outcome: 'Part Upheld', 'Date Closed': '08/04/2025' }),
      row({ ...base, 'Case Reference': 'R2', Outcome: 'Part Upheld', 'Date Closed': '08/04/2025', 'Service Area': 'Parks' }),
      row({ ...base, 'Case Reference': 'R3', Stage: 'Review' }),
      row({ ...base, 'Case Reference': 'R4' }),
    ]);
    assert.deepEqual(result.unknownValues, { Outcome: { 'Part Upheld': 2 }, 'Service Area': { Parks: 1 }, Stage: { Review: 1 } });
    assert.deepEqual([...new Set(result.refused.map((e) => e.row))], [2, 3, 4]);
    assert.equal(result.cases.length, 1, 'the good row is still counted');
    assert.equal(result.rows, 4);
  });

  it('refuses rows by their column and reason: blank or repeated reference, rules of the case format', () => {
    const result = read([
      row({ ...base, 'Case Reference': '' }),
      row({ ...base, 'Case Reference': 'R2', Description: '' }),
      row({ ...base, 'Case Reference': 'R3', Outcome: 'Upheld' }),
      row({ ...base, 'Case Reference': 'r3' }),
      row({ ...base, 'Case Reference': 'R6', Outcome: 'Up\u0007held' }),
    ]);
    assert.deepEqual(result.refused, [
      { row: 2, column: 'Case Reference', message: 'the reference from the previous system is blank; every case must keep its reference' },
      { row: 3, column: 'Description (nature)', message: 'nature is required' },
      { row: 4, column: 'Date Closed (stage1_closed)', message: 'stage1_outcome is given: give the date stage 1 was closed' },
      { row: 5, column: 'Case Reference', message: '"r3" is also the reference in row 4; each row must be a different case' },
      { row: 6, column: 'Outcome', message: result.refused[4]?.message },
    ]);
    assert.ok(!result.refused[4].message.includes('\u0007'), 'a refused character is never echoed');
    assert.deepEqual(result.unknownValues, {});
  });

  it('refuses a mapping that names missing columns, two columns for one field, or services the organisation lacks', () => {
    const result = read([row(base)], {
      ...mapping,
      columns: { ...mapping.columns, 'Received Via': 'channel', Complainant: 'channel', Missing: 'remedial_action', 'Service Area': null },
      values: { ...mapping.values, service: { Parks: 'Parks' }, outcome: { Part: 'part' } },
    });
    const messages = result.refused.map((e) => `${e.column ?? ''} ${e.message}`);
    assert.ok(messages.some((m) => /Missing the mapping names this column but the file has no such column/.test(m)));
    assert.ok(messages.some((m) => /"Received Via", "Complainant" all map to channel/.test(m)));
    assert.ok(messages.some((m) => /must name the column holding service/.test(m)));
    assert.ok(messages.some((m) => /"Parks", which is not one of the organisation's services/.test(m)));
    assert.ok(messages.some((m) => /an outcome is one of/.test(m)));
    assert.equal(result.cases.length, 0);
    assert.equal(legacyMappingSchema.safeParse({ columns: { A: 'owner' } }).success, false, 'a field that does not exist is refused');
  });
});
