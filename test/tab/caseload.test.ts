/**
 * The caseload rules the tab shows (core/caseload.ts) and the API that serves them (/api/caseload):
 * views by role, the scope each view reads, the running clock with working days left and RAG.
 */
import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { randomUUID } from 'node:crypto';
import { caseloadViews, clockStatus, dueSoonRange, scopeForList, scopeForView } from '../../core/caseload';
import type { Actor, Case, Role, StageClock } from '../../core/types';
import { londonInstant, parseTime, parseUkDate } from '../../tab/src/ukDate';
import { startTabServer, type TabServer } from './server';

const actor = (roles: Role[], services: string[] = []): Actor => ({ userId: 'u1', displayName: 'U One', roles, services });
const calendar = new WorkingCalendar();
const clock = (due: string): StageClock => ({ startedOn: '2026-03-02', standardDue: due, extensionDays: 0, due });
const at = (status: Case['status'], due: string): Pick<Case, 'status' | 'stage1' | 'stage2'> => {
  const record = { clock: clock(due), extensions: [] };
  return status.startsWith('stage2')
    ? { status, stage2: { ...record, initiatedOn: '2026-03-02', route: 'direct', acknowledgeBy: '2026-03-04' } }
    : { status, stage1: record };
};

describe('caseload rules (core/caseload)', () => {
  it('offers each role the views it has', () => {
    assert.deepEqual(caseloadViews(actor(['complaint-handler'], ['Housing Repairs'])), ['mine', 'all']);
    assert.deepEqual(caseloadViews(actor(['investigator'], ['Housing Repairs'])), ['mine', 'team', 'all']);
    assert.deepEqual(caseloadViews(actor(['investigator'])), ['mine', 'all']);
    assert.deepEqual(caseloadViews(actor(['director'])), ['mine', 'all']);
    assert.deepEqual(caseloadViews(actor(['director'], ['Education'])), ['mine', 'team', 'all']);
    assert.deepEqual(caseloadViews(actor(['complaints-manager'])), ['all']);
    assert.deepEqual(caseloadViews(actor(['cswo'], ['Adult Social Care'])), ['all']);
    assert.deepEqual(caseloadViews(actor(['management-committee'])), []);
  });

  it('narrows each view inside the actor’s own scope', () => {
    const investigator = actor(['investigator'], ['Housing Repairs', 'Education']);
    assert.deepEqual(scopeForView(investigator, 'mine'), { scope: { all: false, services: ['Housing Repairs', 'Education'], userId: 'u1', socialWork: false }, owner: 'u1' });
    assert.deepEqual(scopeForView(investigator, 'team'), { scope: { all: false, services: ['Housing Repairs', 'Education'], userId: '', socialWork: false } });
    const director = actor(['director'], ['Education']);
    assert.deepEqual(scopeForView(director, 'team')?.scope, { all: false, services: ['Education'], userId: '', socialWork: false });
    assert.equal(scopeForView(director, 'all')?.scope.all, true);
    assert.equal(scopeForView(actor(['complaint-handler']), 'team'), null, 'a view not offered reads nothing');
    assert.equal(scopeForView(actor(['management-committee']), 'all'), null);
  });

  it('gives the running clock’s working days left and RAG, and none once closed', () => {
    // Tuesday 10 March 2026.
    assert.deepEqual(clockStatus(at('stage1', '2026-03-13'), calendar, '2026-03-10'), { stage: 1, due: '2026-03-13', workingDaysLeft: 3, rag: 'green', overdue: false });
    assert.equal(clockStatus(at('stage1', '2026-03-11'), calendar, '2026-03-10')?.rag, 'amber', 'due the next working day');
    assert.equal(clockStatus(at('stage1', '2026-03-10'), calendar, '2026-03-10')?.rag, 'amber', 'due today');
    // Due Friday, seen on Monday: one working day overdue.
    assert.deepEqual(clockStatus(at('stage2-signoff', '2026-03-06'), calendar, '2026-03-09'), { stage: 2, due: '2026-03-06', workingDaysLeft: -1, rag: 'red', overdue: true });
    assert.equal(clockStatus(at('stage1-closed', '2026-03-06'), calendar, '2026-03-09'), undefined);
    assert.equal(clockStatus(at('stage2-closed', '2026-03-06'), calendar, '2026-03-09'), undefined);
  });
});

describe('caseload lists and counts (core/caseload)', () => {
  it('gives the sign-off queue only to those who may sign off, leaving out their own drafts', () => {
    const head = { ...actor(['head-of-service'], ['Housing Repairs']), userId: 'boss' };
    assert.deepEqual(scopeForList(head, 'signoff'), {
      scope: { all: false, services: ['Housing Repairs'], userId: 'boss', socialWork: false },
      statuses: ['stage2-signoff'],
      notDraftedBy: 'boss',
    });
    assert.equal(scopeForList(actor(['investigator'], ['Housing Repairs']), 'signoff'), null, 'an investigator drafts, and does not sign off');
    assert.equal(scopeForList(actor(['complaints-manager']), 'signoff'), null);
    assert.deepEqual(scopeForList(head, 'team'), scopeForView(head, 'team'));
  });

  it('counts as "due soon" exactly the due dates ragStatus makes amber', () => {
    // From Thursday 5 to Wednesday 25 March 2026, every due date from 3 days back to 10 days on.
    for (let day = 5; day <= 25; day++) {
      const today = `2026-03-${String(day).padStart(2, '0')}`;
      const range = dueSoonRange(calendar, today);
      for (let offset = -3; offset <= 10; offset++) {
        const due = new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
        const amber = clockStatus(at('stage1', due), calendar, today)?.rag === 'amber';
        assert.equal(due >= range.from && due < range.before, amber, `due ${due} seen on ${today}`);
      }
    }
  });
});

describe('UK dates and London times on the new-complaint form (tab/src/ukDate)', () => {
  it('reads dd/mm/yyyy and 24-hour times, refusing what is not a real date or time', () => {
    assert.equal(parseUkDate('05/03/2026'), '2026-03-05');
    assert.equal(parseUkDate(' 5/3/2026 '), '2026-03-05');
    for (const bad of ['31/02/2026', '2026-03-05', '03/13/2026', '5/3/26', '']) assert.equal(parseUkDate(bad), undefined, bad);
    assert.equal(parseTime('9:05'), '09:05');
    for (const bad of ['24:00', '9:60', '9am', '']) assert.equal(parseTime(bad), undefined, bad);
  });

  it('turns a London wall-clock time into the instant, in winter, in summer and on the days the clocks change', () => {
    assert.equal(londonInstant('2026-01-15', '09:30'), '2026-01-15T09:30:00.000Z');
    assert.equal(londonInstant('2026-07-01', '09:30'), '2026-07-01T08:30:00.000Z');
    assert.equal(londonInstant('2026-03-29', '00:30'), '2026-03-29T00:30:00.000Z', 'before the clocks go forward at 01:00 GMT');
    assert.equal(londonInstant('2026-03-29', '03:00'), '2026-03-29T02:00:00.000Z', 'after');
    assert.equal(londonInstant('2026-10-25', '03:00'), '2026-10-25T03:00:00.000Z', 'after the clocks go back');
    assert.equal(londonInstant('2026-10-24', '23:30'), '2026-10-24T22:30:00.000Z');
  });
});

describe('GET /api/caseload', function () {
  this.timeout(60_000);
  let server: TabServer;
  const get = async <T>(user: string, url: string) => {
    const res = await fetch(server.baseUrl + url, { headers: { 'X-Dev-User': user } });
    return { status: res.status, body: (await res.json()) as T };
  };
  interface Page {
    view: string;
    total: number;
    continuation?: string;
    items: { reference: string; status: string; owner?: { userId: string; displayName: string }; service: string; clock?: { rag: string; due: string; workingDaysLeft: number; overdue: boolean } }[];
  }
  interface Counts {
    open: number;
    overdue: number;
    dueSoon: number;
  }
  const post = async <T>(user: string, url: string, body: unknown) => {
    const res = await fetch(server.baseUrl + url, { method: 'POST', headers: { 'X-Dev-User': user, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** Every row of a query, page by page. */
  const everything = async (user: string, url: string) => {
    const items: Page['items'] = [];
    let continuation: string | undefined;
    do {
      const page = await get<Page>(user, `${url}&limit=100${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      items.push(...page.body.items);
      continuation = page.body.continuation;
    } while (continuation);
    return items;
  };
  const complaint = (name: string, extra: object = {}) => ({
    kind: 'complaint',
    channel: 'in-person',
    customer: { withheldDetails: false, anonymous: false, name },
    nature: 'The bin was not collected for three weeks running.',
    service: 'Housing Repairs',
    ...extra,
  });

  before(async () => {
    server = await startTabServer({ build: false });
  });
  after(async () => server?.stop());

  it('defaults to the first view and keeps "mine" to the person’s own cases, with owner names', async () => {
    const mine = await get<Page>('demo-investigator', '/api/caseload');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.view, 'mine');
    assert.ok(mine.body.items.length > 0);
    for (const item of mine.body.items) assert.deepEqual(item.owner, { userId: 'demo-investigator', displayName: 'Callum Reid' });
  });

  it('keeps "team" to the services the person works in', async () => {
    const team = await get<Page>('demo-investigator', '/api/caseload?view=team&limit=100');
    assert.ok(team.body.items.length > 0);
    for (const item of team.body.items) assert.ok(['Housing Repairs', 'Council Tax and Benefits'].includes(item.service), item.service);
  });

  it('refuses a view the person does not have, in words', async () => {
    const refused = await get<{ detail: string }>('demo-handler', '/api/caseload?view=team');
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail, /choose one of: mine, all/);
    const committee = await get<{ detail: string }>('demo-committee', '/api/caseload');
    assert.equal(committee.status, 403);
  });

  it('lists the assignable staff and everyone’s names for the forms', async () => {
    const options = await get<{ views: string[]; staff: { userId: string }[]; people: { userId: string }[]; rootCauseCategories: string[] }>('demo-head-of-service', '/api/caseload/options');
    assert.deepEqual(options.body.views, ['mine', 'team', 'all']);
    const staff = options.body.staff.map((p) => p.userId);
    assert.ok(staff.includes('demo-handler') && staff.includes('demo-investigator'));
    assert.ok(!staff.includes('demo-complaints-manager') && !staff.includes('demo-admin'), 'only people who can own cases');
    assert.ok(options.body.people.some((p) => p.userId === 'demo-complaints-manager'));
    assert.ok(options.body.rootCauseCategories.length > 0);
  });

  it('gives one case as a row, and hides one the person cannot see', async () => {
    const some = (await get<Page>('demo-director', '/api/caseload?view=all')).body.items[0];
    const row = await get<Page['items'][number]>('demo-director', `/api/caseload/cases/${some.reference}`);
    assert.deepEqual(row.body, some);
    const all = (await get<Page>('demo-director', '/api/caseload?view=all&limit=100')).body.items;
    let hidden: string | undefined;
    for (const item of all) {
      const full = await get<{ owner?: string; loggedBy: string }>('demo-director', `/api/cases/${item.reference}`);
      if (full.body.owner !== 'demo-handler' && full.body.loggedBy !== 'demo-handler') {
        hidden = item.reference;
        break;
      }
    }
    assert.ok(hidden, 'a case the handler neither owns nor logged');
    assert.equal((await get('demo-handler', `/api/caseload/cases/${hidden}`)).status, 404);
  });

  it('counts the whole query beside each page, and filters open or closed cases', async () => {
    const open = await everything('demo-director', '/api/caseload?view=all&status=open');
    const closed = await everything('demo-director', '/api/caseload?view=all&status=closed');
    const all = await everything('demo-director', '/api/caseload?view=all');
    assert.ok(open.length > 0 && closed.length > 0);
    assert.ok(open.every((r) => r.clock), 'open cases have a running clock');
    assert.ok(closed.every((r) => !r.clock), 'closed cases have none');
    assert.equal(open.length + closed.length, all.length);
    const first = await get<Page>('demo-director', '/api/caseload?view=all&status=open&limit=5');
    assert.equal(first.body.items.length, 5);
    assert.equal(first.body.total, open.length, 'the total is of every page, not this one');
    const none = await get<Page>('demo-director', '/api/caseload?view=all&text=no-such-customer-zzz');
    assert.deepEqual([none.body.items, none.body.total], [[], 0]);
  });

  it('sorts by owner and by service on the server, soonest due first within each', async () => {
    const byOwner = await everything('demo-director', '/api/caseload?view=all&status=open&sort=owner');
    // By the owner's name as the rows show it, not by user id: unassigned first, then A to Z.
    const owners = byOwner.map((r) => r.owner?.displayName ?? '');
    assert.deepEqual(owners, [...owners].sort((a, b) => a.localeCompare(b)), 'grouped by owner, in the order of their names');
    assert.ok(new Set(owners).size > 2, 'more than two owners to order');
    assert.equal(byOwner.length, (await everything('demo-director', '/api/caseload?view=all&status=open')).length, 'unassigned cases too');
    for (let i = 1; i < byOwner.length; i++) {
      if (owners[i] === owners[i - 1]) assert.ok(byOwner[i - 1].clock!.due <= byOwner[i].clock!.due, 'soonest due first within an owner');
    }
    const byService = await everything('demo-director', '/api/caseload?view=all&sort=service');
    const services = byService.map((r) => r.service);
    assert.deepEqual(services, [...services].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.equal(byService.length, (await everything('demo-director', '/api/caseload?view=all')).length, 'every case, none dropped by the sort');
    const byDue = await everything('demo-director', '/api/caseload?view=all&status=open&sort=due');
    const daysLeft = byDue.map((r) => r.clock!.workingDaysLeft);
    assert.deepEqual(daysLeft, [...daysLeft].sort((a, b) => a - b), 'due-date order is working-days-left order');
  });

  it('refuses a sort, status or view it does not know, naming the field', async () => {
    for (const [query, field] of [['sort=colour', 'sort'], ['status=opened', 'status'], ['view=everything', 'view'], ['limit=0', 'limit']]) {
      const refused = await get<{ status: number; errors: { field: string; message: string }[] }>('demo-director', `/api/caseload?${query}`);
      if (field === 'status') assert.match(refused.body.errors[0].message, /open, closed or a status/);
      assert.equal(refused.status, 400, query);
      assert.ok(refused.body.errors.some((e) => e.field.startsWith(`query.${field}`)), `${query}: ${JSON.stringify(refused.body.errors)}`);
    }
  });

  it('counts open, overdue and due-soon cases in each view, agreeing with the lists', async () => {
    const counts = await get<{ views: Record<string, Counts>; signoff?: Counts }>('demo-investigator', '/api/caseload/counts');
    assert.equal(counts.status, 200);
    assert.deepEqual(Object.keys(counts.body.views), ['mine', 'team', 'all']);
    assert.equal(counts.body.signoff, undefined, 'an investigator signs nothing off');
    for (const view of ['mine', 'team', 'all']) {
      const open = await everything('demo-investigator', `/api/caseload?view=${view}&status=open`);
      const c = counts.body.views[view];
      assert.equal(c.open, open.length, `${view}: open`);
      assert.equal(c.overdue, open.filter((r) => r.clock?.rag === 'red').length, `${view}: overdue`);
      assert.equal(c.dueSoon, open.filter((r) => r.clock?.rag === 'amber').length, `${view}: due soon`);
    }
    assert.ok(counts.body.views.all.overdue > 0, 'the demo has overdue cases');
    assert.equal((await get('demo-committee', '/api/caseload/counts')).status, 403);
    assert.equal((await get('demo-admin', '/api/caseload/counts')).status, 403);
  });

  it('queues final positions for sign-off, leaving out the manager’s own drafts and other organisations’ cases', async () => {
    // The head of service drafts a final position of their own: it waits for someone else.
    const logged = await post<{ reference: string }>('demo-head-of-service', '/api/cases', complaint('Own Draft Customer', { startAtStage: 2 }));
    assert.equal(logged.status, 201);
    const own = logged.body.reference;
    const drafted = await post(`demo-head-of-service`, `/api/cases/${own}/actions`, { type: 'request-signoff', draftSummary: 'We will fix it.', proposedOutcome: 'upheld' });
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    // Riverside's manager has a draft waiting too, in another organisation.
    const elsewhere = await post<{ reference: string }>('rha-officer', '/api/cases', { ...complaint('Riverside Tenant', { startAtStage: 2 }), service: 'Repairs' });
    assert.equal(elsewhere.status, 201);
    assert.equal((await post('rha-officer', `/api/cases/${elsewhere.body.reference}/actions`, { type: 'request-signoff', draftSummary: 'Sorted.', proposedOutcome: 'upheld' })).status, 200);

    const headQueue = await everything('demo-head-of-service', '/api/caseload?view=signoff');
    assert.ok(headQueue.length > 0, 'the investigator’s seeded draft waits for the head of service');
    assert.ok(headQueue.every((r) => r.status === 'stage2-signoff'));
    assert.ok(!headQueue.some((r) => r.reference === own), 'not their own draft');
    const directorQueue = await everything('demo-director', '/api/caseload?view=signoff');
    assert.ok(directorQueue.some((r) => r.reference === own), 'the director may sign it off');
    assert.ok(!directorQueue.some((r) => r.reference === elsewhere.body.reference), 'nor another organisation’s case');
    const riversideQueue = await everything('rha-manager', '/api/caseload?view=signoff');
    assert.deepEqual(riversideQueue.map((r) => r.reference), [elsewhere.body.reference]);
    // Asking for another status inside the queue does not widen it.
    assert.deepEqual(await everything('demo-director', '/api/caseload?view=signoff&status=stage1'), []);

    const counts = await get<{ signoff?: Counts }>('demo-head-of-service', '/api/caseload/counts');
    assert.equal(counts.body.signoff?.open, headQueue.length);
    const refused = await get<{ detail: string }>('demo-investigator', '/api/caseload?view=signoff');
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail, /choose one of: mine, team, all/);
    const options = await get<{ signOffQueue: boolean; canLog: boolean }>('demo-head-of-service', '/api/caseload/options');
    assert.deepEqual([options.body.signOffQueue, options.body.canLog], [true, true]);
    const manager = await get<{ signOffQueue: boolean; canLog: boolean }>('demo-complaints-manager', '/api/caseload/options');
    assert.deepEqual([manager.body.signOffQueue, manager.body.canLog], [false, false]);
  });
});

describe('POST /api/cases from the tab form (idempotent on the submission id)', function () {
  this.timeout(60_000);
  let server: TabServer;
  const call = async <T>(user: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(server.baseUrl + url, { method, headers: { 'X-Dev-User': user, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const form = (submission: string, name: string) => ({
    kind: 'complaint',
    channel: 'letter',
    receivedAt: '2026-01-05T09:30:00Z',
    customer: { withheldDetails: false, anonymous: false, name },
    nature: 'The letter about my rent was never answered.',
    service: 'Housing Repairs',
    source: { kind: 'tab', messageId: submission },
  });
  const casesNamed = async (name: string) =>
    (await call<{ items: { reference: string }[] }>('demo-director', 'GET', `/api/cases?text=${encodeURIComponent(name)}&limit=100`)).body.items.map((c) => c.reference);

  before(async () => {
    server = await startTabServer({ build: false, history: false });
  });
  after(async () => server?.stop());

  it('logs once: a retried submission returns the first case', async () => {
    const submission = randomUUID();
    const first = await call<{ reference: string; source: { kind: string; messageId: string } }>('demo-handler', 'POST', '/api/cases', form(submission, 'Retry Once Customer'));
    assert.equal(first.status, 201);
    assert.deepEqual(first.body.source, { kind: 'tab', messageId: submission });
    const again = await call<{ reference: string }>('demo-handler', 'POST', '/api/cases', form(submission, 'Retry Once Customer'));
    assert.equal(again.status, 200);
    assert.equal(again.body.reference, first.body.reference);
    assert.deepEqual(await casesNamed('Retry Once Customer'), [first.body.reference]);
  });

  it('logs once when the same submission arrives twice at the same moment', async () => {
    const submission = randomUUID();
    const both = await Promise.all([1, 2].map(() => call<{ reference: string }>('demo-handler', 'POST', '/api/cases', form(submission, 'Double Click Customer'))));
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 201]);
    assert.equal(both[0].body.reference, both[1].body.reference);
    assert.deepEqual(await casesNamed('Double Click Customer'), [both[0].body.reference]);
  });

  it('refuses a submission id that is not a UUID, or message details on a form submission, naming the field', async () => {
    const bad = await call<{ errors: { field: string; message: string }[] }>('demo-handler', 'POST', '/api/cases', form('1', 'Bad Key Customer'));
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e) => e.field), ['source.messageId']);
    assert.match(bad.body.errors[0].message, /UUID/);
    const withLink = { ...form(randomUUID(), 'Bad Key Customer'), source: { kind: 'tab', messageId: randomUUID(), webLink: 'https://example.org/x' } };
    const linked = await call<{ errors: { field: string }[] }>('demo-handler', 'POST', '/api/cases', withLink);
    assert.equal(linked.status, 400);
    assert.deepEqual(linked.body.errors.map((e) => e.field), ['source.webLink']);
    assert.deepEqual(await casesNamed('Bad Key Customer'), []);
  });

  it('refuses someone who may not log cases, and keeps a case from another person who reuses the id', async () => {
    const refused = await call<{ detail: string }>('demo-complaints-manager', 'POST', '/api/cases', form(randomUUID(), 'Not Allowed Customer'));
    assert.equal(refused.status, 403);
    assert.deepEqual(await casesNamed('Not Allowed Customer'), []);
    const submission = randomUUID();
    const mine = await call<{ reference: string }>('demo-handler', 'POST', '/api/cases', { ...form(submission, 'Reused Key Customer'), service: 'Waste and Recycling' });
    assert.equal(mine.status, 201);
    // Another handler's retry with the same id cannot see the case: told it exists, shown nothing of it.
    const other = await call<{ detail: string; customer?: unknown }>('rha-officer', 'POST', '/api/cases', { ...form(submission, 'Reused Key Customer'), service: 'Repairs' });
    assert.equal(other.status, 201, 'another organisation has its own submissions');
    const investigator = await call<{ detail: string; customer?: unknown }>('demo-investigator', 'POST', '/api/cases', form(submission, 'Reused Key Customer'));
    assert.equal(investigator.status, 409);
    assert.equal(investigator.body.customer, undefined);
    assert.deepEqual(await casesNamed('Reused Key Customer'), [mine.body.reference]);
  });
});

