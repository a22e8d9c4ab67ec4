/**
 * Subject access requests and the access log over real HTTP on the embedded store: who may search,
 * export and read logs; that every case about the person is found across the organisation (social
 * work, closed, as representative) and nothing of another organisation's; the bundle's redaction
 * marks in JSON, HTML and the PDF's text; the append-only export log; bad input refused in words.
 */
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import type { CaseAccess, SubjectAccessExport } from '../../core/access-log';
import type { SubjectAccessBundle } from '../../core/subject-access';
import type { Case } from '../../core/types';
import { shutdownSubjectAccessRenderer } from '../../server/routes/privacy';
import { call, Harness, NOW, ROLE_USERS } from './harness';

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
type Found = { search: object; cases: { reference: string; service: string; matchedOn: string[]; subjectRole: string; socialWork: boolean; status: string }[] };
type AccessLog = { reference: string; logged: boolean; items: CaseAccess[] };

const SEARCH = '/api/privacy/subject-access/search';
const EXPORT = '/api/privacy/subject-access/export';
const EXPORTS = '/api/privacy/subject-access/exports';
const manager = ROLE_USERS['complaints-manager'];
const subject = { withheldDetails: false, anonymous: false, name: 'Elspeth Baird', email: 'elspeth.baird@example.net', phone: '07700 900461' };

/** The PDF's text, whether it is tagged for screen readers, and its outline's headings. */
async function readPdf(bytes: ArrayBuffer): Promise<{ text: string; tagged: boolean; outline: string[] }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  const marked = (await pdf.getMarkInfo()) as { Marked?: boolean } | null;
  type Entry = { title: string; items: Entry[] };
  const titles = (entries: Entry[]): string[] => entries.flatMap((e) => [e.title, ...titles(e.items ?? [])]);
  const outline = titles(((await pdf.getOutline()) ?? []) as Entry[]);
  return { text: text.replace(/\s+/g, ' '), tagged: marked?.Marked === true, outline };
}

describe('server: subject access requests and the access log (/api/privacy, /api/cases/{ref}/access-log)', function () {
  this.timeout(120_000);
  const h = new Harness();
  let base = '';
  const refs = { own: '', closed: '', socialWork: '', asRepresentative: '', ordinary: '', held: '', riverside: '' };

  async function logged(as: string, body: Record<string, unknown>): Promise<string> {
    const res = await call<Case>(base, 'POST', '/api/cases', { as, body: { kind: 'complaint', channel: 'email', socialWork: false, ...body } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.reference;
  }
  const act = async (as: string, ref: string, action: Record<string, unknown>) => {
    const res = await call(base, 'POST', `/api/cases/${ref}/actions`, { as, body: action });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  before(async () => {
    await h.start({ history: false });
    // Time moves on a second at each look at the clock, so exports and openings have an order.
    let tick = 0;
    base = await h.app({ clock: () => new Date(NOW.getTime() + 1000 * tick++) });
    const director = ROLE_USERS.director;
    refs.own = await logged('demo-handler', { customer: subject, nature: 'Repairs to the back door never finished.', service: 'Housing Repairs' });
    refs.closed = await logged(director, { customer: { ...subject, name: 'ELSPETH  baird', email: 'Elspeth.Baird@Example.net', phone: undefined }, nature: 'Bin not collected.', service: 'Waste and Recycling' });
    await act(director, refs.closed, { type: 'close-stage1', outcome: 'upheld', actionTaken: 'Apologised; Morag Fraser arranged a special collection.', on: '2026-03-10' });
    refs.socialWork = await logged(director, { customer: { withheldDetails: false, anonymous: false, name: 'E. Baird', phone: '+44 (0)7700 900461' }, nature: 'Home care visits missed.', service: 'Adult Social Care', socialWork: true, channel: 'phone' });
    refs.asRepresentative = await logged(director, {
      customer: { withheldDetails: false, anonymous: false, name: 'Robert Baird', email: 'robert.baird@example.net' },
      representative: { name: 'Elspeth Baird', relationship: 'daughter', consentRecorded: true },
      nature: 'Father’s housing benefit stopped.',
      service: 'Council Tax and Benefits',
    });
    refs.ordinary = await logged(director, { customer: { withheldDetails: false, anonymous: false, name: 'Someone Else', email: 'someone@example.net' }, nature: 'Streetlight out.', service: 'Roads and Transport' });
    refs.held = await logged(director, { customer: { withheldDetails: false, anonymous: false, name: 'Held Person' }, nature: 'Claim for damages.', service: 'Roads and Transport' });
    await act(director, refs.held, { type: 'set-legal-hold', reason: 'Court action expected' });
    // The same person, by every identifier, in another organisation.
    refs.riverside = await logged('rha-officer', { customer: subject, nature: 'Damp in the flat.', service: 'Repairs' });
  });
  after(async () => {
    await shutdownSubjectAccessRenderer();
    await h.stop();
  });

  it('finds every case about the person in the organisation, however recorded, and none of another organisation', async () => {
    const found = await call<Found>(base, 'POST', SEARCH, { as: manager, body: { name: 'elspeth baird', email: 'ELSPETH.BAIRD@example.net ', phone: '0044 7700 900461' } });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    const byRef = new Map(found.body.cases.map((c) => [c.reference, c]));
    assert.deepEqual([...byRef.keys()].sort(), [refs.own, refs.closed, refs.socialWork, refs.asRepresentative].sort());
    assert.deepEqual(byRef.get(refs.own)?.matchedOn, ['customer.name', 'customer.email', 'customer.phone']);
    assert.equal(byRef.get(refs.closed)?.status, 'stage1-closed');
    assert.deepEqual(byRef.get(refs.socialWork)?.matchedOn, ['customer.phone']);
    assert.equal(byRef.get(refs.socialWork)?.socialWork, true);
    assert.equal(byRef.get(refs.asRepresentative)?.subjectRole, 'representative');
    assert.equal(found.body.cases.length, 4);
    assert.ok(!found.body.cases.some((c) => c.service === 'Repairs'), 'another organisation’s case about the same person is never found');

    const theirs = await call<Found>(base, 'POST', SEARCH, { as: 'rha-manager', body: { name: subject.name, email: subject.email, phone: subject.phone } });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.cases.map((c) => [c.reference, c.service]), [[refs.riverside, 'Repairs']]);
  });

  it('lets only the complaints manager search, export and list exports', async () => {
    for (const [role, user] of Object.entries(ROLE_USERS)) {
      const search = await call<Problem>(base, 'POST', SEARCH, { as: user, body: { email: subject.email } });
      const exported = await call<Problem>(base, 'POST', EXPORT, { as: user, body: { email: subject.email, format: 'json' } });
      const list = await call<Problem>(base, 'GET', EXPORTS, { as: user });
      const expected = role === 'complaints-manager' ? 200 : 403;
      assert.deepEqual([search.status, exported.status, list.status], [expected, expected, expected], role);
      if (expected === 403) assert.match(search.body.detail, /privacy\.subject-access/);
    }
    assert.equal((await call(base, 'POST', SEARCH, { body: { email: subject.email } })).status, 401, 'not signed in');
  });

  it('refuses bad searches and exports, saying which field to correct', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['(body)']],
      [{ name: '   ', email: '' }, ['(body)']],
      [{ email: 'not-an-email' }, ['email']],
      [{ phone: '12' }, ['phone']],
      [{ name: 'x'.repeat(201) }, ['name']],
      [{ name: 'Elspeth Baird', caseload: 'all' }, ['(body)']],
      [[], ['(body)']],
    ];
    for (const [body, fields] of cases) {
      const res = await call<Problem>(base, 'POST', SEARCH, { as: manager, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(res.body.errors?.map((e) => e.field), fields, JSON.stringify(body));
      assert.match(res.body.detail, /Correct the/);
    }
    const notJson = await call<Problem>(base, 'POST', SEARCH, { as: manager, rawBody: 'email=elspeth', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(notJson.status, 415);
    const badFormat = await call<Problem>(base, 'POST', EXPORT, { as: manager, body: { email: subject.email, format: 'docx' } });
    assert.equal(badFormat.status, 400);
    assert.deepEqual(badFormat.body.errors?.map((e) => e.field), ['format']);
    const stranger = await call<Problem>(base, 'POST', EXPORT, { as: manager, body: { email: subject.email, format: 'json', references: [refs.own, refs.ordinary] } });
    assert.equal(stranger.status, 422, 'a case the search does not find cannot be slipped into the bundle');
    assert.match(stranger.body.detail, new RegExp(`${refs.ordinary} is not among the cases this search finds`));
    const badRef = await call<Problem>(base, 'POST', EXPORT, { as: manager, body: { email: subject.email, references: ['CHP-1'] } });
    assert.equal(badRef.status, 400);
    assert.deepEqual(badRef.body.errors?.map((e) => e.field), ['references[0]']);
  });

  it('exports the chosen cases as JSON with other people’s data flagged redact: true, and records the export', async () => {
    const before = await call<{ items: SubjectAccessExport[] }>(base, 'GET', EXPORTS, { as: manager });
    const res = await call<SubjectAccessBundle>(base, 'POST', EXPORT, { as: manager, body: { name: 'Elspeth Baird', email: subject.email, format: 'json', references: [refs.own, refs.asRepresentative, refs.closed] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="subject-access-2026-03-10\.json"$/);
    const bundle = res.body;
    assert.deepEqual(bundle.cases.map((c) => c.reference).sort(), [refs.own, refs.asRepresentative, refs.closed].sort());
    assert.equal(bundle.generatedBy.userId, manager);
    const records = bundle.sections.find((s) => s.id === 'cases');
    const fieldsOf = (ref: string) => new Map(records?.items.find((i) => i.reference === ref)?.fields.map((f) => [f.label, f]));
    const own = fieldsOf(refs.own);
    assert.equal(own.get('Customer email')?.redact, false, 'the subject’s own data is theirs');
    assert.equal(own.get('Logged by')?.redact, true, 'staff are not the subject’s data');
    assert.match(own.get('Logged by')?.value ?? '', /Morag Fraser/);
    const rep = fieldsOf(refs.asRepresentative);
    assert.equal(rep.get('Customer name')?.redact, true, 'her father’s data is his');
    assert.equal(rep.get('Customer email')?.redact, true);
    assert.equal(rep.get('Representative name')?.redact, false);
    const closed = fieldsOf(refs.closed);
    assert.equal(closed.get('Stage 1 action taken')?.redact, true, 'free text naming a member of staff');
    const timeline = bundle.sections.find((s) => s.id === 'timeline');
    assert.ok(timeline && timeline.items.length >= 4);
    assert.ok(timeline.items.every((i) => i.fields.find((f) => f.label === 'By')?.redact === true));
    assert.ok(bundle.markedForRedaction > 0);

    const after = await call<{ items: SubjectAccessExport[] }>(base, 'GET', EXPORTS, { as: manager });
    assert.equal(after.body.items.length, before.body.items.length + 1);
    const [latest] = after.body.items;
    assert.equal(latest.userId, manager);
    assert.equal(latest.displayName, 'Iain Campbell');
    assert.ok(before.body.items.every((e) => e.at < latest.at), 'the newest export first');
    assert.deepEqual(latest.search, { name: 'Elspeth Baird', email: subject.email });
    assert.equal(latest.caseCount, 3);
    assert.equal(latest.format, 'json');
    assert.equal(res.headers.get('x-export-id'), latest.id);
    const riverside = await call<{ items: SubjectAccessExport[] }>(base, 'GET', EXPORTS, { as: 'rha-manager' });
    assert.ok(!riverside.body.items.some((e) => e.id === latest.id), 'another organisation does not see the export');
  });

  it('exports an accessible PDF whose text shows the cases and the redaction marks', async () => {
    const res = await fetch(base + EXPORT, { method: 'POST', headers: { 'X-Dev-User': manager, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: subject.email, phone: subject.phone, format: 'pdf' }) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const { text, tagged, outline } = await readPdf(await res.arrayBuffer());
    assert.equal(tagged, true, 'a tagged PDF: its structure reaches screen readers');
    assert.ok(outline.includes('Case records') && outline.includes('Case history'), outline.join(', '));
    assert.match(text, /Subject access request: the information we hold/);
    for (const ref of [refs.own, refs.closed, refs.socialWork]) assert.ok(text.includes(ref), `${ref} in the PDF`);
    assert.ok(!text.includes(refs.asRepresentative), 'found by name only, which was not searched for');
    assert.match(text, /\[for redaction review\]/);
    assert.match(text, /a member of staff/);
    assert.match(text, /elspeth\.baird@example\.net/i);
    assert.match(text, /Case history/);
  });

  it('exports HTML with the marks in words, and lists exports newest first', async () => {
    const res = await call<string>(base, 'POST', EXPORT, { as: manager, body: { name: 'Elspeth Baird', format: 'html' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.body, /<html lang="en-GB">/);
    assert.match(res.body, /<td class="redact">[^<]*<span class="pre">|<td class="redact"><span class="pre">/);
    assert.match(res.body, /\[for redaction review\]/);
    const list = await call<{ items: SubjectAccessExport[] }>(base, 'GET', `${EXPORTS}?limit=2`, { as: manager });
    assert.equal(list.body.items.length, 2);
    assert.ok(list.body.items[0].format === 'html');
    const bad = await call<Problem>(base, 'GET', `${EXPORTS}?limit=0`, { as: manager });
    assert.equal(bad.status, 400);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await call<{ paths: Record<string, Record<string, unknown>> }>(base, 'GET', '/api/openapi.json');
    const routes = Object.entries(doc.body.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const route of [`POST ${SEARCH}`, `POST ${EXPORT}`, `GET ${EXPORTS}`, 'GET /api/cases/{ref}/access-log']) assert.ok(routes.includes(route), route);
    assert.ok(!routes.some((r) => /^(PUT|PATCH|DELETE) .*(access-log|exports)/.test(r)), 'nothing changes the logs');
  });

  it('has no way to change or delete an export record', async () => {
    const [latest] = (await call<{ items: SubjectAccessExport[] }>(base, 'GET', EXPORTS, { as: manager })).body.items;
    for (const method of ['DELETE', 'PUT', 'PATCH']) {
      assert.equal((await call(base, method, `${EXPORTS}/${encodeURIComponent(latest.id)}`, { as: manager, body: {} })).status, 404, method);
      assert.equal((await call(base, method, EXPORTS, { as: manager, body: {} })).status, 404, method);
    }
  });

  it('records who opened a social-work or legal-hold case, and from where; not ordinary cases', async () => {
    assert.equal((await call(base, 'GET', `/api/cases/${refs.socialWork}`, { as: ROLE_USERS.cswo })).status, 200);
    assert.equal((await call(base, 'GET', `/api/cases/${refs.socialWork}?via=tab`, { as: ROLE_USERS.director })).status, 200);
    assert.equal((await call(base, 'GET', `/api/cases/${refs.held}`, { as: ROLE_USERS['chief-executive'] })).status, 200);
    assert.equal((await call(base, 'GET', `/api/cases/${refs.ordinary}`, { as: ROLE_USERS.director })).status, 200);
    const seen = await call(base, 'GET', `/api/cases/${refs.socialWork}`, { as: ROLE_USERS.investigator });
    assert.equal(seen.status, 404, 'out of scope: not shown, so not an opening');

    const log = await call<AccessLog>(base, 'GET', `/api/cases/${refs.socialWork}/access-log`, { as: manager });
    assert.equal(log.status, 200);
    assert.equal(log.body.logged, true);
    const openings = log.body.items.filter((e) => e.via !== 'subject-access');
    assert.deepEqual(openings.map((e) => e.userId).sort(), [ROLE_USERS.cswo, ROLE_USERS.director].sort());
    assert.deepEqual(openings.find((e) => e.userId === ROLE_USERS.director)?.via, 'tab');
    assert.deepEqual(openings.find((e) => e.userId === ROLE_USERS.cswo)?.via, 'api');
    assert.equal(openings.find((e) => e.userId === ROLE_USERS.cswo)?.displayName, 'Dr Ewan Douglas');
    assert.ok(log.body.items.some((e) => e.via === 'subject-access' && e.userId === manager), 'the PDF export above opened it too');
    assert.ok(log.body.items.every((e, i, all) => i === 0 || all[i - 1].at >= e.at), 'newest first');
    const cswo = await call<AccessLog>(base, 'GET', `/api/cases/${refs.socialWork}/access-log`, { as: ROLE_USERS.cswo });
    assert.equal(cswo.status, 200);

    // From Outlook: the add-in pane's lookup shows the case; logging the same email again shows it too.
    const fromEmail = { kind: 'complaint', channel: 'email', socialWork: true, customer: { withheldDetails: false, anonymous: false, name: 'Ann Gow' }, nature: 'Respite care refused.', service: 'Adult Social Care', source: { kind: 'email', messageId: 'sar-outlook-item-1' } };
    const first = await call<Case>(base, 'POST', '/api/cases', { as: ROLE_USERS.director, body: fromEmail });
    assert.equal(first.status, 201);
    assert.equal((await call(base, 'GET', '/api/addin/lookup?messageId=sar-outlook-item-1', { as: ROLE_USERS.cswo })).status, 200);
    assert.equal((await call(base, 'POST', '/api/cases', { as: ROLE_USERS['chief-executive'], body: fromEmail })).status, 200);
    const outlook = await call<AccessLog>(base, 'GET', `/api/cases/${first.body.reference}/access-log`, { as: manager });
    assert.deepEqual(outlook.body.items.map((e) => [e.userId, e.via]), [
      [ROLE_USERS['chief-executive'], 'api'],
      [ROLE_USERS.cswo, 'addin'],
    ], 'logging it (201) is not an opening; the lookup and the repeated logging are');

    const held = await call<AccessLog>(base, 'GET', `/api/cases/${refs.held}/access-log`, { as: manager });
    assert.deepEqual(held.body.items.map((e) => e.userId), [ROLE_USERS['chief-executive']]);
    const ordinary = await call<AccessLog>(base, 'GET', `/api/cases/${refs.ordinary}/access-log`, { as: manager });
    assert.equal(ordinary.body.logged, false);
    assert.deepEqual(ordinary.body.items, []);
  });

  it('shows the access log only to the complaints manager and the CSWO, within their scope and organisation', async () => {
    for (const [role, user] of Object.entries(ROLE_USERS)) {
      const res = await call<Problem>(base, 'GET', `/api/cases/${refs.socialWork}/access-log`, { as: user });
      assert.equal(res.status, role === 'complaints-manager' || role === 'cswo' ? 200 : 403, role);
    }
    const cswoOnHeld = await call<Problem>(base, 'GET', `/api/cases/${refs.held}/access-log`, { as: ROLE_USERS.cswo });
    assert.equal(cswoOnHeld.status, 404, 'the CSWO does not see a roads case, nor its log');
    // Riverside numbers its cases itself: the same reference there is its own case, with its own log.
    const riverside = await call<AccessLog>(base, 'GET', `/api/cases/${refs.socialWork}/access-log`, { as: 'rha-manager' });
    assert.ok(riverside.status === 404 || (riverside.status === 200 && riverside.body.items.every((e) => e.userId.startsWith('rha-'))), JSON.stringify(riverside.body));
    const bad = await call<Problem>(base, 'GET', `/api/cases/${refs.socialWork}?via=printer`, { as: manager });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors?.map((e) => e.field), ['query.via']);
    for (const method of ['DELETE', 'PUT', 'POST']) {
      assert.equal((await call(base, method, `/api/cases/${refs.socialWork}/access-log`, { as: manager, body: {} })).status, 404, method);
    }
  });
});
