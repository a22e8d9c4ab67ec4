import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { approvalCard } from '../../bot/cards/approvalCard';
import { SAMPLE_STAFF, sampleStage2Case } from './sampleCases';

const calendar = new WorkingCalendar();
const withLetter = (text: string) => {
  const c = sampleStage2Case('pending');
  c.stage2!.signOff!.letter = { id: 'l-1', sha256: 'a'.repeat(64), subject: 'Our final response to your complaint', text };
  return c;
};
const cardText = (text: string) =>
  JSON.stringify(approvalCard({ case: withLetter(text), actions: ['approve-signoff'], calendar, today: '2026-03-31', staff: SAMPLE_STAFF, refreshUserIds: [] }));

describe('bot: the approval card shows the response being signed off', () => {
  it('shows the whole text of a letter and says approval approves exactly it', () => {
    const json = cardText('Dear Ms Lennox\n\nWe found the repair was missed. The SPSO is at Bridgeside House.');
    assert.match(json, /The response you are signing off: Our final response to your complaint/);
    assert.match(json, /We found the repair was missed\. The SPSO is at Bridgeside House\./);
    assert.match(json, /approves exactly this text/);
    assert.doesNotMatch(json, /longer than a card can show/);
  });

  it('cuts a very long letter and sends the approver to the case to read it in full', () => {
    const json = cardText(`${'Finding. '.repeat(1000)}THE-LAST-WORDS`);
    assert.match(json, /longer than a card can show: read it in full on the case/);
    assert.doesNotMatch(json, /THE-LAST-WORDS/);
  });

  it('shows no letter block for a sign-off request that carried only a summary', () => {
    const json = JSON.stringify(approvalCard({ case: sampleStage2Case('pending'), actions: ['approve-signoff'], calendar, today: '2026-03-31', staff: SAMPLE_STAFF, refreshUserIds: [] }));
    assert.doesNotMatch(json, /The response you are signing off/);
  });
});
