/**
 * First run and organisation settings over HTTP: the profile, services added / renamed / retired
 * (history kept), population with its year, group assignments, finishing the setup, people and group
 * search (demo staff; Microsoft Graph on the administrator's behalf), and what a signed-in person with
 * no role — or from a tenant with no organisation — is told.
 */
import assert from 'node:assert/strict';
import { createApp } from '../../server/app';
import { createEntraVerifier } from '../../server/auth/entra';
import { createDirectoryGraph, createOnBehalfOfTokenSource } from '../../server/graph/index';
import { redirectingNetworkClient } from '../../server/graph/network';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from '../addin/graph-fakes';
import { AUDIENCE, call, Harness, ISSUER_TEMPLATE, listen, NOW, ROLE_USERS, TENANT_A, TENANT_B, TENANT_UNLISTED } from './harness';

type Problem = { status: number; detail: string; code?: string; errors?: { field: string; message: string }[] };
interface Me {
  userId: string;
  roles: string[];
  permissions: string[];
  services: string[];
  org: { id: string; name: string; setupCompleted: boolean };
  noRole?: { orgName: string; administrators: string[]; contact?: string; message: string };
}
interface Services { services: string[]; retiredServices: string[]; formerServiceNames: Record<string, string> }
interface Quarterly { indicators: { byService: Record<string, { kpi4Received: { total: number } }> } }

const TENANT_NEW = '44444444-4444-4444-8444-444444444444';

describe('server: first-run setup and organisation settings', function () {
  this.timeout(60_000);
  const h = new Harness();
  let base = '';
  let entra = '';
  let cloud: MicrosoftCloudFake;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    await h.start();
    base = await h.app();
    // A new organisation as `chp org create` leaves it: a first administrator, the setup not finished.
    await h.store.orgs.put({
      settings: {
        orgId: 'lochside',
        name: 'Lochside Council',
        population: 0,
        services: [],
        localHolidays: [],
        workedHolidays: [],
        rootCauseCategories: ['Communication', 'Delay'],
        retentionYears: 5,
        reportingYearStartMonth: 4,
      },
      roleAssignments: [{ principalId: 'lochside-admin', roles: ['administrator'], services: [], displayName: 'Eilidh Munro', kind: 'user' }],
      tenantId: TENANT_NEW,
    });
    cloud = await startMicrosoftCloudFake();
    cloud.directory.users.push(
      { id: 'a0a0a0a0-0000-4000-8000-000000000001', displayName: 'Morag Fraser', mail: 'morag.fraser@glenmore.example', userPrincipalName: 'mfraser@glenmore.example' },
      { id: 'a0a0a0a0-0000-4000-8000-000000000002', displayName: 'Moira Hughes', mail: 'moira.hughes@glenmore.example' },
      { id: 'a0a0a0a0-0000-4000-8000-000000000003', displayName: 'Callum Reid', mail: 'callum.reid@glenmore.example' },
    );
    cloud.directory.groups.push({ id: 'b0b0b0b0-0000-4000-8000-000000000001', displayName: 'Complaints handlers', description: 'Frontline complaints staff' });
    const app = createApp({
      store: h.store,
      verifier: createEntraVerifier({ jwksUrl: h.jwksUrl, issuerTemplate: ISSUER_TEMPLATE, audiences: [AUDIENCE], allowedTenants: [TENANT_A, TENANT_B, TENANT_NEW, TENANT_UNLISTED] }),
      devSignIn: false,
      clock: () => NOW,
      logger: h.logger,
      orgCacheMs: 0,
    });
    app.locals.directoryGraph = createDirectoryGraph({
      tokens: createOnBehalfOfTokenSource({
        tenantId: cloud.tenantId,
        clientId: cloud.clientId,
        clientSecret: cloud.clientSecret,
        authorityHost: 'https://login.test',
        networkClient: redirectingNetworkClient({ 'https://login.test': cloud.origin }),
        scopes: ['https://graph.microsoft.com/User.ReadBasic.All', 'https://graph.microsoft.com/GroupMember.Read.All'],
      }),
      baseUrl: `${cloud.origin}/v1.0`,
    });
    const running = await listen(app);
    closers.push(running.close);
    entra = running.baseUrl;
  });
  after(async () => {
    for (const close of closers) await close();
    await cloud?.close();
    await h.stop();
  });

  describe('first run', () => {
    it('tells the administrator of a new organisation that the setup is not finished, and finishing sets the date once', async () => {
      const token = await h.token({ oid: 'lochside-admin', tid: TENANT_NEW, name: 'Eilidh Munro' });
      const before = await call<Me>(entra, 'GET', '/api/me', { token });
      assert.equal(before.status, 200);
      assert.equal(before.body.org.setupCompleted, false);
      assert.deepEqual(before.body.permissions, ['settings.manage', 'jobs.run']);
      const empty = await call<Problem>(entra, 'POST', '/api/org/setup-complete', { token });
      assert.equal(empty.status, 422, 'no service yet');
      assert.match(empty.body.detail, /at least one service/);

      assert.equal((await call(entra, 'PUT', '/api/org/services', { token, body: { services: ['Housing', 'Roads'] } })).status, 200);
      const done = await call<{ setupCompletedAt: string }>(entra, 'POST', '/api/org/setup-complete', { token });
      assert.equal(done.status, 200);
      assert.equal(done.body.setupCompletedAt, NOW.toISOString());
      assert.equal((await h.store.orgs.get('lochside'))?.setupCompletedAt, NOW.toISOString());
      const after = await call<Me>(entra, 'GET', '/api/me', { token });
      assert.equal(after.body.org.setupCompleted, true);
      const again = await call<{ setupCompletedAt: string }>(entra, 'POST', '/api/org/setup-complete', { token });
      assert.equal(again.body.setupCompletedAt, NOW.toISOString());
    });

    it('refuses to finish the setup for anyone but an administrator', async () => {
      for (const user of ['demo-complaints-manager', 'demo-director']) {
        const res = await call<Problem>(base, 'POST', '/api/org/setup-complete', { as: user });
        assert.equal(res.status, 403, user);
      }
    });
  });

  describe('the organisation profile', () => {
    it('saves the name, contact, reporting year and retention, and the contact can be removed', async () => {
      const body = { name: 'Glenmore Council', contact: 'ICT service desk, ext 4400', reportingYearStartMonth: 4, retentionYears: 6 };
      const saved = await call(base, 'PUT', '/api/org/profile', { as: 'demo-admin', body });
      assert.equal(saved.status, 200);
      assert.deepEqual(saved.body, body);
      const me = await call<Me>(base, 'GET', '/api/me', { as: 'demo-handler' });
      assert.equal(me.body.org.name, 'Glenmore Council');
      const stored = await h.store.orgs.get('glenmore');
      assert.equal(stored?.settings.retentionYears, 6);
      const withoutContact = await call(base, 'PUT', '/api/org/profile', { as: 'demo-admin', body: { ...body, contact: '' } });
      assert.deepEqual(withoutContact.body, { name: 'Glenmore Council', reportingYearStartMonth: 4, retentionYears: 6 });
      await call(base, 'PUT', '/api/org/profile', { as: 'demo-admin', body: { ...body, contact: 'the ICT service desk, ext 4400' } });
    });

    it('names each invalid field', async () => {
      const cases: [string, unknown, string[]][] = [
        ['/api/org/profile', { name: ' ', reportingYearStartMonth: 13, retentionYears: 0 }, ['name', 'reportingYearStartMonth', 'retentionYears']],
        ['/api/org/profile', { name: 'X', reportingYearStartMonth: 4.5, retentionYears: 5, colour: 'red' }, ['reportingYearStartMonth', '(body)']],
        ['/api/org/population', { population: 1000, populationYear: 1800 }, ['populationYear']],
        ['/api/org/services', { services: ['A'], rename: [{ from: 'A' }] }, ['rename[0].to']],
        ['/api/org/role-assignments', { roleAssignments: [{ principalId: 'g', roles: ['administrator'], displayName: 'G', kind: 'team' }] }, ['roleAssignments[0].kind']],
      ];
      for (const [url, body, fields] of cases) {
        const res = await call<Problem>(base, 'PUT', url, { as: 'demo-admin', body });
        assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}`);
        assert.deepEqual(res.body.errors?.map((e) => e.field), fields, JSON.stringify(body));
      }
      const directory = await call<Problem>(base, 'GET', '/api/org/directory?kind=robot&q=a', { as: 'demo-admin' });
      assert.equal(directory.status, 400);
      assert.deepEqual(directory.body.errors?.map((e) => e.field), ['query.kind', 'query.q']);
    });

    it('keeps the population with the year of the estimate', async () => {
      const saved = await call(base, 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 92_900, populationYear: 2025 } });
      assert.deepEqual(saved.body, { population: 92_900, populationYear: 2025 });
      const without = await call(base, 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 92_900 } });
      assert.deepEqual(without.body, { population: 92_900 });
    });
  });

  describe('services over time', () => {
    const received = async (service: string) => {
      const report = await call<Quarterly>(base, 'GET', '/api/reports/quarterly?period=2025/26-Q4&format=json', { as: 'demo-complaints-manager' });
      assert.equal(report.status, 200);
      return report.body.indicators.byService[service]?.kpi4Received.total;
    };

    it('renames a service: its cases keep the recorded name, report under the new one, and its people follow it', async () => {
      const before = await received('Council Tax and Benefits');
      assert.ok(before && before > 0, 'the demo history has cases of the service this quarter');
      const current = await call<Services>(base, 'GET', '/api/org/services', { as: 'demo-admin' });
      const res = await call<Services>(base, 'PUT', '/api/org/services', {
        as: 'demo-admin',
        body: { services: current.body.services, rename: [{ from: 'Council Tax and Benefits', to: 'Revenues and Benefits' }] },
      });
      assert.equal(res.status, 200);
      assert.ok(res.body.services.includes('Revenues and Benefits'));
      assert.ok(!res.body.services.includes('Council Tax and Benefits'));
      assert.deepEqual(res.body.formerServiceNames, { 'Council Tax and Benefits': 'Revenues and Benefits' });
      assert.equal(await received('Revenues and Benefits'), before, 'every earlier case is counted under the new name');
      assert.equal(await received('Council Tax and Benefits'), undefined, 'and no longer under the old one');

      const stored = await h.store.orgs.get('glenmore');
      assert.deepEqual(stored?.roleAssignments.find((a) => a.principalId === 'demo-investigator')?.services, ['Housing Repairs', 'Revenues and Benefits']);
      // The investigator still sees the cases recorded under the former name.
      const caseload = await call<{ items: { service: string }[] }>(base, 'GET', '/api/cases?service=Council%20Tax%20and%20Benefits&limit=5', { as: 'demo-investigator' });
      assert.equal(caseload.status, 200);
      assert.ok(caseload.body.items.length > 0, 'cases of the former name are still in their scope');

      // Filtering by the new name finds the cases recorded under the old one.
      const filtered = await call<{ items: { service: string }[] }>(base, 'GET', '/api/cases?service=Revenues%20and%20Benefits&limit=100', { as: 'demo-director' });
      assert.ok(filtered.body.items.some((c) => c.service === 'Council Tax and Benefits'), 'former-name cases are found by the new name');
      assert.ok(filtered.body.items.every((c) => ['Council Tax and Benefits', 'Revenues and Benefits'].includes(c.service)));
      const rows = await call<{ items: { service: string }[] }>(base, 'GET', '/api/caseload?view=all&service=Revenues%20and%20Benefits&limit=100', { as: 'demo-director' });
      assert.equal(rows.status, 200);
      assert.ok(rows.body.items.some((c) => c.service === 'Council Tax and Benefits'));

      const newCase = { kind: 'complaint', channel: 'phone', customer: { withheldDetails: true, anonymous: true }, nature: 'Letter unclear.' };
      const old = await call<Problem>(base, 'POST', '/api/cases', { as: 'demo-investigator', body: { ...newCase, service: 'Council Tax and Benefits' } });
      assert.equal(old.status, 422, 'the former name is not offered for new cases');
      const renamed = await call(base, 'POST', '/api/cases', { as: 'demo-investigator', body: { ...newCase, service: 'Revenues and Benefits' } });
      assert.equal(renamed.status, 201);
    });

    it('retires a service: no longer offered, still reported; leaving one out retires it rather than losing it', async () => {
      const before = await received('Education');
      const current = await call<Services>(base, 'GET', '/api/org/services', { as: 'demo-admin' });
      const res = await call<Services>(base, 'PUT', '/api/org/services', {
        as: 'demo-admin',
        body: { services: current.body.services.filter((s) => s !== 'Education' && s !== 'Libraries and Leisure'), retire: ['Education'] },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.retiredServices, ['Education', 'Libraries and Leisure']);
      assert.equal(await received('Education'), before);
      const me = await call<Me & { org: { services: string[] } }>(base, 'GET', '/api/me', { as: 'demo-handler' });
      assert.ok(!me.body.org.services.includes('Education'), 'not offered to the forms');
      const options = await call<{ services: string[]; retiredServices: string[] }>(base, 'GET', '/api/caseload/options', { as: 'demo-director' });
      assert.ok(!options.body.services.includes('Education'));
      assert.deepEqual(options.body.retiredServices, ['Education', 'Libraries and Leisure'], 'still there to find their cases');
      const refused = await call<Problem>(base, 'POST', '/api/cases', {
        as: 'demo-handler',
        body: { kind: 'complaint', channel: 'phone', customer: { withheldDetails: true, anonymous: true }, nature: 'School transport late.', service: 'Education' },
      });
      assert.equal(refused.status, 422);
    });

    it('refuses a rename onto a name in use or used before, and retiring what it offers', async () => {
      const current = await call<Services>(base, 'GET', '/api/org/services', { as: 'demo-admin' });
      const attempts: [unknown, RegExp][] = [
        [{ services: current.body.services, rename: [{ from: 'Housing Repairs', to: 'Education' }] }, /already used/],
        [{ services: current.body.services, rename: [{ from: 'Housing Repairs', to: 'Council Tax and Benefits' }] }, /already used, or was used before/],
        [{ services: [...current.body.services, 'Council Tax and Benefits'] }, /former name of "Revenues and Benefits"/],
        [{ services: current.body.services, retire: ['Housing Repairs'] }, /both offered and retired/],
        [{ services: current.body.services, rename: [{ from: 'Cemeteries and Crematoria', to: 'X' }] }, /not one of the organisation's services/],
      ];
      for (const [body, detail] of attempts) {
        const res = await call<Problem>(base, 'PUT', '/api/org/services', { as: 'demo-admin', body });
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.match(res.body.detail, detail);
      }
      assert.deepEqual((await call<Services>(base, 'GET', '/api/org/services', { as: 'demo-admin' })).body, current.body, 'nothing changed');
    });

    it('refuses a role assignment naming a service the organisation does not have', async () => {
      const roles = await call<{ roleAssignments: object[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' });
      const res = await call<Problem>(base, 'PUT', '/api/org/role-assignments', {
        as: 'demo-admin',
        body: { roleAssignments: [...roles.body.roleAssignments, { principalId: 'x1', roles: ['investigator'], services: ['Space Programme'], displayName: 'Ann Other' }] },
      });
      assert.equal(res.status, 422);
      assert.match(res.body.detail, /Ann Other.*"Space Programme"/);
    });
  });

  describe('role assignments by Entra group', () => {
    it('gives a group’s members its roles when they sign in with the group in their token', async () => {
      const roles = await call<{ roleAssignments: object[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' });
      const group = { principalId: 'b0b0b0b0-0000-4000-8000-000000000001', roles: ['complaint-handler'], services: ['Housing Repairs'], displayName: 'Complaints handlers', kind: 'group' };
      const saved = await call(base, 'PUT', '/api/org/role-assignments', { as: 'demo-admin', body: { roleAssignments: [...roles.body.roleAssignments, group] } });
      assert.equal(saved.status, 200);
      const member = await call<Me>(entra, 'GET', '/api/me', { token: await h.token({ oid: 'c0c0c0c0-0000-4000-8000-000000000009', groups: [group.principalId] }) });
      assert.deepEqual(member.body.roles, ['complaint-handler']);
      assert.deepEqual(member.body.services, ['Housing Repairs']);
    });
  });

  describe('finding people and groups', () => {
    it('searches the demo staff with development sign-in', async () => {
      const res = await call<{ source: string; items: { id: string; displayName: string; kind: string }[] }>(base, 'GET', '/api/org/directory?kind=user&q=mor', { as: 'demo-admin' });
      assert.equal(res.status, 200);
      assert.equal(res.body.source, 'demo');
      assert.deepEqual(res.body.items.map((i) => i.id), ['demo-handler']);
    });

    it('searches Microsoft Graph on the administrator’s behalf with $search and ConsistencyLevel: eventual', async () => {
      const token = await h.token({ oid: 'demo-admin', tid: TENANT_A });
      const people = await call<{ source: string; items: { id: string; displayName: string; detail?: string }[] }>(entra, 'GET', '/api/org/directory?kind=user&q=mo', { token });
      assert.equal(people.status, 200, JSON.stringify(people.body));
      assert.equal(people.body.source, 'graph');
      assert.deepEqual(people.body.items.map((i) => i.displayName), ['Morag Fraser', 'Moira Hughes']);
      assert.equal(people.body.items[0].detail, 'morag.fraser@glenmore.example');
      const search = cloud.requests.filter((r) => r.path === '/v1.0/users').at(-1);
      assert.equal(search?.consistencyLevel, 'eventual');
      assert.match(decodeURIComponent(search?.query ?? ''), /\$search="displayName:mo"/);
      const obo = cloud.tokenRequests.at(-1);
      assert.match(obo?.scope ?? '', /User\.ReadBasic\.All/);
      assert.match(obo?.scope ?? '', /GroupMember\.Read\.All/);
      const groups = await call<{ items: { id: string; kind: string }[] }>(entra, 'GET', '/api/org/directory?kind=group&q=compl', { token });
      assert.deepEqual(groups.body.items, [{ id: 'b0b0b0b0-0000-4000-8000-000000000001', displayName: 'Complaints handlers', detail: 'Frontline complaints staff', kind: 'group' }]);
    });

    it('is for administrators only', async () => {
      const res = await call<Problem>(base, 'GET', '/api/org/directory?kind=user&q=mor', { as: 'demo-complaints-manager' });
      assert.equal(res.status, 403);
    });
  });

  describe('another organisation and other roles', () => {
    it('lets an administrator change only their own organisation', async () => {
      const res = await call(base, 'PUT', '/api/org/profile', { as: 'rha-admin', body: { name: 'Riverside HA', reportingYearStartMonth: 7, retentionYears: 7 } });
      assert.equal(res.status, 200);
      assert.equal((await h.store.orgs.get('riverside'))?.settings.name, 'Riverside HA');
      assert.equal((await h.store.orgs.get('glenmore'))?.settings.name, 'Glenmore Council');
      // Riverside's administrator signing in with a token from Glenmore's tenant gets no role there.
      const cross = await call<Problem>(entra, 'PUT', '/api/org/profile', { token: await h.token({ oid: 'rha-admin', tid: TENANT_A }), body: { name: 'Taken', reportingYearStartMonth: 1, retentionYears: 1 } });
      assert.equal(cross.status, 403);
      assert.equal((await h.store.orgs.get('glenmore'))?.settings.name, 'Glenmore Council');
    });

    for (const [role, user] of Object.entries(ROLE_USERS).filter(([r]) => r !== 'administrator')) {
      it(`refuses the ${role} the profile, services and setup`, async () => {
        const profile = await call<Problem>(base, 'PUT', '/api/org/profile', { as: user, body: { name: 'Mine now', reportingYearStartMonth: 1, retentionYears: 1 } });
        assert.equal(profile.status, 403);
        assert.match(profile.body.detail, /manage the organisation’s settings/);
        assert.equal((await call(base, 'GET', '/api/org/services', { as: user })).status, 403);
      });
    }
  });

  describe('a person with no role', () => {
    it('is told who they are, the organisation, and whom to ask (development sign-in)', async () => {
      const me = await call<Me>(base, 'GET', '/api/me', { as: 'demo-no-role' });
      assert.equal(me.status, 200);
      assert.deepEqual(me.body.roles, []);
      assert.deepEqual(me.body.permissions, []);
      assert.deepEqual((me.body.org as { services?: string[] }).services, [], 'nothing of the organisation beyond its name');
      // The name and contact as the administrator last saved them (earlier tests change them).
      const { name, contact } = (await h.store.orgs.get('glenmore'))!.settings;
      assert.ok(contact, 'the demo organisation has a contact');
      assert.equal(me.body.noRole?.orgName, name);
      assert.deepEqual(me.body.noRole?.administrators, ['Ross Baird']);
      assert.equal(me.body.noRole?.contact, contact);
      assert.equal(me.body.noRole?.message, `You are signed in, but you have no role in ${name}'s complaints handling yet: ask an administrator — Ross Baird — to give you one. Contact: ${contact}`);
      const withRole = await call<Me>(base, 'GET', '/api/me', { as: 'demo-handler' });
      assert.equal(withRole.body.noRole, undefined);
    });

    it('is refused everything else with a 403 naming the administrators', async () => {
      const attempts: [string, string, unknown?][] = [
        ['GET', '/api/cases'],
        ['GET', '/api/caseload'],
        ['GET', '/api/reports/quarterly?format=json'],
        ['GET', '/api/org'],
        ['PUT', '/api/org/profile', { name: 'Mine', reportingYearStartMonth: 1, retentionYears: 1 }],
        ['POST', '/api/cases', {}],
      ];
      for (const [method, url, body] of attempts) {
        const res = await call<Problem>(base, method, url, { as: 'demo-no-role', body });
        assert.equal(res.status, 403, `${method} ${url}`);
        assert.equal(res.body.code, 'no-role');
        assert.match(res.body.detail, /Ross Baird/);
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      }
    });

    it('is told the same with an Entra token of the organisation’s tenant, with the group administrators named', async () => {
      const me = await call<Me>(entra, 'GET', '/api/me', { token: await h.token({ oid: 'someone-new', name: 'Someone New' }) });
      assert.equal(me.status, 200);
      assert.deepEqual(me.body.roles, []);
      assert.equal(me.body.org.id, 'glenmore');
      assert.ok(me.body.noRole?.administrators.includes('Ross Baird'));
      const cases = await call<Problem>(entra, 'GET', '/api/cases', { token: await h.token({ oid: 'someone-new' }) });
      assert.equal(cases.status, 403);
      assert.match(cases.body.detail, /Ross Baird/);
    });

    it('from a tenant with no organisation at all: a 403 saying it is not set up and what to tell IT', async () => {
      const res = await call<Problem>(entra, 'GET', '/api/me', { token: await h.token({ oid: 'visitor', tid: TENANT_UNLISTED }) });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'no-organisation');
      assert.match(res.body.detail, /not set up in the complaints service yet\. Tell your IT team/);
      assert.match(res.body.detail, new RegExp(TENANT_UNLISTED));
    });
  });
});
