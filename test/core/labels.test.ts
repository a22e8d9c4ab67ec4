import assert from 'node:assert/strict';
import { formatDate, formatDateTime, outcomeLabel, readableSummary, readableText, roleLabel } from '../../core/labels';

describe('core labels: words for people', () => {
  it('formats calendar dates with the weekday, without a time zone shift', () => {
    assert.equal(formatDate('2026-12-07'), 'Mon 7 Dec 2026');
    assert.equal(formatDate('2026-03-29'), 'Sun 29 Mar 2026');
    assert.equal(formatDate('2028-02-29'), 'Tue 29 Feb 2028');
    assert.equal(formatDate('2026-02-30'), '2026-02-30', 'an impossible date is left as it is');
    assert.equal(formatDate('soon'), 'soon');
  });

  it('formats instants in London time, summer and winter', () => {
    assert.equal(formatDateTime('2026-12-07T10:05:00Z'), 'Mon 7 Dec 2026 10:05');
    assert.equal(formatDateTime('2026-07-01T23:30:00Z'), 'Thu 2 Jul 2026 00:30');
    assert.equal(formatDateTime('not a date'), 'not a date');
  });

  it('names outcomes and roles', () => {
    assert.equal(outcomeLabel('partially-upheld'), 'Partially upheld');
    assert.equal(outcomeLabel('not-taken-forward'), 'Not taken forward');
    assert.equal(roleLabel('head-of-service'), 'Head of service');
    assert.equal(roleLabel('cswo'), 'Chief Social Work Officer');
  });

  it('rewrites the core summaries: dates, outcomes, people, fields', () => {
    const names = new Map([['demo-handler', 'Morag Fraser']]);
    const nameOf = (id: string) => names.get(id);
    assert.equal(readableSummary('Stage 1 closed on 2026-10-16: partially-upheld.'), 'Stage 1 closed on Fri 16 Oct 2026: Partially upheld.');
    assert.equal(readableSummary('Escalated to stage 2 on 2026-10-20; response due 2026-11-16.'), 'Escalated to stage 2 on Tue 20 Oct 2026; response due Mon 16 Nov 2026.');
    assert.equal(readableSummary('Final position (not-upheld) sent for sign-off.'), 'Final position (Not upheld) sent for sign-off.');
    assert.equal(readableSummary('SPSO decision recorded: not-taken-forward, with 0 recommendations.'), 'SPSO decision recorded: Not taken forward, with 0 recommendations.');
    assert.equal(readableSummary('Assigned to demo-handler.', nameOf), 'Assigned to Morag Fraser.');
    assert.equal(readableSummary('Assigned to someone-unknown.', nameOf), 'Assigned to someone-unknown.');
    assert.equal(readableSummary('Details updated: customer, socialWork.'), 'Details updated: customer details, social work.');
  });

  it('leaves references, free text and words already readable alone', () => {
    assert.equal(readableText('Linked to CHP-2026-000123.'), 'Linked to CHP-2026-000123.');
    assert.equal(readableText('Withdrawn by the customer on 2026-12-07: resolved elsewhere'), 'Withdrawn by the customer on Mon 7 Dec 2026: resolved elsewhere');
    const readable = 'Stage 1 closed on Mon 7 Dec 2026: Upheld.';
    assert.equal(readableSummary(readable), readable);
  });
});
