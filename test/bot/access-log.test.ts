/**
 * The bot's case card and the access log: showing a social-work or legal-hold case's card (asked for
 * by "case CHP-…", or refreshed by Teams for a viewer) records who saw it; other cases leave no entry.
 */
import assert from 'node:assert/strict';
import { WorkingCalendar } from '../../core/calendar';
import { logCase } from '../../core/workflow';
import { BotHarness, ORG, ORG_ID, STAFF } from './botHarness';

describe('bot: the case card is recorded in the access log of sensitive cases', function () {
  this.timeout(60_000);
  const h = new BotHarness();
  before(() => h.start());
  after(() => h.stop());

  async function stored(reference: string, socialWork: boolean): Promise<string> {
    const context = { actor: { userId: STAFF.chief.principalId, displayName: STAFF.chief.displayName, roles: [...STAFF.chief.roles], services: [] }, now: h.now.toISOString(), actionId: `seed-${reference}`, calendar: new WorkingCalendar(), settings: ORG.settings };
    const result = logCase(reference, { kind: 'complaint', channel: 'phone', receivedAt: h.now.toISOString(), customer: { withheldDetails: false, anonymous: false, name: 'Ruth Gray' }, nature: 'Care package cut without notice', service: 'Housing', socialWork }, context);
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    await h.store.cases.create(result.value);
    return reference;
  }

  it('records the manager asking for a social-work case and Teams refreshing its card; not an ordinary case', async () => {
    const sensitive = await stored('CHP-2026-000901', true);
    const ordinary = await stored('CHP-2026-000902', false);
    await h.post(h.activity('manager', { type: 'message', text: `case ${sensitive}` }));
    await h.post(h.activity('manager', { type: 'message', text: `case ${ordinary}` }));
    const refreshed = await h.execute('director1', 'refresh', { reference: sensitive });
    assert.equal(refreshed.status, 200);
    const log = await h.store.audit.listAccess(ORG_ID, sensitive);
    assert.deepEqual(
      log.items.map((e) => [e.userId, e.displayName, e.via]).sort(),
      [
        ['u-director-1', 'Dana Director', 'bot'],
        ['u-manager', 'Morven Manager', 'bot'],
      ],
    );
    assert.deepEqual((await h.store.audit.listAccess(ORG_ID, ordinary)).items, []);
  });

  it('records nothing for someone who may not see the case', async () => {
    const sensitive = await stored('CHP-2026-000903', true);
    const refused = await h.execute('admin', 'refresh', { reference: sensitive });
    assert.match(refused.text, /No case CHP/);
    assert.deepEqual((await h.store.audit.listAccess(ORG_ID, sensitive)).items, []);
  });
});
