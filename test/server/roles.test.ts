import assert from 'node:assert/strict';
import type { RoleDefinition } from '../../core/roles';
import { shutdownRolesRenderer } from '../../server/routes/roles';
import { call, Harness } from './harness';

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
type Roles = { roleDefinitions: RoleDefinition[]; own: boolean; permissions: { id: string; sentence: string }[]; presets: { id: string }[]; takesEffectWithinSeconds: number };
type Me = { roles: string[]; permissions: string[] };
type Page = { items: { reference: string; status: string; owner?: string; socialWork: boolean }[] };

const edit = (definitions: RoleDefinition[], id: string, change: (d: RoleDefinition) => RoleDefinition | undefined): RoleDefinition[] =>
  definitions.flatMap((d) => (d.id === id ? [change(d)].filter((x): x is RoleDefinition => x !== undefined) : [d]));

describe('server: roles and responsibilities set by the organisation', function () {
  this.timeout(90_000);
  const h = new Harness();
  let base = '';
  /** A second server on the same store, caching organisation records for 300 ms. */
  let other = '';
  before(async () => {
    await h.start();
    base = await h.app();
    other = await h.app({ orgCacheMs: 300 });
  });
  after(async () => {
    await shutdownRolesRenderer();
    await h.stop();
  });

  it('shows an organisation without its own roles the default roles, each permission with what it allows, and the presets', async () => {
    const res = await call<Roles>(base, 'GET', '/api/roles', { as: 'demo-admin' });
    assert.equal(res.status, 200);
    assert.equal(res.body.own, false);
    assert.deepEqual(res.body.presets.map((p) => p.id), ['council', 'ijb', 'housing-association']);
    assert.ok(res.body.roleDefinitions.some((d) => d.id === 'complaints-manager' && !d.permissions.includes('case.close')));
    const signoff = res.body.permissions.find((p) => p.id === 'case.signoff');
    assert.match(signoff?.sentence ?? '', /drafted by someone else/);
    assert.equal(typeof res.body.takesEffectWithinSeconds, 'number');
  });

  it('lets only administrators read or change the roles', async () => {
    for (const who of ['demo-director', 'demo-complaints-manager', 'demo-cswo']) {
      assert.equal((await call(base, 'GET', '/api/roles', { as: who })).status, 403, who);
      assert.equal((await call(base, 'PUT', '/api/roles', { as: who, body: { preset: 'council' } })).status, 403, who);
      assert.equal((await call(base, 'GET', '/api/roles/history', { as: who })).status, 403, who);
    }
    const noRole = await call<Problem & { code: string }>(base, 'PUT', '/api/roles', { as: 'demo-no-role', body: { preset: 'council' } });
    assert.equal(noRole.status, 403);
    assert.equal(noRole.body.code, 'no-role');
    assert.equal((await call(base, 'GET', '/api/roles')).status, 401);
  });

  it('refuses malformed definitions with the fields at fault', async () => {
    const { body } = await call<Roles>(base, 'GET', '/api/roles', { as: 'demo-admin' });
    const cases: [unknown, string][] = [
      [{ roleDefinitions: [{ ...body.roleDefinitions[0], permissions: ['case.everything'] }] }, 'roleDefinitions[0].permissions[0]'],
      [{ roleDefinitions: [{ ...body.roleDefinitions[0], id: 'Bad Id!' }] }, 'roleDefinitions[0].id'],
      [{ roleDefinitions: [{ ...body.roleDefinitions[0], caseScope: 'everything' }] }, 'roleDefinitions[0].caseScope'],
      [{ roleDefinitions: [{ ...body.roleDefinitions[0], name: '  ' }] }, 'roleDefinitions[0].name'],
      [{ roleDefinitions: [{ ...body.roleDefinitions[0], extra: true }] }, 'roleDefinitions[0]'],
      [{ preset: 'kingdom' }, 'preset'],
      [{ preset: 'council', roleDefinitions: body.roleDefinitions }, ''],
    ];
    for (const [sent, field] of cases) {
      const res = await call<Problem>(base, 'PUT', '/api/roles', { as: 'demo-admin', body: sent });
      assert.equal(res.status, 400, JSON.stringify(sent).slice(0, 120));
      assert.ok(res.body.errors?.some((e) => e.field.includes(field)), JSON.stringify(res.body.errors));
    }
    assert.equal((await call<Roles>(base, 'GET', '/api/roles', { as: 'demo-admin' })).body.own, false, 'nothing saved');
  });

  it('refuses definitions that break the guard rails, saying each reason, and saves nothing', async () => {
    const council = (await call<Roles>(base, 'GET', '/api/roles', { as: 'demo-admin' })).body.presets[0] as unknown as { roleDefinitions: RoleDefinition[] };
    let broken = edit(council.roleDefinitions, 'cswo', (d) => ({ ...d, socialWork: false }));
    broken = edit(broken, 'administrator', (d) => ({ ...d, permissions: [...d.permissions, 'case.read'] }));
    broken = broken.map((d) => ({ ...d, permissions: d.permissions.filter((p) => p !== 'case.signoff') }));
    const res = await call<Problem>(base, 'PUT', '/api/roles', { as: 'demo-admin', body: { roleDefinitions: broken } });
    assert.equal(res.status, 422);
    const reasons = (res.body.errors ?? []).map((e) => e.message);
    assert.ok(reasons.some((r) => /sign off stage 2 final positions for every service/.test(r)), reasons.join('\n'));
    assert.ok(reasons.some((r) => /Chief Social Work Officer must keep sight of social-work cases/.test(r)));
    assert.ok(reasons.some((r) => /Administrator manages settings, so it may not give access to cases/.test(r)));
    // Removing the administrators' role while people hold it.
    const withoutAdmin = edit(council.roleDefinitions, 'administrator', () => undefined);
    const orphan = await call<Problem>(base, 'PUT', '/api/roles', { as: 'demo-admin', body: { roleDefinitions: withoutAdmin } });
    assert.equal(orphan.status, 422);
    assert.match(orphan.body.detail, /Nobody would be left to manage the settings/);
    assert.match(orphan.body.detail, /The role "administrator" is still given to someone/);
    const stored = await h.store.orgs.get('glenmore');
    assert.equal(stored?.roleDefinitions, undefined);
    assert.deepEqual((await call<{ items: unknown[] }>(base, 'GET', '/api/roles/history', { as: 'demo-admin' })).body.items, []);
  });

  it('starts from a preset, records who changed what, and every server applies the new definitions within the cache time', async () => {
    const stage1 = (await call<Page>(base, 'GET', '/api/cases?status=stage1&limit=100', { as: 'demo-director' })).body.items.find((c) => c.owner !== 'demo-complaints-manager' && !c.socialWork)!;
    const actionsOf = async (server: string) => (await call<{ actions: string[] }>(server, 'GET', `/api/cases/${stage1.reference}/available-actions`, { as: 'demo-complaints-manager' })).body.actions;
    assert.ok(!(await actionsOf(other)).includes('close-stage1'), 'not before: the default complaints manager does not close cases');

    const preset = await call<Roles>(base, 'PUT', '/api/roles', { as: 'demo-admin', body: { preset: 'council' } });
    assert.equal(preset.status, 200);
    assert.equal(preset.body.own, true);
    assert.ok(preset.body.roleDefinitions.some((d) => d.name === 'SPSO liaison officer'));

    // The complaints manager is given closing and escalating, and the role is renamed.
    const widened = edit(preset.body.roleDefinitions, 'complaints-manager', (d) => ({ ...d, name: 'Complaints and feedback manager', permissions: [...d.permissions, 'case.close', 'case.escalate'] }));
    const saved = await call<Roles>(base, 'PUT', '/api/roles', { as: 'demo-admin', body: { roleDefinitions: widened } });
    assert.equal(saved.status, 200);
    assert.ok((await actionsOf(base)).includes('close-stage1'), 'at once on the server that saved');
    // The other server states its own delay (its cache time, rounded up to a second) and keeps to it.
    const stated = (await call<Roles>(other, 'GET', '/api/roles', { as: 'demo-admin' })).body.takesEffectWithinSeconds;
    assert.equal(stated, 1);
    const deadline = Date.now() + stated * 1000;
    let onOther: string[] = [];
    while (Date.now() < deadline) {
      onOther = await actionsOf(other);
      if (onOther.includes('close-stage1')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(onOther.includes('close-stage1') && onOther.includes('escalate'), onOther.join());
    const me = await call<Me>(other, 'GET', '/api/me', { as: 'demo-complaints-manager' });
    assert.ok(me.body.permissions.includes('case.close'));

    const closed = await call<{ case: { status: string } }>(base, 'POST', `/api/cases/${stage1.reference}/actions`, {
      as: 'demo-complaints-manager',
      body: { type: 'close-stage1', outcome: 'resolved', actionTaken: 'Resolved by phone with the customer.', on: '2026-03-10' },
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.case.status, 'stage1-closed');

    const history = await call<{ items: { userId: string; displayName: string; at: string; before: RoleDefinition[] | null; after: RoleDefinition[]; preset?: string }[] }>(base, 'GET', '/api/roles/history', { as: 'demo-admin' });
    assert.equal(history.status, 200);
    assert.equal(history.body.items.length, 2);
    // The test clock stands still, so both changes carry the same time: tell them apart by the preset.
    const first = history.body.items.find((i) => i.preset)!;
    const latest = history.body.items.find((i) => !i.preset)!;
    assert.equal(first.before, null);
    assert.equal(first.preset, 'council');
    assert.equal(latest.userId, 'demo-admin');
    assert.equal(latest.displayName, 'Ross Baird');
    assert.ok(latest.at);
    assert.ok(!latest.before?.find((d) => d.id === 'complaints-manager')?.permissions.includes('case.close'));
    assert.ok(latest.after.find((d) => d.id === 'complaints-manager')?.permissions.includes('case.close'));
  });

  it('gives people an added role, and keeps the guard rails when roles are given or taken', async () => {
    const current = (await call<Roles>(base, 'GET', '/api/roles', { as: 'demo-admin' })).body.roleDefinitions;
    const adviser: RoleDefinition = { id: 'customer-service-adviser', name: 'Customer service adviser', description: 'Takes complaints at the front desk and by phone.', permissions: ['case.create', 'case.read'], caseScope: 'own', socialWork: false };
    assert.equal((await call(base, 'PUT', '/api/roles', { as: 'demo-admin', body: { roleDefinitions: [...current, adviser] } })).status, 200);
    const assignments = (await call<{ roleAssignments: { principalId: string; roles: string[] }[] }>(base, 'GET', '/api/org/role-assignments', { as: 'demo-admin' })).body.roleAssignments;

    const unknown = await call<Problem>(base, 'PUT', '/api/org/role-assignments', {
      as: 'demo-admin',
      body: { roleAssignments: assignments.map((a) => (a.principalId === 'demo-no-role' ? { ...a, roles: ['emperor'] } : a)) },
    });
    assert.equal(unknown.status, 400);
    assert.ok(unknown.body.errors?.some((e) => /not one of the organisation's roles/.test(e.message)));

    const noAdmin = await call<Problem>(base, 'PUT', '/api/org/role-assignments', {
      as: 'demo-admin',
      body: { roleAssignments: assignments.map((a) => ({ ...a, roles: a.roles.filter((r) => r !== 'administrator') })) },
    });
    assert.equal(noAdmin.status, 422);
    assert.match(noAdmin.body.detail, /Nobody would be left to manage the settings/);

    const given = await call(base, 'PUT', '/api/org/role-assignments', {
      as: 'demo-admin',
      body: { roleAssignments: assignments.map((a) => (a.principalId === 'demo-no-role' ? { ...a, roles: ['customer-service-adviser'] } : a)) },
    });
    assert.equal(given.status, 200);
    const me = await call<Me>(base, 'GET', '/api/me', { as: 'demo-no-role' });
    assert.deepEqual(me.body.roles, ['customer-service-adviser']);
    assert.deepEqual(me.body.permissions, ['case.create', 'case.read']);
    const logged = await call<{ reference: string; stage1?: unknown }>(base, 'POST', '/api/cases', {
      as: 'demo-no-role',
      body: { kind: 'complaint', channel: 'phone', customer: { withheldDetails: true, anonymous: true }, nature: 'The bin was not emptied.', service: 'Waste and Recycling' },
    });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    const refused = await call<Problem>(base, 'POST', `/api/cases/${logged.body.reference}/actions`, {
      as: 'demo-no-role',
      body: { type: 'close-stage1', outcome: 'resolved', actionTaken: 'Emptied.', on: '2026-03-10' },
    });
    assert.equal(refused.status, 403);
    // Administrators see no case without a case role of their own.
    assert.equal((await call(base, 'GET', `/api/cases/${logged.body.reference}`, { as: 'demo-admin' })).status, 403);
  });

  it('publishes the "Roles and responsibilities" statement to every member of staff as HTML, PDF and JSON', async () => {
    const html = await call<string>(base, 'GET', '/api/roles/statement', { as: 'demo-handler' });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.match(html.body, /<h1>Roles and responsibilities<\/h1>/);
    assert.match(html.body, /Complaints and feedback manager/);
    assert.match(html.body, /Customer service adviser/);
    assert.match(html.body, /never by the person who drafted it/);
    const json = await call<{ roles: { name: string; sentences: string[] }[] }>(base, 'GET', '/api/roles/statement?format=json', { as: 'demo-committee' });
    assert.ok(json.body.roles.some((r) => r.name === 'SPSO liaison officer' && r.sentences.some((s) => /SPSO/.test(s))));
    const pdf = await fetch(`${base}/api/roles/statement?format=pdf`, { headers: { 'X-Dev-User': 'demo-director' } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await call<Problem>(base, 'GET', '/api/roles/statement?format=doc', { as: 'demo-director' })).status, 400);
  });
});
