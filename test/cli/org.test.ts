/**
 * `chp org create|list|show|grant` against the embedded store of a data directory (the CLI attaches
 * to the server this test runs, as it would to `npm start`'s): organisations are created on purpose,
 * idempotently, with errors a person can act on.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cli/run';
import type { OrgRecord } from '../../store/index';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';

const TENANT = '0B7C4E3A-1F2D-4C5B-9A8E-7D6F5E4C3B2A';
const ADMIN = 'aaaaaaaa-1111-4111-8111-000000000001';
const ADMIN_GROUP = 'aaaaaaaa-2222-4222-8222-000000000002';
const INVESTIGATORS = 'aaaaaaaa-3333-4333-8333-000000000003';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

async function chp(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() });
  return { code, stdout, stderr, json: code === 0 && stdout ? (JSON.parse(stdout) as Record<string, unknown>) : {} };
}

async function ok(...argv: string[]): Promise<Record<string, unknown>> {
  const run = await chp(...argv);
  assert.equal(run.code, 0, `chp ${argv.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.json;
}

async function fails(code: number, pattern: RegExp, ...argv: string[]): Promise<void> {
  const run = await chp(...argv);
  assert.equal(run.code, code, `expected exit ${code}, got ${run.code}; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '', 'nothing on stdout when refused');
  assert.match(run.stderr, pattern);
}

describe('chp org: organisations created on purpose', function () {
  this.timeout(120_000);
  let f: StoreFixture;
  let dir: string;
  let settingsFile: string;
  const saved = { data: process.env.CHP_DATA_DIR, db: process.env.COSMOS_DATABASE };
  const create = (...extra: string[]) => ['org', 'create', '--org', 'strathbeag', '--name', 'Strathbeag Council', '--tenant', TENANT, '--admin-user', ADMIN, '--admin-group', ADMIN_GROUP, '--admin-name', 'Ailsa Admin', ...extra];
  const stored = async (orgId = 'strathbeag') => (await f.store.orgs.get(orgId)) as OrgRecord;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-cli-org-'));
    f = await startFixture(path.join(dir, 'data'));
    process.env.CHP_DATA_DIR = path.join(dir, 'data');
    process.env.COSMOS_DATABASE = 'chp-test';
    settingsFile = path.join(dir, 'settings.json');
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ services: ['Housing Repairs', 'Roads'], reportingYearStartMonth: 4, population: 48_210, populationYear: 2024, retentionYears: 6, localHolidays: ['2026-09-28', '2026-04-06'] }),
    );
  });
  after(async () => {
    process.env.CHP_DATA_DIR = saved.data;
    process.env.COSMOS_DATABASE = saved.db;
    await stopFixture(f);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists nothing in a new store', async () => {
    assert.deepEqual((await ok('org', 'list')).orgs, []);
  });

  it('creates an organisation with its tenant, first administrators and settings file, setup not completed', async () => {
    const out = await ok(...create('--settings', settingsFile));
    assert.equal(out.created, true);
    assert.equal(out.org, 'strathbeag');
    assert.equal(out.tenantId, TENANT.toLowerCase(), 'stored in lower case, as tokens carry it');
    assert.equal(out.setupCompletedAt, null);
    assert.match(String(out.store), /embedded Cosmos server/);
    const org = await stored();
    assert.equal(org.setupCompletedAt, undefined);
    assert.equal(org.tenantId, TENANT.toLowerCase());
    assert.deepEqual(org.roleAssignments, [
      { principalId: ADMIN, kind: 'user', roles: ['administrator'], services: [], displayName: 'Ailsa Admin' },
      { principalId: ADMIN_GROUP, kind: 'group', roles: ['administrator'], services: [], displayName: 'Administrators (group)' },
    ]);
    assert.deepEqual(org.settings.services, ['Housing Repairs', 'Roads']);
    assert.equal(org.settings.population, 48_210);
    assert.equal(org.settings.populationYear, 2024);
    assert.equal(org.settings.retentionYears, 6);
    assert.equal(org.settings.reportingYearStartMonth, 4);
    assert.deepEqual(org.settings.localHolidays, ['2026-04-06', '2026-09-28']);
    assert.ok(org.settings.rootCauseCategories.length > 0, 'root cause categories to start with');
  });

  it('running the same command again changes nothing and says so', async () => {
    const before = await stored();
    const again = await ok(...create('--settings', settingsFile));
    assert.equal(again.created, false);
    assert.deepEqual(await stored(), before);
  });

  it('refuses a command that differs from the stored organisation, saying what differs, and changes nothing', async () => {
    const before = await stored();
    await fails(1, /already exists and differs.*name: it is "Strathbeag Council", the command says "Strathbeag District Council".*Nothing was changed/, ...create().map((a) => (a === 'Strathbeag Council' ? 'Strathbeag District Council' : a)));
    const otherTenant = create().map((a) => (a === TENANT ? '99999999-9999-4999-8999-999999999999' : a));
    await fails(1, /tenant: it is "0b7c4e3a-.*", the command says "99999999-/, ...otherTenant);
    const bigger = path.join(dir, 'bigger.json');
    fs.writeFileSync(bigger, JSON.stringify({ population: 50_000 }));
    await fails(1, /population: it is 48210, the settings file says 50000/, ...create('--settings', bigger));
    const stranger = create().map((a) => (a === ADMIN ? 'bbbbbbbb-1111-4111-8111-000000000009' : a));
    await fails(1, /administrator: user bbbbbbbb-1111-4111-8111-000000000009 is not an administrator there/, ...stranger);
    assert.deepEqual(await stored(), before);
  });

  it('two people creating the same organisation at once: one creates it, the other finds it', async () => {
    const runs = await Promise.all([chp(...create().map((a) => a.replace('strathbeag', 'twice'))), chp(...create().map((a) => a.replace('strathbeag', 'twice')))]);
    assert.deepEqual(runs.map((r) => r.code), [0, 0], runs.map((r) => r.stderr).join());
    assert.deepEqual(runs.map((r) => r.json.created).sort(), [false, true]);
    assert.ok(await f.store.orgs.get('twice'));
  });

  const wrongCommandLines: [string, RegExp, string[]][] = [
    ['no action', /say what to do: chp org create\|list\|show\|grant/, ['org']],
    ['an unknown action', /the action is one of create, list, show, grant, revoke, not "delete"/, ['org', 'delete', '--org', 'strathbeag']],
    ['a tenant id that is not a GUID', /--tenant: the tenant id must be a GUID/, ['org', 'create', '--org', 'x1', '--name', 'X Council', '--tenant', 'contoso.onmicrosoft.com', '--admin-user', ADMIN]],
    ['a short id with capitals and spaces', /--org: the short id is 1 to 40 lower-case letters/, ['org', 'create', '--org', 'Glen More', '--name', 'X Council', '--tenant', TENANT, '--admin-user', ADMIN]],
    ['no first administrator', /name the first administrator: --admin-user .* --admin-group/, ['org', 'create', '--org', 'x2', '--name', 'X Council', '--tenant', TENANT]],
    ['an administrator that is not an object id', /--admin-user: an administrator’s object id must be a GUID/, ['org', 'create', '--org', 'x3', '--name', 'X Council', '--tenant', TENANT, '--admin-user', 'ailsa@strathbeag.gov.uk']],
    ['an option of another action', /chp org list does not take --roles/, ['org', 'list', '--roles', 'administrator']],
    ['an unknown role', /"boss" is not a role; the roles are complaint-handler, investigator/, ['org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'group', '--roles', 'investigator,boss']],
    ['a kind that is neither user nor group', /--kind: is user or group/, ['org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'team', '--roles', 'investigator']],
    ['a grant without roles', /--roles: give at least one role/, ['org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'group']],
  ];
  for (const [what, message, argv] of wrongCommandLines) {
    it(`refuses ${what} (exit 2) before touching the store`, async () => {
      const count = (await f.store.orgs.list()).length;
      await fails(2, message, ...argv);
      assert.equal((await f.store.orgs.list()).length, count);
    });
  }

  it('refuses an unusable settings file (exit 1) and says which keys it takes', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ reportingYearStartMonth: 13, servces: ['Roads'] }));
    await fails(1, /settings file ".*bad\.json" is not usable — .*reportingYearStartMonth: is a month number, 1 to 12.*servces.*Keys \(all optional\): services/, ...create('--settings', bad).map((a) => a.replace('strathbeag', 'x4')));
    fs.writeFileSync(bad, '{"services": [');
    await fails(1, /is not valid JSON/, ...create('--settings', bad).map((a) => a.replace('strathbeag', 'x4')));
    await fails(1, /settings file "missing\.json" does not exist/, ...create('--settings', 'missing.json').map((a) => a.replace('strathbeag', 'x4')));
    assert.equal(await f.store.orgs.get('x4'), undefined);
  });

  it('lists the organisations and shows one whole record', async () => {
    const listed = (await ok('org', 'list')).orgs as Record<string, unknown>[];
    assert.deepEqual(listed.map((o) => o.org), ['strathbeag', 'twice']);
    assert.equal(listed[0].name, 'Strathbeag Council');
    assert.deepEqual((listed[0].administrators as { principalId: string }[]).map((a) => a.principalId), [ADMIN, ADMIN_GROUP]);
    const shown = await ok('org', 'show', '--org', 'strathbeag');
    assert.deepEqual(shown.org, await stored());
    await fails(1, /there is no organisation "nowhere"/, 'org', 'show', '--org', 'nowhere');
  });

  it('grants roles to a group, merges a second grant, and changes nothing when granted twice', async () => {
    const first = await ok('org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'group', '--roles', 'investigator', '--services', 'Housing Repairs', '--display-name', 'Housing investigators');
    assert.equal(first.changed, true);
    const again = await ok('org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'group', '--roles', 'investigator', '--services', 'Housing Repairs');
    assert.equal(again.changed, false);
    const more = await ok('org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'group', '--roles', 'complaint-handler', '--services', 'Roads');
    assert.deepEqual(more.roles, ['investigator', 'complaint-handler']);
    assert.deepEqual(more.services, ['Housing Repairs', 'Roads']);
    const assignment = (await stored()).roleAssignments.find((a) => a.principalId === INVESTIGATORS);
    assert.deepEqual(assignment, { principalId: INVESTIGATORS, kind: 'group', roles: ['investigator', 'complaint-handler'], services: ['Housing Repairs', 'Roads'], displayName: 'Housing investigators' });
  });

  it('refuses a grant that cannot be right: unknown organisation, unknown service, a user id already given as a group', async () => {
    const before = await stored();
    await fails(1, /there is no organisation "nowhere"/, 'org', 'grant', '--org', 'nowhere', '--principal', INVESTIGATORS, '--kind', 'group', '--roles', 'investigator');
    await fails(1, /"strathbeag" has no service "Parks"; its services are Housing Repairs, Roads/, 'org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'group', '--roles', 'investigator', '--services', 'Parks');
    await fails(1, /already assigned in "strathbeag" as a group, not a user; check --kind/, 'org', 'grant', '--org', 'strathbeag', '--principal', INVESTIGATORS, '--kind', 'user', '--roles', 'investigator');
    assert.deepEqual(await stored(), before);
  });

  it('is the way back in when every administrator has left', async () => {
    await f.store.orgs.update('strathbeag', (org) => ({ ...org, roleAssignments: org.roleAssignments.filter((a) => !a.roles.includes('administrator')) }));
    assert.ok(!(await stored()).roleAssignments.some((a) => a.roles.includes('administrator')));
    const newcomer = 'cccccccc-1111-4111-8111-00000000000c';
    const granted = await ok('org', 'grant', '--org', 'strathbeag', '--principal', newcomer.toUpperCase(), '--kind', 'user', '--roles', 'administrator', '--display-name', 'Niall New');
    assert.equal(granted.principalId, newcomer);
    assert.deepEqual((await stored()).roleAssignments.find((a) => a.principalId === newcomer), { principalId: newcomer, kind: 'user', roles: ['administrator'], services: [], displayName: 'Niall New' });
  });
});
