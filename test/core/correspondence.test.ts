import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { startClock } from '../../core/clocks';
import {
  dateInWords,
  defaultCorrespondenceSettings,
  LETTER_KINDS,
  mergeValues,
  reachability,
  renderTemplate,
  templateProblems,
  unfilledGaps,
} from '../../core/correspondence';
import type { Case } from '../../core/types';

const calendar = new WorkingCalendar();
const base = (): Case => ({
  reference: 'CHP-2026-000042',
  orgId: 'glenmore',
  kind: 'complaint',
  status: 'stage1',
  channel: 'email',
  receivedAt: '2026-12-21T10:00:00Z',
  receivedOn: '2026-12-21',
  customer: { withheldDetails: false, anonymous: false, name: 'Morag Lennox', email: 'morag@example.org' },
  nature: 'Bins not collected.',
  service: 'Waste',
  socialWork: false,
  loggedBy: 'u1',
  // Received Monday 21 December: 25, 28 December and 1, 4 January are Scottish bank holidays (4 Jan 2027 is the 2 January substitute).
  stage1: { clock: startClock(calendar, '2026-12-21', 1), extensions: [] },
  events: [],
});
const settings = { spsoContact: 'SPSO, Bridgeside House', stage2HowToAsk: 'Reply to this email.' };

describe('core: correspondence', () => {
  it('writes dates in words, weekday and month in full', () => {
    assert.equal(dateInWords('2026-12-03'), 'Thursday 3 December 2026');
    assert.equal(dateInWords('2027-02-28'), 'Sunday 28 February 2027');
    assert.throws(() => dateInWords('2026-02-30'), /not a calendar date/);
    assert.throws(() => dateInWords('3/12/2026'), /not a calendar date/);
  });

  it('merges the due date computed in working days over the Christmas holidays, in words', () => {
    const values = mergeValues({ case: base(), orgName: 'Glenmore Council', officerName: 'Callum Reid', today: '2026-12-21', settings });
    // Day 1 is 21 Dec; 22, 23, 24, 29 Dec are days 2–5 (25 and 28 Dec are holidays).
    assert.equal(values.stage1DueOn, 'Tuesday 29 December 2026');
    assert.equal(values.receivedOn, 'Monday 21 December 2026');
    assert.equal(values.today, 'Monday 21 December 2026');
    // Six months from receipt is later than two months from today.
    assert.equal(values.escalationDeadline, 'Monday 21 June 2027');
    assert.equal(values.spsoDeadline, 'Tuesday 21 December 2027');
    const { text, missing } = renderTemplate('Dear {{ customerName }}, reply by {{stage1DueOn}} ({{reference}}).', values);
    assert.equal(text, 'Dear Morag Lennox, reply by Tuesday 29 December 2026 (CHP-2026-000042).');
    assert.deepEqual(missing, []);
  });

  it('leaves a visible gap for a known field the case has no value for, which blocks sending', () => {
    const values = mergeValues({ case: base(), orgName: 'G', officerName: 'C', today: '2026-12-21', settings });
    const rendered = renderTemplate('New date: {{newDueOn}} because {{extensionReason}}', values);
    assert.deepEqual(rendered.missing.sort(), ['extensionReason', 'newDueOn']);
    assert.equal(unfilledGaps(rendered.text).length, 2);
    assert.deepEqual(unfilledGaps('All filled in.'), []);
  });

  it('refuses unknown fields, code-like fields and unmatched braces when a template is saved', () => {
    assert.deepEqual(templateProblems('Dear {{customerName}}', 'T'), []);
    assert.match(templateProblems('Hi {{customer.email}}', 'T')[0], /\{\{customer\.email\}\}, which is not a merge field/);
    assert.match(templateProblems('{{constructor}}', 'T')[0], /not a merge field/);
    assert.match(templateProblems('{{ process.exit() }}', 'T')[0], /not a merge field/);
    assert.match(templateProblems('Dear {{customerName', 'T')[0], /unmatched/);
    assert.throws(() => renderTemplate('{{toString}}', {}), /not a merge field/);
  });

  it('substitutes values literally: a value holding braces or $& is not expanded again', () => {
    const rendered = renderTemplate('{{natureOfComplaint}}', { natureOfComplaint: '{{reference}} $& $1' });
    assert.equal(rendered.text, '{{reference}} $& $1');
  });

  it('ships a valid default template for every kind, covering what the CHP asks each to say', () => {
    const defaults = defaultCorrespondenceSettings();
    for (const kind of LETTER_KINDS) {
      assert.deepEqual(templateProblems(defaults.templates[kind].body, kind), [], kind);
      assert.deepEqual(templateProblems(defaults.templates[kind].subject, kind), [], kind);
      assert.match(defaults.templates[kind].body, /\{\{reference\}\}/, `${kind} names the reference`);
      assert.match(defaults.templates[kind].body, /\{\{officerName\}\}/, `${kind} names the officer`);
      assert.match(defaults.templates[kind].body, /large print/, `${kind} offers other formats`);
    }
    assert.match(defaults.templates['stage1-decision'].body, /\{\{escalationDeadline\}\}/);
    assert.match(defaults.templates['stage1-decision'].body, /\{\{stage2HowToAsk\}\}/);
    assert.match(defaults.templates['stage2-decision'].body, /\{\{spsoContact\}\}/);
    assert.match(defaults.templates['stage2-decision'].body, /independent and its service is free/);
    assert.match(defaults.templates['stage2-acknowledgement'].body, /\{\{stage2DueOn\}\}/);
    assert.match(defaults.templates.extension.body, /\{\{newDueOn\}\}/);
    assert.match(defaults.templates.extension.body, /\{\{extensionReason\}\}/);
    assert.match(defaults.spsoContact, /Bridgeside House, 99 McDonald Road, Edinburgh EH7 4NS/);
    assert.match(defaults.spsoContact, /www\.spso\.org\.uk/);
  });

  it('says who can be reached how: email, post, or nothing when details were withheld', () => {
    assert.deepEqual(reachability(base()).routes, ['email']);
    const both = base();
    both.customer.address = '1 High Street\nGlenmore';
    assert.deepEqual(reachability(both).routes, ['email', 'letter']);
    const postOnly = base();
    postOnly.customer = { withheldDetails: false, anonymous: false, name: 'A', address: '1 High Street' };
    assert.deepEqual(reachability(postOnly).routes, ['letter']);
    const withheld = base();
    withheld.customer = { withheldDetails: true, anonymous: false, name: 'A' };
    assert.deepEqual(reachability(withheld).routes, []);
    assert.match(reachability(withheld).nothingToSend ?? '', /withheld their contact details, so nothing can be sent/);
  });
});
