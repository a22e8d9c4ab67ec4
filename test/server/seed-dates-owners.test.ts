/**
 * The demo data as people read it: improvement-action dates and training sessions fall on working
 * days (the organisation's working-day calendar), and cases are owned by the people who handle them
 * — investigators and frontline officers — not by the director or the chief executive. Seeded with
 * its 15 months of history, for two "todays" (a weekday and a Sunday) so no date lands on a weekend
 * by chance.
 */
import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { seedDemo } from '../../server/seed';
import { startFixture, stopFixture, type StoreFixture } from '../store/helpers';

const EVERY_CASE = { all: true, services: [], userId: '', socialWork: true };
/** "A handful": the director may hold the odd case the procedure sends to a senior manager, never the frontline. */
const DIRECTOR_HANDFUL = 5;

for (const now of ['2026-03-11T10:00:00Z', '2026-03-15T10:00:00Z']) {
  describe(`server: demo dates and owners (seeded on ${now.slice(0, 10)})`, function () {
    this.timeout(300_000);
    let f: StoreFixture;
    before(async () => {
      f = await startFixture();
      await seedDemo(f.store, { now: new Date(now) });
    });
    after(() => stopFixture(f));

    it('puts every improvement action date (created, authorised, target, completed) on a working day', async () => {
      for (const org of await f.store.orgs.list()) {
        const calendar = new WorkingCalendar({ localHolidays: org.settings.localHolidays, workedHolidays: org.settings.workedHolidays });
        const notWorking: string[] = [];
        const actions = await f.store.improvements.list(org.settings.orgId);
        for (const a of actions) {
          const dates: [string, string | undefined][] = [
            ['target', a.targetDate],
            ['created', a.createdAt.slice(0, 10)],
            ['authorised', a.authorisedAt?.slice(0, 10)],
            ['completed', a.completedOn],
            ...a.events.map((e): [string, string] => [e.type, e.at.slice(0, 10)]),
          ];
          for (const [what, date] of dates) if (date && !calendar.isWorkingDay(date)) notWorking.push(`${a.id} ${what} ${date}`);
        }
        assert.deepEqual(notWorking, [], `${org.settings.name}: dates on non-working days`);
        if (org.settings.orgId === 'glenmore') assert.ok(actions.length >= 5, 'the demo council has its improvement actions');
      }
    });

    it('holds every training session on a working day', async () => {
      for (const org of await f.store.orgs.list()) {
        const calendar = new WorkingCalendar({ localHolidays: org.settings.localHolidays, workedHolidays: org.settings.workedHolidays });
        const sessions = await f.store.awareness.listTraining(org.settings.orgId);
        if (org.settings.orgId === 'glenmore') assert.ok(sessions.length >= 5, 'the demo council has its training records');
        assert.deepEqual(sessions.filter((s) => !calendar.isWorkingDay(s.deliveredOn)).map((s) => `${s.title} ${s.deliveredOn}`), []);
      }
    });

    it('gives the director no more than a handful of cases and the chief executive none; the frontline and investigators own the rest', async () => {
      const count = (owner: string) => f.store.cases.count('glenmore', { scope: EVERY_CASE, owner });
      const director = await count('demo-director');
      assert.ok(director <= DIRECTOR_HANDFUL, `the director owns ${director} cases`);
      assert.equal(await count('demo-chief-executive'), 0);
      const all = await f.store.cases.count('glenmore', { scope: EVERY_CASE });
      const handlers = (await count('demo-handler')) + (await count('demo-investigator'));
      assert.ok(handlers > all / 2, `the frontline handler and the investigator own ${handlers} of ${all} cases`);
    });
  });
}
