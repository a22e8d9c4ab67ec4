/**
 * `chp org grant` and `chp org revoke` under an organisation's own role definitions: they take the
 * organisation's role ids (added and renamed roles included), refuse unknown ids listing the valid
 * ones, keep the procedure's guard rails (someone always manages the settings), and are recorded in
 * the audit like changes made in the tab. Against the embedded store the CLI attaches to.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cli/run';
import { presetDefinitions, roleRuleProblems, type RoleDefinition } from '../../core/roles';
import type { OrgRecord } from '../../store/index';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';

const TENANT = '0b7c4e3a-1f2d-4c5b-9a8e-7d6f5e4c3b2b';
const ADMIN = 'aaaaaaaa-1111-4111-8111-0000000000a1';
const SECOND_ADMIN = 'aaaaaaaa-1111-4111-8111-0000000000a2';
const LIAISON = 'aaaaaaaa-1111-4111-8111-0000000000b1';
const ADVISERS = 'aaaaaaaa-2222-4222-8222-0000000000c1';

async function chp(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; json: Record<string, unknown> }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() });
  return { code, stdout, stderr, json: code === 0 && stdout ? (JSON.parse(stdout) as Record<string, unknown>) : {} };
}

/** The SPSO liaison officer of the council preset, the complaints manager renamed, and an added frontline role. */
const ADVISER: RoleDefinition = { id: 'customer-service-adviser', name: 'Customer service adviser', description: 'Takes complaints at the front desk.', permissions: ['case.create', 'case.read'], caseScope: 'own', socialWork: false };
const DEFINITIONS: RoleDefinition[] = [...presetDefinitions('council').map((d) => (d.id === 'complaints-manager' ? { ...d, name: 'Complaints and feedback manager' } : d)), ADVISER];

describe('chp org grant and revoke: the organisation’s own roles', function () {
  this.timeout(120_000);
  let f: StoreFixture;
  let dir: string;
  const saved = { data: process.env.CHP_DATA_DIR, db: process.env.COSMOS_DATABASE };
  const stored = async () => (await f.store.orgs.get('kilbrannan')) as OrgRecord;
  const audit = async () => (await f.store.audit.listAssignmentChanges('kilbrannan')).items;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-cli-org-roles-'));
    f = await startFixture(path.join(dir, 'data'));
    process.env.CHP_DATA_DIR = path.join(dir, 'data');
    process.env.COSMOS_DATABASE = 'chp-test';
    const created = await chp('org', 'create', '--org', 'kilbrannan', '--name', 'Kilbrannan Council', '--tenant', TENANT, '--admin-user', ADMIN, '--admin-name', 'Ailsa Admin');
    assert.equal(created.code, 0, created.stderr);
    await f.store.orgs.update('kilbrannan', (org) => ({ ...org, settings: { ...org.settings, services: ['Housing', 'Roads'] }, roleDefinitions: DEFINITIONS }));
    assert.deepEqual(roleRuleProblems(DEFINITIONS, (await stored()).roleAssignments), []);
  });
  after(async () => {
    process.env.CHP_DATA_DIR = saved.data;
    process.env.COSMOS_DATABASE = saved.db;
    await stopFixture(f);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the first administrators of a new organisation as the first change to who holds the roles', async () => {
    const [first, ...more] = await audit();
    assert.equal(more.length, 0);
    assert.equal(first.via, 'cli');
    assert.deepEqual(first.changes, [{ principalId: ADMIN, kind: 'user', displayName: 'Ailsa Admin', before: null, after: { roles: ['administrator'], services: [] } }]);
    // Creating it again changes nothing and records nothing.
    const again = await chp('org', 'create', '--org', 'kilbrannan', '--name', 'Kilbrannan Council', '--tenant', TENANT, '--admin-user', ADMIN, '--admin-name', 'Ailsa Admin');
    assert.equal(again.json.created, false, again.stderr);
    assert.equal((await audit()).length, 1);
  });

  it('grants the organisation’s own roles, an added one included, and records who ran it, before and after', async () => {
    const liaison = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', LIAISON, '--kind', 'user', '--roles', 'spso-liaison-officer,complaints-manager', '--display-name', 'Fiona Liaison');
    assert.equal(liaison.code, 0, liaison.stderr);
    assert.deepEqual(liaison.json.roles, ['spso-liaison-officer', 'complaints-manager']);
    const advisers = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', ADVISERS, '--kind', 'group', '--roles', 'customer-service-adviser', '--display-name', 'Front desk');
    assert.equal(advisers.code, 0, advisers.stderr);
    assert.deepEqual((await stored()).roleAssignments.find((a) => a.principalId === ADVISERS)?.roles, ['customer-service-adviser']);

    const records = (await audit()).filter((r) => !r.changes.some((c) => c.principalId === ADMIN));
    assert.equal(records.length, 2);
    for (const r of records) {
      assert.equal(r.via, 'cli');
      assert.match(r.userId, /^cli:./);
      assert.match(r.displayName, /\(chp command line\)$/);
      assert.ok(!Number.isNaN(Date.parse(r.at)));
    }
    const liaisonRecord = records.find((r) => r.changes.some((c) => c.principalId === LIAISON))!;
    assert.deepEqual(liaisonRecord.changes, [{ principalId: LIAISON, kind: 'user', displayName: 'Fiona Liaison', before: null, after: { roles: ['spso-liaison-officer', 'complaints-manager'], services: [] } }]);

    // The same grant again changes nothing and records nothing.
    const again = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', ADVISERS, '--kind', 'group', '--roles', 'customer-service-adviser');
    assert.equal(again.json.changed, false);
    assert.equal((await audit()).length, 3);
  });

  it('refuses a role id the organisation does not have (exit 2), listing its roles, and changes nothing', async () => {
    const before = await stored();
    const run = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', LIAISON, '--kind', 'user', '--roles', 'investigator,spso-liason-officer');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--roles: "spso-liason-officer" is not a role; the roles are chief-executive, cswo, director, .*spso-liaison-officer.*customer-service-adviser \(those of "kilbrannan"/);
    // A role id of the product that this organisation removed from its definitions.
    await f.store.orgs.update('kilbrannan', (org) => ({ ...org, roleDefinitions: DEFINITIONS.filter((d) => d.id !== 'training-officer') }));
    const removed = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', LIAISON, '--kind', 'user', '--roles', 'training-officer');
    assert.equal(removed.code, 2);
    assert.match(removed.stderr, /"training-officer" is not a role; the roles are /);
    assert.doesNotMatch(removed.stderr, /the roles are [^(]*training-officer/);
    const malformed = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', LIAISON, '--kind', 'user', '--roles', 'SPSO Liaison');
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /"SPSO Liaison" is not a role id/);
    const revokeUnknown = await chp('org', 'revoke', '--org', 'kilbrannan', '--principal', LIAISON, '--roles', 'emperor');
    assert.equal(revokeUnknown.code, 2);
    assert.match(revokeUnknown.stderr, /"emperor" is not a role; the roles are /);
    assert.deepEqual((await stored()).roleAssignments, before.roleAssignments);
    assert.equal((await audit()).length, 3);
  });

  it('takes roles away and people off the list, but never the last one who manages the settings', async () => {
    const last = await chp('org', 'revoke', '--org', 'kilbrannan', '--principal', ADMIN, '--roles', 'administrator');
    assert.equal(last.code, 1);
    assert.match(last.stderr, /refused, nothing was changed: Nobody would be left to manage the settings/);
    const gone = await chp('org', 'revoke', '--org', 'kilbrannan', '--principal', ADMIN);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Nobody would be left to manage the settings/);
    assert.ok((await stored()).roleAssignments.some((a) => a.principalId === ADMIN && a.roles.includes('administrator')));
    assert.equal((await audit()).length, 3);

    const second = await chp('org', 'grant', '--org', 'kilbrannan', '--principal', SECOND_ADMIN, '--kind', 'user', '--roles', 'administrator', '--display-name', 'Niall Admin');
    assert.equal(second.code, 0, second.stderr);
    const off = await chp('org', 'revoke', '--org', 'kilbrannan', '--principal', ADMIN);
    assert.equal(off.code, 0, off.stderr);
    assert.equal(off.json.removed, true);
    const partly = await chp('org', 'revoke', '--org', 'kilbrannan', '--principal', LIAISON, '--roles', 'complaints-manager');
    assert.deepEqual(partly.json.roles, ['spso-liaison-officer']);
    assert.equal(partly.json.removed, false);
    const nobody = await chp('org', 'revoke', '--org', 'kilbrannan', '--principal', 'dddddddd-1111-4111-8111-00000000000d');
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /holds no role in "kilbrannan"/);

    const records = await audit();
    assert.equal(records.length, 6);
    const removal = records.find((r) => r.changes.some((c) => c.principalId === ADMIN && c.after === null))!;
    assert.deepEqual(removal.changes, [{ principalId: ADMIN, kind: 'user', displayName: 'Ailsa Admin', before: { roles: ['administrator'], services: [] }, after: null }]);
    const taken = records.find((r) => r.changes.some((c) => c.principalId === LIAISON && c.before !== null))!;
    assert.deepEqual(taken.changes[0].after, { roles: ['spso-liaison-officer'], services: [] });
  });
});
