import assert from 'node:assert/strict';
import { addYears, checkSweep, computeDisposalOn, isDueForDisposal, retentionStartsOn } from '../../core/retention';
import type { Case } from '../../core/types';
import { closedAtStage2, logged, people, run } from './fixtures/workflow';

describe('retention', () => {
  it('adds whole years, 29 February becoming 28 February', () => {
    assert.equal(addYears('2026-11-26', 6), '2032-11-26');
    assert.equal(addYears('2028-02-29', 6), '2034-02-28');
    assert.throws(() => addYears('2026-11-26', -1), /whole number of years/);
  });

  it('starts from the date a case was marked not a complaint, not the date received', () => {
    const c = run(logged(), people.handler, { type: 'mark-not-a-complaint', reason: 'FOI request' }, '2026-12-03T10:00:00Z');
    assert.equal(retentionStartsOn(c), '2026-12-03');
    assert.equal(c.disposalOn, '2032-12-03');
  });

  it('has no start while a case is open or with the SPSO', () => {
    assert.equal(retentionStartsOn(logged()), undefined);
    const referred = run(closedAtStage2(), people.manager, { type: 'refer-to-spso', on: '2026-12-20' }, '2026-12-20T10:00:00Z');
    assert.equal(retentionStartsOn(referred), undefined);
    assert.equal(computeDisposalOn(referred, 6), undefined);
  });

  it('is due on and after the disposal date, never under legal hold', () => {
    const c: Case = { ...logged(), status: 'withdrawn', withdrawnOn: '2026-11-24', disposalOn: '2032-11-24' };
    assert.equal(isDueForDisposal(c, '2032-11-23'), false);
    assert.equal(isDueForDisposal(c, '2032-11-24'), true);
    assert.equal(isDueForDisposal({ ...c, legalHold: { reason: 'Claim', setBy: 'colin', setAt: '2032-01-01T00:00:00Z' } }, '2040-01-01'), false);
    assert.throws(() => isDueForDisposal(c, '24/11/2032'), /not a calendar date/);
  });
});

describe('retention: when a sweep may run', () => {
  const realToday = '2026-11-30';
  it('a dry run may look at any day, confirmed or not', () => {
    assert.equal(checkSweep({ dryRun: true, today: '2040-01-01', realToday, due: 7 }), undefined);
  });
  it('a real sweep judges by today at the latest', () => {
    assert.deepEqual(checkSweep({ dryRun: false, today: '2026-12-01', realToday, due: 0, confirmCount: 0 }), { reason: 'today-in-future', today: '2026-12-01', realToday });
    assert.equal(checkSweep({ dryRun: false, today: '2026-11-01', realToday, due: 2, confirmCount: 2 }), undefined);
  });
  it('a real sweep must carry the number due now', () => {
    assert.deepEqual(checkSweep({ dryRun: false, today: realToday, realToday, due: 3 }), { reason: 'not-confirmed', due: 3 });
    assert.deepEqual(checkSweep({ dryRun: false, today: realToday, realToday, due: 3, confirmCount: 2 }), { reason: 'count-changed', due: 3, confirmed: 2 });
    assert.equal(checkSweep({ dryRun: false, today: realToday, realToday, due: 3, confirmCount: 3 }), undefined);
  });
});
