import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { WorkingCalendar } from '../../core/calendar';
import { approvalCard } from '../../bot/cards/approvalCard';
import { caseCard } from '../../bot/cards/caseCard';
import { caseList } from '../../bot/cards/caseList';
import { extensionCard } from '../../bot/cards/extensionCard';
import { logForm } from '../../bot/cards/logForm';
import { messageCard, OPEN_LOG_FORM_BUTTON } from '../../bot/cards/messageCard';
import type { AdaptiveCardJson } from '../../bot/cards/render';
import { CardRenderer, type RenderResult } from './cardRenderer';
import { SAMPLE_STAFF, sampleCase, sampleStage2Case } from './sampleCases';

const calendar = new WorkingCalendar();
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

function assertClean(name: string, result: RenderResult): void {
  const hard = [...result.parseEvents, ...result.validationEvents].filter((e) => !e.soft);
  assert.deepEqual(hard, [], `${name}: renderer reported ${JSON.stringify(hard)}`);
  assert.ok(result.rendered, `${name}: nothing rendered`);
}

describe('bot card templates in the adaptivecards renderer (headless Chromium)', function () {
  this.timeout(60_000);
  let renderer: CardRenderer;
  before(async () => {
    renderer = await CardRenderer.start();
  });
  after(async () => renderer?.close());

  const cases: [string, () => AdaptiveCardJson, (r: RenderResult) => void][] = [
    [
      'case card with the buttons of a complaints manager at stage 1',
      () => caseCard({ case: sampleCase(), actions: ['assign', 'extend', 'close-stage1', 'withdraw', 'mark-not-a-complaint', 'update-details'], calendar, today: '2026-03-05', staff: SAMPLE_STAFF, refreshUserIds: ['u-handler'] }),
      (r) => {
        assert.match(r.text, /CHP-2026-000042/);
        assert.match(r.text, /Morag Campbell/);
        assert.match(r.text, /1 working day left/);
        assert.match(r.text, /\$\{not a template\}/, 'user text is shown literally, never evaluated');
        for (const title of ['Assign owner', 'Extend deadline', 'Close stage 1', 'More…', 'Refresh', 'Open message']) assert.ok(r.buttons.includes(title), `missing ${title} in ${r.buttons}`);
      },
    ],
    [
      'case card with no buttons but refresh, overdue, withheld customer and a refusal notice',
      () =>
        caseCard({
          case: sampleStage2Case('none'),
          actions: [],
          calendar,
          today: '2026-04-09',
          staff: SAMPLE_STAFF,
          refreshUserIds: [],
          notice: { kind: 'refused', text: 'You may not approve your own draft.' },
        }),
      (r) => {
        assert.match(r.text, /withheld/);
        assert.match(r.text, /overdue/);
        assert.match(r.text, /You may not approve your own draft/);
        assert.deepEqual(r.buttons.filter((b) => b !== 'Open message'), ['Refresh']);
      },
    ],
    [
      'approval card, pending',
      () => approvalCard({ case: sampleStage2Case('pending'), actions: ['approve-signoff', 'return-signoff'], calendar, today: '2026-03-31', staff: SAMPLE_STAFF, refreshUserIds: ['u-director'] }),
      (r) => {
        assert.match(r.text, /Isla Investigator/);
        assert.match(r.text, /changed the route/);
        assert.ok(r.buttons.includes('Approve') && r.buttons.includes('Return with comments'), String(r.buttons));
      },
    ],
    [
      'approval card, decided',
      () => approvalCard({ case: sampleStage2Case('approved'), actions: [], calendar, today: '2026-03-31', staff: SAMPLE_STAFF, refreshUserIds: [] }),
      (r) => {
        assert.match(r.text, /Approved by Dana Director/);
        assert.ok(!r.buttons.includes('Approve'));
      },
    ],
    ['extension card', () => extensionCard(sampleCase()), (r) => assert.match(r.text, /up to 5 further working days/)],
    [
      'log form from a message',
      () =>
        logForm({
          services: ['Housing', 'Waste'],
          now: '2026-03-02T10:00:00Z',
          message: { messageId: 'm1', conversationId: 'c1', webLink: 'https://teams/x', receivedAt: '2026-03-02T09:15:00Z', authorName: 'Morag Campbell', text: 'My bin…' },
        }),
      (r) => assert.match(r.text, /From Morag Campbell/),
    ],
    ['blank log form', () => logForm({ services: ['Waste'], now: '2026-03-02T10:00:00Z' }), (r) => assert.match(r.text, /Log a complaint/)],
    [
      'case list',
      () => caseList({ title: 'My cases', emptyText: 'None', cases: [sampleCase(), sampleStage2Case('pending')], calendar, today: '2026-03-05', staff: SAMPLE_STAFF }),
      (r) => assert.match(r.text, /CHP-2026-000042 · Waste/),
    ],
    ['empty case list', () => caseList({ title: 'Overdue', emptyText: 'Nothing is overdue.', cases: [], calendar, today: '2026-03-05', staff: [] }), (r) => assert.match(r.text, /Nothing is overdue/)],
    ['message card', () => messageCard({ title: 'Hello', lines: ['Say "new complaint"'], buttons: [OPEN_LOG_FORM_BUTTON] }), (r) => assert.ok(r.buttons.includes('Log a complaint'))],
  ];

  for (const [name, make, check] of cases) {
    it(`renders the ${name} without errors`, async () => {
      const result = await renderer.render(make());
      assertClean(name, result);
      check(result);
    });
  }

  it('writes a screenshot of the approval card to test/artifacts/', async () => {
    const card = approvalCard({ case: sampleStage2Case('pending'), actions: ['approve-signoff'], calendar, today: '2026-03-31', staff: SAMPLE_STAFF, refreshUserIds: [] });
    assertClean('approval card', await renderer.render(card));
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'approval-card.png');
    await renderer.screenshot(file);
    assert.ok(statSync(file).size > 2000, 'screenshot is not empty');
  });
});

describe('bot card expansion', () => {
  it('expanding the same template for two cases gives independent cards', () => {
    const calendar = new WorkingCalendar();
    const a = caseCard({ case: sampleCase(), actions: ['assign'], calendar, today: '2026-03-05', staff: SAMPLE_STAFF, refreshUserIds: ['u-handler'] });
    const b = caseCard({ case: sampleCase({ reference: 'CHP-2026-000043', service: 'Housing' }), actions: [], calendar, today: '2026-03-05', staff: SAMPLE_STAFF, refreshUserIds: [] });
    (a.body as unknown[]).push('mutated');
    assert.match(JSON.stringify(a), /CHP-2026-000042/);
    assert.match(JSON.stringify(b), /CHP-2026-000043/);
    assert.doesNotMatch(JSON.stringify(b), /CHP-2026-000042|mutated|Assign owner/);
    assert.equal(JSON.stringify(caseCard({ case: sampleCase(), actions: ['assign'], calendar, today: '2026-03-05', staff: SAMPLE_STAFF, refreshUserIds: ['u-handler'] })).includes('mutated'), false);
  });
});
