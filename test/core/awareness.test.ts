/**
 * Indicators 2 and 3 from the records people keep: which records count for a period, what the
 * report says, and what a person is told when a record does not add up.
 */
import assert from 'node:assert/strict';
import { surveyProblems, surveyStatement, trainingProblems, trainingStatement, type SurveyResult, type TrainingRecord } from '../../core/awareness';
import { canReadAwareness } from '../../core/permissions';
import type { Actor, Role } from '../../core/types';

const quarter = { fromMonth: '2026-04', toMonth: '2026-06' };
const recorded = { orgId: 'org', recordedBy: 'trainer', recordedAt: '2026-07-01T09:00:00Z' };
const training = (id: string, kind: TrainingRecord['kind'], deliveredOn: string, attendees: number): TrainingRecord => ({
  ...recorded,
  id,
  kind,
  title: `Session ${id}`,
  deliveredOn,
  audience: 'Frontline staff',
  attendees,
});
const survey = (id: string, fromMonth: string, toMonth: string, responses: number, satisfied: number, method = 'Text message survey'): SurveyResult => ({
  ...recorded,
  id,
  fromMonth,
  toMonth,
  responses,
  satisfied,
  method,
});

describe('core: staff training and customer surveys (indicators 2 and 3)', () => {
  it('indicator 3 counts the sessions held in the period by kind, with the staff who took part', () => {
    const records = [
      training('a', 'induction', '2026-04-02', 12),
      training('b', 'induction', '2026-06-30', 8),
      training('c', 'refresher', '2026-05-14', 1),
      training('d', 'awareness', '2026-05-20', 0),
      training('e', 'refresher', '2026-03-31', 40), // the quarter before
      training('f', 'induction', '2026-07-01', 9), // the quarter after
    ];
    assert.equal(
      trainingStatement(records, quarter),
      '2 induction sessions (20 members of staff), 1 refresher session (1 member of staff) and 1 awareness briefing or bulletin on the complaints handling procedure.',
    );
    assert.equal(trainingStatement([training('g', 'awareness', '2026-04-09', 0), training('h', 'awareness', '2026-04-10', 0)], quarter), '2 awareness briefings or bulletins on the complaints handling procedure.');
    assert.equal(trainingStatement(records, { fromMonth: '2025-04', toMonth: '2025-06' }), null, 'nothing recorded: the report says so');
  });

  it('indicator 2 adds up the surveys whose months overlap the period', () => {
    const surveys = [
      survey('a', '2026-01', '2026-04', 40, 30), // overlaps April
      survey('b', '2026-06', '2026-08', 8, 2, 'Telephone follow-up'), // overlaps June
      survey('c', '2026-07', '2026-09', 100, 100), // after
    ];
    assert.equal(
      surveyStatement(surveys, quarter),
      '32 of 48 people who answered 2 surveys (Text message survey; Telephone follow-up) were satisfied with how their complaint was handled: 67%.',
    );
    assert.equal(surveyStatement([survey('d', '2026-05', '2026-05', 1, 1)], quarter), '1 of 1 person who answered the survey (Text message survey) was satisfied with how their complaint was handled: 100%.');
    assert.equal(surveyStatement(surveys, { fromMonth: '2025-04', toMonth: '2025-06' }), null);
  });

  it('names the field and says what is wrong with a record that does not add up', () => {
    const ok = { kind: 'induction' as const, title: 'CHP induction', deliveredOn: '2026-05-01', audience: 'New starts', attendees: 5 };
    assert.deepEqual(trainingProblems(ok, '2026-05-01'), []);
    assert.deepEqual(trainingProblems({ ...ok, deliveredOn: '2026-05-02', attendees: -1 }, '2026-05-01').map((p) => p.field), ['deliveredOn', 'attendees']);
    assert.deepEqual(trainingProblems({ ...ok, attendees: 2.5 }, '2026-05-01').map((p) => p.field), ['attendees']);

    const fine = { fromMonth: '2026-04', toMonth: '2026-06', responses: 10, satisfied: 10, method: 'Online form' };
    assert.deepEqual(surveyProblems(fine, '2026-06-15'), []);
    assert.deepEqual(surveyProblems({ ...fine, satisfied: 11 }, '2026-07-01'), [{ field: 'satisfied', message: 'cannot be more than the 10 responses' }]);
    assert.deepEqual(surveyProblems({ ...fine, fromMonth: '2026-07' }, '2026-08-01').map((p) => p.field), ['toMonth']);
    assert.deepEqual(surveyProblems({ ...fine, toMonth: '2026-09' }, '2026-08-31').map((p) => p.field), ['toMonth']);
    assert.deepEqual(surveyProblems({ ...fine, responses: 0, satisfied: 0 }, '2026-07-01').map((p) => p.field), ['responses']);
  });

  it('the records are read by those who keep them and those who read the reports, and no one else', () => {
    const actor = (...roles: Role[]): Actor => ({ userId: 'u', displayName: 'U', roles, services: [] });
    for (const role of ['training-officer', 'complaints-manager', 'director', 'management-committee', 'head-of-service'] as Role[]) assert.equal(canReadAwareness(actor(role)), true, role);
    for (const role of ['complaint-handler', 'investigator', 'administrator'] as Role[]) assert.equal(canReadAwareness(actor(role)), false, role);
  });
});
