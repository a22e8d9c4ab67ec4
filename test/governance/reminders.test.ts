/**
 * Improvement action reminders through the bot's daily sweep: overdue actions to their owner (weekly,
 * not daily), proposals awaiting authorisation to the service's heads of service or the directors.
 */
import assert from 'node:assert/strict';
import type { ImprovementAction } from '../../core/learning';
import { BotHarness, cardTexts, ORG_ID } from '../bot/botHarness';

function action(id: string, changes: Partial<ImprovementAction>): ImprovementAction {
  return {
    id,
    orgId: ORG_ID,
    caseReferences: ['CHP-2026-000001'],
    service: 'Waste',
    description: `Crews check the missed-bin list (${id})`,
    status: 'in-progress',
    createdBy: 'u-investigator',
    createdAt: '2026-02-02T09:00:00Z',
    authorisedBy: 'u-director-1',
    authorisedAt: '2026-02-03T09:00:00Z',
    owner: { kind: 'officer', id: 'u-investigator', displayName: 'Isla Investigator' },
    targetDate: '2026-03-02',
    followUps: [],
    monitoring: { needed: false },
    learningShared: [],
    events: [],
    ...changes,
  };
}

describe('governance: improvement action reminders in Teams', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  before(async () => {
    await h.start();
    // Users the bot can reach have talked to it once (their conversation reference is stored).
    for (const who of ['investigator', 'director1'] as const) await h.post(h.activity(who, { type: 'message', text: 'hello' }));
    await h.store.improvements.create(action('imp-overdue', {}));
    await h.store.improvements.create(action('imp-proposed', { status: 'proposed', authorisedBy: undefined, authorisedAt: undefined, service: 'Roads', targetDate: '2026-06-30', createdAt: '2026-03-01T09:00:00Z' }));
    await h.store.improvements.create(action('imp-done', { status: 'completed', completedOn: '2026-02-20' }));
  });
  after(() => h.stop());
  beforeEach(() => h.connector.reset());

  const cardsTo = (userId: string) => h.connector.activities(`a:personal-${userId}`).map((a) => cardTexts((a.activity.attachments as { content: unknown }[])[0].content));

  it('sends the overdue action to its owner and the waiting proposal to the directors (no head of service for Roads)', async () => {
    const report = await h.bot.runReminderSweep('2026-03-10');
    assert.equal(report.bySource['improvement-actions'], 2, JSON.stringify(report));
    const [overdue, ...more] = cardsTo('u-investigator');
    assert.equal(more.length, 0);
    assert.match(overdue, /Improvement action overdue/);
    assert.match(overdue, /Crews check the missed-bin list \(imp-overdue\)/);
    assert.match(overdue, /Target date: 2026-03-02/);
    assert.match(cardsTo('u-director-1')[0], /awaits authorisation/);
    assert.doesNotMatch(JSON.stringify(h.connector.activities()), /imp-done/);
  });

  it('does not repeat an overdue reminder within the week, and reminds again the week after', async () => {
    const sameWeek = await h.bot.runReminderSweep('2026-03-12');
    assert.equal(sameWeek.bySource['improvement-actions'] ?? 0, 0);
    const nextWeek = await h.bot.runReminderSweep('2026-03-17');
    assert.equal(nextWeek.bySource['improvement-actions'], 1);
    assert.match(cardsTo('u-investigator')[0], /Improvement action overdue/);
    const summary = h.connector.activities('a:personal-u-investigator')[0].activity.summary as string;
    assert.match(summary, /Improvement action overdue by 15 days \(target 2026-03-02\)/);
  });
});
