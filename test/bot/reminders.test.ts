import assert from 'node:assert/strict';
import { runReminderSweep, type ReminderSource } from '../../bot/reminders';
import { messageCard } from '../../bot/cards/messageCard';
import { BotHarness, cardTexts, ORG_ID } from './botHarness';

describe('bot: reminders (proactive, once each, POST /api/jobs/reminders)', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  let dueSoon: string;
  let later: string;
  before(async () => {
    await h.start();
    const log = async (receivedOn: string) => {
      const data = { kind: 'complaint', channel: 'phone', nature: 'Potholes', service: 'Waste', customerName: 'Ailsa Ross', receivedOn, receivedTime: '09:00' };
      h.connector.reset();
      await h.post(h.activity('handler', { type: 'invoke', name: 'task/submit', value: { data } }));
      const text = cardTexts((h.connector.activities()[0].activity.attachments as { content: unknown }[])[0].content);
      return /Logged as (CHP-\d{4}-\d{6})/.exec(text)![1];
    };
    dueSoon = await log('2026-03-04'); // due Tue 10 March
    later = await log('2026-03-04');
    await h.execute('manager', 'extend', { reference: later, rev: 1, ext_days: '5', ext_reason: 'Contractor records awaited' }); // due Tue 17 March
  });
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  const remindersTo = (userId: string) => h.connector.activities(`a:personal-${userId}`).map((a) => cardTexts((a.activity.attachments as { content: unknown }[])[0].content));
  const sweep = async (today: string, as = 'u-admin') =>
    fetch(`${h.baseUrl}/api/jobs/reminders`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Dev-User': as }, body: JSON.stringify({ today }) });

  it('reminds the owner one working day before the deadline, once', async () => {
    const response = await sweep('2026-03-09');
    assert.equal(response.status, 200);
    const report = (await response.json()) as { sent: number; due: number };
    assert.equal(report.sent, 1);
    const [reminder, ...rest] = remindersTo('u-handler');
    assert.equal(rest.length, 0);
    assert.match(reminder, new RegExp(`${dueSoon}: the stage 1 response is due Tue 10 Mar 2026 \\(1 working day left\\)`));
    assert.doesNotMatch(reminder, new RegExp(later));

    h.connector.reset();
    const again = (await (await sweep('2026-03-09')).json()) as { sent: number; alreadySent: number };
    assert.equal(again.sent, 0);
    assert.equal(again.alreadySent, 1);
    const dueDay = (await (await sweep('2026-03-10')).json()) as { sent: number };
    assert.equal(dueDay.sent, 0, 'the same deadline is not reminded twice');
    assert.equal(h.connector.activities().length, 0);
  });

  it('reminds once more when the deadline has passed', async () => {
    const report = (await (await sweep('2026-03-11')).json()) as { sent: number };
    assert.equal(report.sent, 1);
    assert.match(remindersTo('u-handler')[0], new RegExp(`${dueSoon} is overdue: the stage 1 response was due Tue 10 Mar 2026 \\(1 working day overdue\\)`));
    h.connector.reset();
    assert.equal(((await (await sweep('2026-03-12')).json()) as { sent: number }).sent, 0);
  });

  it('two sweeps at once still send each reminder once', async () => {
    const reports = await Promise.all([runReminderSweep({ rt: h.bot.runtime, notifier: h.bot.notifier }, '2026-03-16'), h.bot.runReminderSweep('2026-03-16')]);
    assert.equal(reports[0].sent + reports[1].sent, 1, `reports: ${JSON.stringify(reports)}`);
    assert.equal(remindersTo('u-handler').filter((t) => t.includes(later)).length, 1);
  });

  it('an owner the bot cannot reach yet is tried again at the next sweep', async () => {
    await h.execute('manager', 'assign', { reference: later, rev: 2, assign_owner: 'u-director-3' });
    h.connector.reset();
    // The assignment message opened a chat with them; forget it to simulate an unreachable owner.
    await h.store.conversations.save({ orgId: ORG_ID, userId: 'u-director-3', reference: {} });
    const first = await h.bot.runReminderSweep('2026-03-18');
    assert.equal(first.unreachable, 1);
    await h.post(h.activity('director3', { type: 'message', text: 'my cases' }));
    h.connector.reset();
    const second = await h.bot.runReminderSweep('2026-03-18');
    assert.equal(second.sent, 1);
    assert.match(remindersTo('u-director-3')[0], new RegExp(`${later} is overdue`));
  });

  it('is extensible: another source’s reminders go through the same once-only sending', async () => {
    const source: ReminderSource = {
      name: 'improvement-actions',
      async collect({ view }) {
        return [{ key: `test:${view.orgId}:action-1:2026-03-20`, userId: 'u-handler', summary: 'Action due', card: messageCard({ title: 'Improvement action IA-1 is due Fri 20 Mar' }) }];
      },
    };
    const deps = { rt: h.bot.runtime, notifier: h.bot.notifier, sources: [source] };
    assert.equal((await runReminderSweep(deps, '2026-03-19')).bySource['improvement-actions'], 1);
    assert.equal((await runReminderSweep(deps, '2026-03-19')).sent, 0);
    assert.match(remindersTo('u-handler')[0], /Improvement action IA-1/);
  });

  it('the job route needs sign-in and the jobs.run permission', async () => {
    assert.equal((await fetch(`${h.baseUrl}/api/jobs/reminders`, { method: 'POST' })).status, 401);
    const forbidden = await sweep('2026-03-19', 'u-handler');
    assert.equal(forbidden.status, 403);
    assert.match(((await forbidden.json()) as { detail: string }).detail, /jobs\.run/);
    const bad = await sweep('19/03/2026');
    assert.equal(bad.status, 400);
  });
});
