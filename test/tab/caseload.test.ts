/**
 * The caseload rules the tab shows (core/caseload.ts) and the API that serves them (/api/caseload):
 * views by role, the scope each view reads, the running clock with working days left and RAG.
 */
import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { caseloadViews, clockStatus, scopeForView } from '../../core/caseload';
import type { Actor, Case, Role, StageClock } from '../../core/types';
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

describe('GET /api/caseload', function () {
  this.timeout(60_000);
  let server: TabServer;
  const get = async <T>(user: string, url: string) => {
    const res = await fetch(server.baseUrl + url, { headers: { 'X-Dev-User': user } });
    return { status: res.status, body: (await res.json()) as T };
  };
  interface Page {
    view: string;
    items: { reference: string; owner?: { userId: string; displayName: string }; service: string; clock?: { rag: string } }[];
  }

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
});
