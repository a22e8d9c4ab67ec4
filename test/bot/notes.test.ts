/**
 * "Add note" on the case card through the bot endpoint (real Bot Framework invoke activities): the
 * note is stored with who and when, a Teams retry of the same press adds it once, bad input and people
 * who cannot see the case are refused, and nothing is stored for them.
 */
import assert from 'node:assert/strict';
import { BotHarness, buttonTitles, cardTexts, ORG_ID, type StaffKey } from './botHarness';

function executeData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as Record<string, unknown>;
      else Object.entries(o).forEach(([k, v]) => k !== 'refresh' && walk(v));
    }
  };
  walk(card);
  assert.ok(found, `no ${verb} button on the card: ${buttonTitles(card).join(', ')}`);
  return found;
}

describe('bot: adding a note from the case card', function () {
  this.timeout(90_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());

  async function logged(who: StaffKey): Promise<string> {
    const data = { form: 'log', kind: 'complaint', channel: 'phone', nature: 'Missed bin collections', service: 'Waste', customerName: 'Morag Campbell', receivedOn: '2026-03-04', receivedTime: '09:00' };
    await h.post(h.activity(who, { type: 'invoke', name: 'task/submit', value: { data } }));
    const posted = h.connector.activities().at(-1)!;
    const reference = /Logged as (CHP-\d{4}-\d{6})/.exec(cardTexts((posted.activity.attachments as { content: unknown }[])[0].content))?.[1];
    assert.ok(reference, 'the case was logged');
    return reference;
  }
  const notesOf = async (reference: string) => (await h.store.notes.page(ORG_ID, reference, 100)).items;

  it('shows "Add note" with its inputs, and the press stores the note with who and when; a retry adds it once', async () => {
    const reference = await logged('handler');
    const card = (await h.execute('handler', 'refresh', { reference, rev: 1 })).card;
    assert.ok(buttonTitles(card).includes('Add note'));
    assert.match(JSON.stringify(card), /"id":"note_text"/);
    const press = { ...executeData(card, 'addNote'), note_kind: 'phone-call', note_with: 'Mrs Campbell', note_text: 'She says the bin was missed again on Tuesday.' };
    const answer = await h.execute('handler', 'addNote', press);
    assert.equal(answer.statusCode, 200);
    assert.match(cardTexts(answer.card), /Phone call added to CHP-/);
    const retry = await h.execute('handler', 'addNote', press);
    assert.match(cardTexts(retry.card), /Phone call added/);
    const notes = await notesOf(reference);
    assert.equal(notes.length, 1, 'a retried press adds the note once');
    assert.deepEqual([notes[0].kind, notes[0].with, notes[0].text, notes[0].by, notes[0].byName, notes[0].at], ['phone-call', 'Mrs Campbell', 'She says the bin was missed again on Tuesday.', 'u-handler', 'Hamish Handler', h.now.toISOString()]);
    const second = await h.execute('handler', 'addNote', { ...press, note_kind: 'file-note', note_with: '', note_text: 'Crew leader asked for the round sheet.' });
    assert.match(cardTexts(second.card), /File note added/);
    assert.deepEqual((await notesOf(reference)).map((n) => n.kind), ['phone-call', 'file-note']);
  });

  it('refuses a note with no text, a kind that is not one, a call with no one, or hidden characters; stores nothing', async () => {
    const reference = await logged('handler');
    const data = { reference, rev: 1 };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ note_kind: 'file-note', note_text: '   ' }, /Write the note/],
      [{ note_kind: 'rumour', note_text: 'x' }, /Choose what kind of note/],
      [{ note_kind: 'visit', note_text: 'Went round.' }, /Say with whom the visit was/],
      [{ note_kind: 'file-note', note_text: 'abc\u202edef' }, /The note /],
      [{ note_kind: 'file-note', note_text: 'x'.repeat(10_001) }, /at most 10000 characters/],
    ];
    for (const [inputs, message] of cases) {
      const answer = await h.execute('handler', 'addNote', { ...data, ...inputs });
      assert.match(cardTexts(answer.card), message, JSON.stringify(inputs).slice(0, 80));
    }
    assert.equal((await notesOf(reference)).length, 0);
  });

  it('tells someone who cannot see the case that there is no such case, and stores nothing', async () => {
    const reference = await logged('investigator');
    for (const who of ['handler', 'admin'] as const) {
      const answer = await h.execute(who, 'addNote', { reference, rev: 1, note_kind: 'file-note', note_text: 'Not mine to write.' });
      assert.match(cardTexts(answer.card), new RegExp(`No case ${reference}`), who);
    }
    assert.equal((await notesOf(reference)).length, 0);
  });
});
