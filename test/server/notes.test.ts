/**
 * Case notes, same-customer cases and case links over real HTTP: notes inherit the case's visibility
 * (another organisation, a social-work case outside an investigator's scope), are never changed (a
 * correction is a new note, a note is corrected once), and bad input is refused in words.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Case } from '../../core/types';
import { call, Harness } from './harness';

type Note = { id: string; text: string; kind: string; by: string; byName: string; at: string; with?: string; corrects?: string; correctedBy?: string[] };
type NotePage = { items: Note[]; continuation?: string };
type Problem = { detail: string; errors?: { field: string; message: string }[] };

const customer = (name: string, email?: string, phone?: string) => ({ withheldDetails: false, anonymous: false, name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) });

describe('server: case notes, same-customer cases and case links', function () {
  this.timeout(120_000);
  const harness = new Harness();
  let base: string;
  let housing: Case; // Housing Repairs, logged by the handler: the investigator's service
  let social: Case; // Adult Social Care, social work, logged by a director
  let repeat: Case; // the same customer again (email written differently), Housing Repairs
  let otherService: Case; // the same customer in a service the investigator does not work in

  const log = async (as: string, body: Record<string, unknown>): Promise<Case> => {
    const r = await call<Case>(base, 'POST', '/api/cases', { as, body: { kind: 'complaint', channel: 'phone', ...body } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const addNote = (as: string, ref: string, body: Record<string, unknown>) => call<Note & Problem>(base, 'POST', `/api/cases/${ref}/notes`, { as, body });
  const notes = (as: string, ref: string, query = '') => call<NotePage & Problem>(base, 'GET', `/api/cases/${ref}/notes${query}`, { as });

  before(async () => {
    await harness.start({ history: false });
    base = await harness.app();
    housing = await log('demo-handler', { customer: customer('Seán O’Neil', 'sean@example.org', '07700 900123'), nature: 'Leaking roof not repaired.', service: 'Housing Repairs' });
    social = await log('demo-director', { customer: customer('Ann Other'), nature: 'Care package reduced without notice.', service: 'Adult Social Care', socialWork: true });
    repeat = await log('demo-handler', { customer: customer('sean o neil', 'SEAN@Example.org'), nature: 'Roof still leaking.', service: 'Housing Repairs' });
    otherService = await log('demo-director', { customer: customer('Someone Else', undefined, '+44 7700 900123'), nature: 'Bin not collected.', service: 'Waste and Recycling', owner: undefined });
  });
  after(() => harness.stop());

  it('adds a file note and a phone call record, shown in order with who and when', async () => {
    const first = await addNote('demo-handler', housing.reference, { kind: 'file-note', text: 'Checked the repairs log: job raised 3 March.' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.id, /^note-/);
    assert.equal(first.body.by, 'demo-handler');
    assert.equal(first.body.byName, 'Morag Fraser');
    const call2 = await addNote('demo-investigator', housing.reference, { kind: 'phone-call', with: 'Mr O’Neil', contactAt: '2026-03-09T14:30:00Z', text: 'He says the roofer never came.' });
    assert.equal(call2.status, 201, JSON.stringify(call2.body));
    const page = await notes('demo-handler', housing.reference);
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.items.map((n) => [n.kind, n.by, n.with]), [['file-note', 'demo-handler', undefined], ['phone-call', 'demo-investigator', 'Mr O’Neil']]);
    assert.ok(page.body.items.every((n) => n.at === '2026-03-10T10:00:00.000Z'));
  });

  it('never shows notes as cases: the case list counts only cases', async () => {
    const list = await call<{ items: Case[] }>(base, 'GET', '/api/cases?limit=100&text=roof', { as: 'demo-director' });
    assert.deepEqual(list.body.items.map((c) => c.reference).sort(), [housing.reference, repeat.reference].sort());
    assert.ok(list.body.items.every((c) => c.reference.startsWith('CHP-')));
  });

  it('corrects a note with a new note; the corrected note is kept and marked; a note is corrected once, then the chain continues', async () => {
    const wrong = await addNote('demo-handler', housing.reference, { kind: 'meeting', with: 'Mr O’Neil', text: 'Met on Monday.' });
    const fix = await addNote('demo-handler', housing.reference, { kind: 'meeting', with: 'Mr O’Neil', text: 'Met on Tuesday, not Monday.', corrects: wrong.body.id });
    assert.equal(fix.status, 201, JSON.stringify(fix.body));
    assert.equal(fix.body.corrects, wrong.body.id);
    const again = await addNote('demo-investigator', housing.reference, { kind: 'file-note', text: 'Another go.', corrects: wrong.body.id });
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /already been corrected; to put the correction right, correct the note that corrected it/);
    const chain = await addNote('demo-investigator', housing.reference, { kind: 'file-note', text: 'It was Wednesday.', corrects: fix.body.id });
    assert.equal(chain.status, 201);
    const page = await notes('demo-handler', housing.reference);
    const byId = new Map(page.body.items.map((n) => [n.id, n]));
    assert.equal(byId.get(wrong.body.id)!.text, 'Met on Monday.', 'the corrected note is never changed');
    assert.deepEqual(byId.get(wrong.body.id)!.correctedBy, [fix.body.id]);
    assert.deepEqual(byId.get(fix.body.id)!.correctedBy, [chain.body.id]);
    assert.deepEqual(byId.get(chain.body.id)!.correctedBy, []);
  });

  it('refuses to correct a note of another case, or one that does not exist', async () => {
    const elsewhere = await addNote('demo-handler', repeat.reference, { kind: 'file-note', text: 'On the repeat case.' });
    const cross = await addNote('demo-handler', housing.reference, { kind: 'file-note', text: 'Correcting across cases.', corrects: elsewhere.body.id });
    assert.equal(cross.status, 422);
    assert.match(cross.body.detail, new RegExp(`There is no note ${elsewhere.body.id} on ${housing.reference} to correct`));
    const ghost = await addNote('demo-handler', housing.reference, { kind: 'file-note', text: 'x', corrects: `note-${randomUUID()}` });
    assert.equal(ghost.status, 422);
  });

  it('has no way to edit or delete a note', async () => {
    const [note] = (await notes('demo-handler', housing.reference)).body.items;
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const r = await call(base, method, `/api/cases/${housing.reference}/notes/${note.id}`, { as: 'demo-director', body: { text: 'rewritten' } });
      assert.equal(r.status, 404, method);
    }
    assert.equal((await notes('demo-handler', housing.reference)).body.items[0].text, note.text);
  });

  it('a retried add (same noteId) adds the note once; the same id with other text is refused', async () => {
    const noteId = randomUUID();
    const a = await addNote('demo-handler', repeat.reference, { noteId, kind: 'file-note', text: 'Sent once.' });
    const b = await addNote('demo-handler', repeat.reference, { noteId, kind: 'file-note', text: 'Sent once.' });
    assert.equal(a.status, 201);
    assert.equal(b.status, 200);
    assert.equal(b.body.id, a.body.id);
    const c = await addNote('demo-handler', repeat.reference, { noteId, kind: 'file-note', text: 'Something else.' });
    assert.equal(c.status, 422);
    assert.match(c.body.detail, /already used for another note/);
    const texts = (await notes('demo-handler', repeat.reference)).body.items.map((n) => n.text);
    assert.equal(texts.filter((t) => t === 'Sent once.').length, 1);
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'file-note', text: '   ' }, /text/],
      [{ kind: 'file-note', text: 'x'.repeat(10_001) }, /at most 10000/],
      [{ kind: 'gossip', text: 'x' }, /kind/],
      [{ kind: 'file-note', text: 'hidden \u202e text' }, /text/],
      [{ kind: 'file-note', text: 'x', corrects: 'CHP-2026-000001' }, /corrects/],
      [{ kind: 'file-note', text: 'x', by: 'demo-director' }, /by/],
      [{ kind: 'phone-call', text: 'x', contactAt: 'yesterday', with: 'Her' }, /contactAt/],
    ];
    for (const [body, field] of cases) {
      const r = await addNote('demo-handler', housing.reference, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(r.body.errors), field, JSON.stringify(r.body));
    }
    const noWith = await addNote('demo-handler', housing.reference, { kind: 'visit', text: 'Visited.' });
    assert.equal(noWith.status, 422);
    assert.match(noWith.body.detail, /Say with whom the visit was/);
    const future = await addNote('demo-handler', housing.reference, { kind: 'phone-call', with: 'Her', contactAt: '2026-03-11T09:00:00Z', text: 'x' });
    assert.match(future.body.detail, /cannot be in the future/);
    const notJson = await call(base, 'POST', `/api/cases/${housing.reference}/notes`, { as: 'demo-handler', rawBody: 'kind=file-note', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(notJson.status, 415);
  });

  it('hides a social-work case’s notes from an investigator outside its scope, and from another organisation', async () => {
    const secret = await addNote('demo-director', social.reference, { kind: 'visit', with: 'Ms Other at home', text: 'Carer visits reduced to once a day.' });
    assert.equal(secret.status, 201);
    const cswo = await notes('demo-cswo', social.reference);
    assert.equal(cswo.status, 200, 'the Chief Social Work Officer sees the case, so its notes');
    assert.equal(cswo.body.items[0].text, 'Carer visits reduced to once a day.');
    const own = await addNote('demo-cswo', social.reference, { kind: 'file-note', text: 'Reviewed by the CSWO.' });
    assert.equal(own.status, 201, 'the CSWO may add a file note to a case they can see');
    for (const who of ['demo-investigator', 'demo-handler', 'rha-manager']) {
      const read = await notes(who, social.reference);
      assert.equal(read.status, 404, who);
      assert.doesNotMatch(JSON.stringify(read.body), /Carer visits/);
      const write = await addNote(who, social.reference, { kind: 'file-note', text: 'Sneaking a note in.' });
      assert.equal(write.status, 404, who);
      const correct = await addNote(who, housing.reference, { kind: 'file-note', text: 'x', corrects: secret.body.id });
      assert.notEqual(correct.status, 201, who);
      assert.doesNotMatch(JSON.stringify(correct.body), /Carer visits/);
    }
    const committee = await notes('demo-committee', housing.reference);
    assert.equal(committee.status, 403, 'no case.read: no notes');
    const none = await call(base, 'GET', `/api/cases/${housing.reference}/notes`);
    assert.equal(none.status, 401);
    assert.equal((await notes('demo-cswo', social.reference)).body.items.length, 2, 'nothing was added by the refused attempts');
  });

  it('reads the timeline page by page', async () => {
    for (let i = 0; i < 5; i += 1) await addNote('demo-director', otherService.reference, { kind: 'file-note', text: `Note ${i}` });
    const seen: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await notes('demo-director', otherService.reference, `?limit=2${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      seen.push(...page.body.items.map((n) => n.text));
      continuation = page.body.continuation;
    } while (continuation);
    assert.deepEqual(seen.sort(), ['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 4']);
    const bad = await notes('demo-director', otherService.reference, '?limit=500');
    assert.equal(bad.status, 400);
  });

  it('lists the same customer’s other cases by email, phone or name, only within what the viewer may see', async () => {
    type Same = { items: { reference: string; matched: string[] }[]; more: boolean };
    const director = await call<Same>(base, 'GET', `/api/cases/${housing.reference}/same-customer`, { as: 'demo-director' });
    assert.equal(director.status, 200);
    const byRef = new Map(director.body.items.map((i) => [i.reference, i.matched]));
    assert.deepEqual(byRef.get(repeat.reference)?.sort(), ['email', 'name']);
    assert.deepEqual(byRef.get(otherService.reference), ['phone']);
    assert.ok(!byRef.has(housing.reference), 'not the case itself');
    assert.ok(!byRef.has(social.reference));
    const investigator = await call<Same>(base, 'GET', `/api/cases/${housing.reference}/same-customer`, { as: 'demo-investigator' });
    assert.deepEqual(investigator.body.items.map((i) => i.reference), [repeat.reference], 'a Waste and Recycling case is outside the investigator’s services');
    const outsider = await call(base, 'GET', `/api/cases/${housing.reference}/same-customer`, { as: 'rha-manager' });
    assert.equal(outsider.status, 404);
  });

  it('links two cases, recorded on both timelines; refuses self-links, duplicates and cases the person cannot see', async () => {
    const linked = await call<{ case: Case; event: { type: string; summary: string } } & Problem>(base, 'POST', `/api/cases/${repeat.reference}/links`, {
      as: 'demo-handler',
      body: { reference: housing.reference, relation: 'repeat' },
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.event.type, 'case-linked');
    assert.deepEqual(linked.body.case.linkedCases?.map((l) => [l.reference, l.relation]), [[housing.reference, 'repeat']]);
    const other = (await call<Case>(base, 'GET', `/api/cases/${housing.reference}`, { as: 'demo-handler' })).body;
    assert.deepEqual(other.linkedCases?.map((l) => [l.reference, l.relation]), [[repeat.reference, 'repeat']]);
    assert.match(other.events.at(-1)!.summary, new RegExp(`Linked to ${repeat.reference}: repeat complaint`));

    const link = (as: string, from: string, body: Record<string, unknown>) => call<Problem>(base, 'POST', `/api/cases/${from}/links`, { as, body });
    const self = await link('demo-handler', housing.reference, { reference: housing.reference, relation: 'repeat' });
    assert.equal(self.status, 422);
    assert.match(self.body.detail, /cannot be linked to itself/);
    const twice = await link('demo-handler', housing.reference, { reference: repeat.reference, relation: 'same-incident' });
    assert.equal(twice.status, 409);
    assert.match(twice.body.detail, /already linked/);
    const hidden = await link('demo-handler', housing.reference, { reference: social.reference, relation: 'related' });
    assert.equal(hidden.status, 422);
    assert.match(hidden.body.detail, /no case .* that you can see/);
    const riverside = await call<{ items: Case[] }>(base, 'GET', '/api/cases?limit=1', { as: 'rha-manager' });
    const foreign = riverside.body.items[0].reference;
    const crossOrg = await link('demo-director', housing.reference, { reference: foreign, relation: 'related' });
    // The same reference may exist in both organisations: if so it is this organisation's case that is found.
    if (crossOrg.status === 200) {
      const theirs = (await call<Case>(base, 'GET', `/api/cases/${foreign}`, { as: 'rha-manager' })).body;
      assert.equal(theirs.linkedCases, undefined, 'another organisation’s case is never changed');
    } else assert.equal(crossOrg.status, 422);
    const cswo = await link('demo-cswo', social.reference, { reference: social.reference, relation: 'repeat' });
    assert.equal(cswo.status, 422);
    const noUpdate = await link('demo-complaints-manager', otherService.reference, { reference: housing.reference, relation: 'related' });
    assert.equal(noUpdate.status, 403);
    assert.match(noUpdate.body.detail, /may not link cases/);
    const badRelation = await link('demo-handler', housing.reference, { reference: otherService.reference, relation: 'cousin' });
    assert.equal(badRelation.status, 400);
  });

  it('deletes a case’s notes and correction claims when its record is disposed of (store/retention calls this)', async () => {
    const before = (await harness.store.notes.page('glenmore', housing.reference, 200)).items.length;
    assert.ok(before >= 4);
    const removed = await harness.store.notes.removeCase('glenmore', housing.reference);
    assert.ok(removed > before, 'the notes and the claims of their corrections');
    assert.equal((await harness.store.notes.page('glenmore', housing.reference, 200)).items.length, 0);
    assert.ok((await harness.store.notes.page('glenmore', repeat.reference, 200)).items.length > 0, 'other cases keep theirs');
  });
});
