/**
 * Scaling out: two real `npm start` processes (server/main.ts) on ONE store — the embedded Cosmos
 * server and the local blob server run once (here, in the test process) and both instances attach to
 * them as clients, as two App Service instances share Azure Cosmos DB and Blob Storage. Shown: case
 * references stay unique under parallel creates on both, each reminder is sent once when both sweep
 * at once (leases), every aggregate delta is folded once (the folded months equal a recount), a
 * role-assignment change made on one is seen by the other within its cache time
 * (CHP_ORG_CACHE_MS), and a Teams card action is answered by either instance (and applied once when
 * Teams retries it on the other).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkingCalendar } from '../../core/calendar';
import { computeIndicators, indicatorsFromCounts } from '../../core/indicators';
import { countsForMonths } from '../../core/reports/summaries';
import type { Case } from '../../core/types';
import { storedCasePages } from '../../store/aggregates';
import { startEmbeddedBlob, type EmbeddedBlob } from '../../store/blob-embedded';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../store/embedded';
import { openStore, type Store } from '../../store/index';
import { FakeConnector, ORG, ORG_ID, STAFF, TENANT, type StaffKey } from '../bot/botHarness';

const ROOT = path.resolve(__dirname, '../..');
/** Short, so the test waits little; production keeps the 10 s default. */
const ORG_CACHE_MS = 1_500;

interface Instance {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startInstance(name: string, dataDir: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--no-seed'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      CHP_DEV_SIGNIN: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: '',
      CHP_DATA_DIR: dataDir,
      CHP_ORG_CACHE_MS: String(ORG_CACHE_MS),
      COSMOS_ENDPOINT: '',
      COSMOS_KEY: '',
      BLOB_ACCOUNT_URL: '',
      MicrosoftAppId: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      reject(new Error(`instance ${name} exited with ${code}:\n${output}`));
    });
  });
  return { name, child, baseUrl, output: () => output, exited };
}

async function api<T>(instance: Instance, method: string, url: string, as: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(instance.baseUrl + url, {
    method,
    headers: { 'X-Dev-User': as, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server: two instances on one store (scale-out)', function () {
  this.timeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-two-instances-'));
  const connector = new FakeConnector();
  let cosmos: EmbeddedCosmos;
  let blob: EmbeddedBlob;
  let store: Store;
  let a: Instance;
  let b: Instance;
  const references: string[] = [];

  before(async () => {
    // Started once; each instance finds them through the data dir and attaches as a client.
    cosmos = await startEmbeddedCosmos({ dataDir });
    blob = await startEmbeddedBlob({ location: path.join(dataDir, 'blobs') });
    store = await openStore({ endpoint: cosmos.endpoint, key: cosmos.key, agent: cosmos.agent, databaseId: 'chp' });
    await store.orgs.put(ORG);
    await connector.start();
    [a, b] = await Promise.all([startInstance('A', dataDir), startInstance('B', dataDir)]);
  });

  after(async () => {
    for (const instance of [a, b]) {
      if (!instance) continue;
      instance.child.kill('SIGTERM');
      assert.equal(await instance.exited, 0, instance.output());
      assert.match(instance.output(), /Stopped cleanly/);
    }
    await connector.close();
    await store?.close();
    await blob?.stop();
    await cosmos?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('both instances attach to the one store and the one blob server instead of starting their own', () => {
    for (const instance of [a, b]) {
      assert.match(instance.output(), new RegExp(`embedded Cosmos server of process ${process.pid} at ${cosmos.endpoint.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
      assert.match(instance.output(), new RegExp(`Azurite\\) of process ${process.pid} at ${blob.accountUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    }
  });

  it('gives unique references to cases created in parallel on both', async () => {
    const creates = Array.from({ length: 16 }, (_, n) =>
      api<{ reference: string }>(n % 2 === 0 ? a : b, 'POST', '/api/cases', 'u-handler', {
        kind: 'complaint',
        channel: 'phone',
        customer: { withheldDetails: true, anonymous: false, name: `Caller ${n}` },
        nature: `Two-instance complaint ${n}.`,
        service: 'Waste',
      }),
    );
    const results = await Promise.all(creates);
    assert.deepEqual(results.map((r) => r.status), results.map(() => 201));
    references.push(...results.map((r) => r.body.reference));
    assert.equal(new Set(references).size, references.length, `duplicate references: ${references.join(', ')}`);
    const listed = await api<{ items: Case[] }>(b, 'GET', '/api/cases?limit=100', 'u-manager');
    assert.deepEqual(listed.body.items.map((c) => c.reference).sort(), [...references].sort(), 'each instance sees every case');
  });

  it('answers a card action on either instance, and applies a retry sent to the other instance once', async () => {
    const activity = (who: StaffKey, fields: Record<string, unknown>) => {
      const p = STAFF[who];
      return {
        id: `incoming-${Math.random().toString(36).slice(2)}`,
        channelId: 'msteams',
        serviceUrl: connector.url,
        timestamp: new Date().toISOString(),
        locale: 'en-GB',
        from: { id: `29:${p.principalId}`, aadObjectId: p.principalId, name: p.displayName },
        recipient: { id: '28:chp-bot', name: 'CHP complaints' },
        conversation: { id: `a:personal-${p.principalId}`, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
        ...fields,
      };
    };
    const post = async (instance: Instance, body: unknown) => {
      const res = await fetch(`${instance.baseUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as { statusCode: number; value: unknown } | undefined };
    };
    // The handler talks to the bot once (on A): the conversation reference is saved in the store for both.
    assert.equal((await post(a, activity('handler', { type: 'message', text: 'my cases' }))).status, 200);

    const [first, second] = references;
    const extend = (reference: string) =>
      activity('manager', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'extend', data: { reference, rev: 1, ext_days: '5', ext_reason: 'Contractor records awaited' } }, trigger: 'manual' } });
    // The same card press reaches both instances (a Teams retry landing elsewhere), and another on B alone.
    const sameAction = extend(first);
    const answers = await Promise.all([post(a, sameAction), post(b, { ...sameAction, id: 'retry' }), post(b, extend(second))]);
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.equal(answer.body?.statusCode, 200, JSON.stringify(answer.body));
      assert.match(JSON.stringify(answer.body?.value), /Extension authorised: now due \w{3} \d{1,2} \w{3} \d{4}\./);
    }
    for (const reference of [first, second]) {
      const stored = await store.cases.get(ORG_ID, reference);
      assert.equal(stored?.stage1?.clock.extensionDays, 5, `${reference}: one extension of 5 days`);
      assert.equal(stored?.events.filter((e) => e.type === 'extended').length, 1, `${reference}: the extension is recorded once`);
    }
  });

  it('sends each reminder once when both instances sweep at the same moment', async () => {
    connector.reset();
    const today = '2027-06-01'; // every case is overdue by then
    const sweeps = await Promise.all([a, b].map((instance) => api<{ sent: number; due: number; alreadySent: number }>(instance, 'POST', '/api/jobs/reminders', 'u-admin', { today })));
    assert.deepEqual(sweeps.map((s) => s.status), [200, 200]);
    const sent = sweeps[0].body.sent + sweeps[1].body.sent;
    assert.equal(sent, references.length, `reports: ${JSON.stringify(sweeps.map((s) => s.body))}`);
    const delivered = connector.activities('a:personal-u-handler').map((d) => /(CHP-\d{4}-\d{6}) is overdue/.exec(JSON.stringify(d.activity))?.[1]);
    assert.deepEqual(delivered.sort(), [...references].sort(), 'each case’s reminder reached the owner exactly once');
    const again = await api<{ sent: number; alreadySent: number }>(b, 'POST', '/api/jobs/reminders', 'u-admin', { today });
    assert.deepEqual([again.body.sent, again.body.alreadySent], [0, references.length]);
  });

  it('folds every aggregate delta once: with both folders running, the folded months equal a recount', async () => {
    // Both instances run the folder every 5 s; wait until one of them has folded everything.
    for (let i = 0; i < 60 && (await store.aggregates.unfoldedCount(ORG_ID)) > 0; i += 1) await pause(500);
    assert.equal(await store.aggregates.unfoldedCount(ORG_ID), 0, 'the folders caught up');
    const cases: Case[] = [];
    for await (const page of storedCasePages(store.cases, ORG_ID, 100)) cases.push(...page);
    assert.equal(cases.length, references.length);
    const monthly = await store.aggregates.monthlyCounts(ORG_ID, '2026-01', '2027-12');
    const period = { fromMonth: '2026-04', toMonth: '2027-03' };
    const calendar = new WorkingCalendar({ localHolidays: ORG.settings.localHolidays, workedHolidays: ORG.settings.workedHolidays });
    const folded = indicatorsFromCounts(countsForMonths(monthly, period), ORG.settings.population);
    const recount = computeIndicators(cases, { from: period.fromMonth, to: period.toMonth }, { calendar, population: ORG.settings.population });
    assert.deepEqual(folded, recount);
    assert.equal(folded.all.kpi4Received.total, references.length);
  });

  it('shows a role-assignment change made on one instance on the other within its cache time', async () => {
    const newcomer = { principalId: 'u-newcomer', roles: ['complaint-handler'], services: ['Waste'], displayName: 'Nina Newcomer' };
    for (const instance of [a, b]) assert.equal((await api(instance, 'GET', '/api/me', 'u-newcomer')).status, 401, `${instance.name} does not know the newcomer yet`);
    const current = await api<{ roleAssignments: unknown[] }>(a, 'GET', '/api/org/role-assignments', 'u-admin');
    const saved = await api(a, 'PUT', '/api/org/role-assignments', 'u-admin', { roleAssignments: [...current.body.roleAssignments, newcomer] });
    assert.equal(saved.status, 200);
    assert.equal((await api(a, 'GET', '/api/me', 'u-newcomer')).status, 200, 'the instance that saved it knows at once');
    await pause(ORG_CACHE_MS + 500);
    const onB = await api<{ roles: string[] }>(b, 'GET', '/api/me', 'u-newcomer');
    assert.equal(onB.status, 200, 'the other instance knows once its cache time has passed');
    assert.deepEqual(onB.body.roles, ['complaint-handler']);
  });
});
