/**
 * Going live, rehearsed: the real server (`npm start`'s command) in production mode — no development
 * sign-in, Bot Framework authentication on — on an empty store, with a local stand-in for the
 * Microsoft cloud reached only through the server's ordinary settings (test/support/microsoft-stand-in.ts)
 * and a local Bot Connector for everything the bot sends. The council's IT team creates the
 * organisation with the real `chp` command line; everything after that is done by people with tokens:
 * the administrator sets it up, an investigator (by group) logs a complaint, the complaints manager
 * assigns it from the case card in Teams, sign-off is asked for and given from the cards by two
 * different people, and the annual report counts it. No demo organisation exists at any point, and
 * another tenant sees nothing.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { londonDate } from '../../core/calendar';
import { buttonTitles, cardTexts, FakeConnector } from '../bot/botHarness';
import { MicrosoftStandIn } from '../support/microsoft-stand-in';
import { call } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const START_COMMAND = ['--import', 'tsx', 'server/main.ts'];

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const OTHER_TENANT = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
/** The one app registration: the API's audience and the bot's app id. */
const APP_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
const PEOPLE = {
  admin: { oid: '0a000000-0000-4000-8000-00000000ad01', name: 'Ailsa Admin' },
  investigator: { oid: '0a000000-0000-4000-8000-00000000a1a1', name: 'Iona Investigator' },
  manager: { oid: '0a000000-0000-4000-8000-00000000ca11', name: 'Calum Manager' },
  head: { oid: '0a000000-0000-4000-8000-00000000bead', name: 'Heather Head' },
  director: { oid: '0a000000-0000-4000-8000-00000000d1ec', name: 'Donald Director' },
};
type Person = keyof typeof PEOPLE;
const INVESTIGATORS_GROUP = '0b000000-0000-4000-8000-0000000091a1';

interface Server {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
  exited: Promise<number | null>;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, START_COMMAND, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Bot endpoint\s+(http:\/\/[^/\s]+)\/api\/messages/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, baseUrl, exited };
}

/** The real `chp` command line (bin/chp.js) in a child process. */
function chp(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/chp.js'), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The data of the Action.Execute with this verb on a card (what Teams sends when it is pressed). */
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

/** The reporting year (April to March) that today is in, as the API names it: 2026/27. */
function currentReportingYear(): string {
  const [year, month] = londonDate(new Date()).split('-').map(Number);
  const start = month >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

describe('going live: a production rehearsal from an empty store to the annual report', function () {
  this.timeout(300_000);
  const cloud = new MicrosoftStandIn();
  const connector = new FakeConnector();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-rehearsal-'));
  let server: Server;
  let env: NodeJS.ProcessEnv;
  let sequence = 0;

  const token = (who: Person, extra: { groups?: string[]; tid?: string } = {}) =>
    cloud.ssoToken(`api://${APP_ID}`, { oid: PEOPLE[who].oid, name: PEOPLE[who].name, tid: extra.tid ?? TENANT, groups: extra.groups });

  /** An activity from Teams, signed by the channel as Teams' traffic is. */
  async function fromTeams(who: Person, fields: Record<string, unknown>, options: { tenant?: string; signed?: 'channel' | 'none' | 'stranger' } = {}) {
    const tenant = options.tenant ?? TENANT;
    sequence += 1;
    const activity = {
      id: `incoming-${sequence}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      locale: 'en-GB',
      from: { id: `29:${PEOPLE[who].oid}`, aadObjectId: PEOPLE[who].oid, name: PEOPLE[who].name },
      recipient: { id: `28:${APP_ID}`, name: 'Complaints' },
      conversation: { id: `a:personal-${PEOPLE[who].oid}`, conversationType: 'personal', tenantId: tenant },
      channelData: { tenant: { id: tenant } },
      ...fields,
    };
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const signed = options.signed ?? 'channel';
    if (signed !== 'none') headers.Authorization = `Bearer ${await cloud.channelToken(APP_ID, connector.url, { stranger: signed === 'stranger' })}`;
    const response = await fetch(`${server.baseUrl}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
    const text = await response.text();
    let body: Record<string, unknown> | string | undefined = text || undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      // a refusal in words (401 "Unauthorized")
    }
    return { status: response.status, body };
  }

  /** Presses a card button (an adaptiveCard/action invoke); returns the card Teams would show. */
  async function press(who: Person, verb: string, data: Record<string, unknown>) {
    const { status, body } = await fromTeams(who, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
    assert.equal(status, 200, JSON.stringify(body));
    const card = (body as { value: Record<string, unknown> }).value;
    return { card, text: cardTexts(card) };
  }

  /** Waits until the connector has received what the bot sends after answering (proactive messages). */
  async function eventually(what: string, check: () => boolean): Promise<void> {
    for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(check(), `${what} did not happen; server output:\n${server.output()}`);
  }

  const orgList = async () => {
    const listed = await chp(env, 'org', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    return (JSON.parse(listed.stdout) as { orgs: { org: string; name: string }[] }).orgs.map((o) => o.org);
  };

  before(async () => {
    await cloud.start();
    await connector.start();
    env = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: '',
      CHP_DATA_DIR: dataDir,
      CHP_DEV_SIGNIN: '',
      CHP_BOT_DEFAULT_ORG: '',
      COSMOS_ENDPOINT: '',
      COSMOS_KEY: '',
      COSMOS_DATABASE: 'chp',
      ENTRA_CLIENT_ID: APP_ID,
      ENTRA_ALLOWED_TENANTS: `${TENANT},${OTHER_TENANT}`,
      ENTRA_AUDIENCES: '',
      ENTRA_ISSUER: '',
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: '',
      ...cloud.env(),
    };
    server = await startServer(env);
  });

  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await connector.close();
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts in production with no organisation and no demo data', async () => {
    assert.doesNotMatch(server.output(), /Development sign-in is ON|Bot authentication is OFF|Seeded|demo data/);
    assert.match(server.output(), /The store holds no organisation yet/);
    assert.deepEqual(await orgList(), []);
    const nobody = await call(server.baseUrl, 'GET', '/api/me', { token: await token('admin') });
    assert.equal(nobody.status, 403, 'a valid token, but no organisation is set up for the tenant');
    const devUser = await call(server.baseUrl, 'GET', '/api/me', { headers: { 'X-Dev-User': 'demo-admin' } });
    assert.equal(devUser.status, 401, 'no development sign-in in production');
  });

  it('refuses bot traffic not signed by the channel, and runs none of it', async () => {
    const unsigned = await fromTeams('manager', { type: 'message', text: 'my cases' }, { signed: 'none' });
    assert.equal(unsigned.status, 401);
    const forged = await fromTeams('manager', { type: 'message', text: 'my cases' }, { signed: 'stranger' });
    // botbuilder answers a token whose signature fails with 500 (jsonwebtoken's error is not its
    // AuthenticationError); either way the activity is refused before any handler runs.
    assert.ok([401, 500].includes(forged.status), `a forged channel token is refused, not ${forged.status}`);
    assert.doesNotMatch(JSON.stringify(forged.body ?? ''), /-----BEGIN|PRIVATE KEY/, 'the refusal shows no key material');
    assert.equal(connector.calls.length, 0, 'nothing was sent');
  });

  let reference = '';

  it('the IT team creates the organisation with chp org create; the administrator sets it up', async () => {
    const settings = path.join(dataDir, 'org-settings.json');
    fs.writeFileSync(settings, JSON.stringify({ reportingYearStartMonth: 4, population: 48_210, populationYear: 2024, retentionYears: 6 }));
    const created = await chp(env, 'org', 'create', '--org', 'strathbeag', '--name', 'Strathbeag Council', '--tenant', TENANT, '--admin-user', PEOPLE.admin.oid, '--admin-name', PEOPLE.admin.name, '--settings', settings);
    assert.equal(created.code, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { created: boolean }).created, true);
    assert.deepEqual(await orgList(), ['strathbeag']);

    const adminToken = await token('admin');
    const me = await call<{ roles: string[]; org: { id: string }; devSignIn: boolean }>(server.baseUrl, 'GET', '/api/me', { token: adminToken });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.deepEqual(me.body.roles, ['administrator']);
    assert.equal(me.body.org.id, 'strathbeag');
    assert.equal(me.body.devSignIn, false);

    const services = await call(server.baseUrl, 'PUT', '/api/org/services', { token: adminToken, body: { services: ['Housing Repairs', 'Roads'] } });
    assert.equal(services.status, 200, JSON.stringify(services.body));
    const current = await call<{ roleAssignments: Record<string, unknown>[] }>(server.baseUrl, 'GET', '/api/org/role-assignments', { token: adminToken });
    // Those who act from Teams cards are assigned by user: a Teams activity carries no groups, and the
    // bot finds a person's roles from the assignments naming them (bot/runtime.ts actorOf).
    const assignments = [
      ...current.body.roleAssignments,
      { principalId: INVESTIGATORS_GROUP, kind: 'group', roles: ['investigator'], services: ['Housing Repairs'], displayName: 'Housing investigators' },
      { principalId: PEOPLE.manager.oid, kind: 'user', roles: ['complaints-manager'], services: [], displayName: PEOPLE.manager.name },
      { principalId: PEOPLE.head.oid, kind: 'user', roles: ['head-of-service'], services: ['Housing Repairs'], displayName: PEOPLE.head.name },
      { principalId: PEOPLE.director.oid, kind: 'user', roles: ['director'], services: [], displayName: PEOPLE.director.name },
    ];
    const saved = await call(server.baseUrl, 'PUT', '/api/org/role-assignments', { token: adminToken, body: { roleAssignments: assignments } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });

  it('an investigator, given the role through a group, logs a complaint through the API', async () => {
    const investigator = await token('investigator', { groups: ['0b000000-0000-4000-8000-00000000ffff', INVESTIGATORS_GROUP] });
    const me = await call<{ roles: string[] }>(server.baseUrl, 'GET', '/api/me', { token: investigator });
    assert.deepEqual(me.body.roles, ['investigator']);
    // Without the group the same person has no role: told so by /api/me, refused everywhere else.
    const withoutGroupToken = await token('investigator');
    const withoutGroup = await call<{ roles: string[]; noRole?: unknown }>(server.baseUrl, 'GET', '/api/me', { token: withoutGroupToken });
    assert.equal(withoutGroup.status, 200);
    assert.deepEqual(withoutGroup.body.roles, [], 'the role comes from the group, not the person');
    assert.ok(withoutGroup.body.noRole, 'the no-role notice names whom to ask');
    const casesWithoutGroup = await call(server.baseUrl, 'GET', '/api/cases', { token: withoutGroupToken });
    assert.equal(casesWithoutGroup.status, 403);
    const logged = await call<{ reference: string; stage: number }>(server.baseUrl, 'POST', '/api/cases', {
      token: investigator,
      body: {
        kind: 'complaint',
        channel: 'phone',
        customer: { withheldDetails: false, anonymous: false, name: 'Effie Lindsay' },
        nature: 'Repairs to the damp bedroom wall were booked three times and nobody came.',
        service: 'Housing Repairs',
        startAtStage: 2,
      },
    });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    reference = logged.body.reference;
    assert.match(reference, /^CHP-\d{4}-000001$/, 'the organisation’s first case');
  });

  it('the complaints manager assigns it from the case card in Teams; the new owner is told', async () => {
    const opened = await press('manager', 'refresh', { reference });
    assert.match(opened.text, /Effie Lindsay/);
    assert.ok(buttonTitles(opened.card).includes('Assign owner'));
    const assigned = await press('manager', 'assign', { ...executeData(opened.card, 'assign'), assign_owner: PEOPLE.head.oid });
    assert.match(assigned.text, new RegExp(PEOPLE.head.name), assigned.text);
    // The bot tells the new owner in a 1:1 chat it opens, signing each call with a token from the managed identity.
    await eventually('the message to the new owner', () => connector.activities().length > 0);
    const [created] = connector.createdConversations();
    assert.ok(created, 'a 1:1 chat with the new owner was opened');
    assert.deepEqual((created.body.members as { id: string }[]).map((m) => m.id), [PEOPLE.head.oid]);
    for (const sent of connector.calls) {
      assert.match(sent.authorization ?? '', /^Bearer bot-token-\d+-[0-9a-f]+$/, `${sent.method} ${sent.path} was signed`);
      assert.ok(cloud.issuedBotTokens.some((t) => `Bearer ${t.token}` === sent.authorization), 'with a token the managed identity endpoint issued');
    }
    assert.ok(cloud.issuedBotTokens.every((t) => t.resource === 'https://api.botframework.com' && t.clientId === APP_ID), JSON.stringify(cloud.issuedBotTokens));
    assert.ok(cloud.metadataRequests.length > 0, 'the channel’s signing keys were fetched from its metadata document');
  });

  it('sign-off is asked for by the owner and given by someone else, from the cards', async () => {
    const card = (await press('head', 'refresh', { reference })).card;
    const requested = await press('head', 'requestSignoff', {
      ...executeData(card, 'requestSignoff'),
      signoff_summary: 'The repairs team missed three bookings; the work is now done and we apologise.',
      signoff_outcome: 'upheld',
    });
    assert.match(requested.text, /Sent for sign-off/);
    const ownApproval = await press('head', 'openApproval', executeData(requested.card, 'refresh'));
    assert.ok(!buttonTitles(ownApproval.card).includes('Approve'), 'the author is offered no approval of their own draft');

    const approval = await press('director', 'openApproval', executeData(requested.card, 'refresh'));
    assert.ok(buttonTitles(approval.card).includes('Approve'), 'another senior manager may approve');
    const approved = await press('director', 'approveSignoff', { ...executeData(approval.card, 'approveSignoff'), signoff_comments: 'Agreed.' });
    assert.match(approved.text, /Approved/i, approved.text);

    const investigator = await token('investigator', { groups: [INVESTIGATORS_GROUP] });
    type SignOff = { author: string; decision?: string; decidedBy?: string };
    const stored = await call<{ status: string; stage2?: { signOff?: SignOff } }>(server.baseUrl, 'GET', `/api/cases/${reference}`, { token: investigator });
    assert.equal(stored.status, 200);
    assert.equal(stored.body.status, 'stage2-signed-off');
    const signOff = stored.body.stage2?.signOff;
    assert.deepEqual(
      { author: signOff?.author, decision: signOff?.decision, decidedBy: signOff?.decidedBy },
      { author: PEOPLE.head.oid, decision: 'approved', decidedBy: PEOPLE.director.oid },
    );
  });

  it('the annual report counts the complaint', async () => {
    const report = await fetch(`${server.baseUrl}/api/reports/annual?period=${encodeURIComponent(currentReportingYear())}&format=csv`, { headers: { Authorization: `Bearer ${await token('manager')}` } });
    assert.equal(report.status, 200, await report.clone().text());
    const rows = parse(await report.text(), { columns: true, bom: true }) as Record<string, string>[];
    assert.ok(rows.every((r) => r.organisation === 'Strathbeag Council'));
    assert.equal(rows.find((r) => r.section === 'Indicators 4 to 9' && r.row === 'Total complaints received')?.value, '1');
  });

  it('another tenant sees nothing, through the API or the bot', async () => {
    const stranger = await token('admin', { tid: OTHER_TENANT });
    const me = await call<{ detail: string }>(server.baseUrl, 'GET', '/api/me', { token: stranger });
    assert.equal(me.status, 403);
    assert.match(me.body.detail, /not set up in the complaints service yet/);
    assert.equal((await call(server.baseUrl, 'GET', `/api/cases/${reference}`, { token: stranger })).status, 403);
    assert.equal((await call(server.baseUrl, 'GET', '/api/cases', { token: stranger })).status, 403);
    const viaTeams = await fromTeams('manager', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'refresh', data: { reference } }, trigger: 'manual' } }, { tenant: OTHER_TENANT });
    assert.doesNotMatch(JSON.stringify(viaTeams.body ?? ''), /Effie Lindsay|damp bedroom/);
  });

  it('no demo organisation was ever created', async () => {
    assert.deepEqual(await orgList(), ['strathbeag']);
    assert.doesNotMatch(server.output(), /Seeded|glenmore|riverside/i);
  });
});
