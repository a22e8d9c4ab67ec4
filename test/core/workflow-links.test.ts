import assert from 'node:assert/strict';
import { applyAction, availableActions, type CaseAction } from '../../core/workflow';
import type { Case, SourceLink } from '../../core/types';
import { context, logged, people, refused, run } from './fixtures/workflow';

const SOURCE: SourceLink = {
  kind: 'email',
  messageId: 'm-1',
  internetMessageId: '<1@x>',
  conversationId: 'conv-1',
  attachments: [
    { name: 'photo.jpg', size: 9, fetched: false },
    { name: 'letter.pdf', size: 700, fetched: false },
  ],
};
const REPLY: SourceLink = { kind: 'email', messageId: 'm-2', internetMessageId: '<2@x>', conversationId: 'conv-1', receivedAt: '2026-11-24T08:00:00Z' };
const NOW = '2026-11-24T09:00:00Z';
const HASH = 'a'.repeat(64);

const fromEmail = (): Case => logged({ source: SOURCE });
const link = (l: SourceLink = REPLY, subject?: string): CaseAction => ({ type: 'link-message', link: l, ...(subject ? { subject } : {}) });

describe('workflow: linking a reply to its case', () => {
  it('adds the reply with a message-linked event; the current case is not changed', () => {
    const c = fromEmail();
    const next = run(c, people.handler, link(REPLY, 'RE: Roof'), NOW);
    assert.deepEqual(next.linkedMessages, [REPLY]);
    const event = next.events.at(-1)!;
    assert.equal(event.type, 'message-linked');
    assert.equal(event.summary, 'Email reply linked: “RE: Roof” received 2026-11-24.');
    assert.deepEqual(event.after, { linkedMessages: [REPLY] });
    assert.equal(c.linkedMessages, undefined);
  });

  it('refuses a message already linked (not allowed now), and the source message itself', () => {
    const c = run(fromEmail(), people.handler, link(), NOW);
    refused(c, people.handler, link({ ...REPLY, messageId: 'other-id' }), 'not-allowed-now', /already linked to CHP-2026-000001/, NOW);
    refused(c, people.handler, link({ kind: 'email', messageId: 'm-1', conversationId: 'conv-1' }), 'not-allowed-now', /message CHP-2026-000001 was logged from/, NOW);
  });

  it('replays a retry with the same action id: same case, original event', () => {
    const c = fromEmail();
    const ctx = context(people.handler, NOW, 'link-once');
    const first = applyAction(c, link(), ctx);
    assert.ok(first.ok);
    const again = applyAction(first.value.case, link(), ctx);
    assert.ok(again.ok);
    assert.equal(again.value.replayed, true);
    assert.equal(again.value.case, first.value.case);
    assert.deepEqual(again.value.event, first.value.event);
  });

  it('refuses an email from another conversation, in words', () => {
    refused(fromEmail(), people.handler, link({ kind: 'email', messageId: 'm-9', conversationId: 'conv-9' }), 'invalid-input', /not in the conversation CHP-2026-000001 was logged from; log it as its own case/, NOW);
  });

  it('refuses attachment notes that claim to be copied already', () => {
    const claimed = { ...REPLY, attachments: [{ name: 'x.pdf', size: 1, fetched: true }] };
    refused(fromEmail(), people.handler, link(claimed), 'invalid-input', /cannot be linked as already copied/, NOW);
  });

  it('is offered only for a case logged from a conversation, to people who may update cases', () => {
    const c = fromEmail();
    assert.ok(availableActions(c, people.handler).includes('link-message'));
    assert.ok(!availableActions(c, people.manager).includes('link-message'), 'the complaints manager has no case.update');
    refused(c, people.manager, link(), 'forbidden', /You may not add messages to cases; ask a complaint handler or a manager/, NOW);
    const byPhone = logged({ channel: 'phone' });
    assert.ok(!availableActions(byPhone, people.handler).includes('link-message'));
    refused(byPhone, people.handler, link(), 'not-allowed-now', /not logged from a message in a conversation/, NOW);
  });
});

describe('workflow: recording copied attachments', () => {
  const copied = (attachments: { name: string; size: number; sha256: string }[], messageId = 'm-1'): CaseAction => ({
    type: 'record-attachments-copied',
    messageId,
    attachments,
  });

  it('marks the copied ones fetched and keeps their SHA-256 in the attachments-copied event', () => {
    const next = run(fromEmail(), people.handler, copied([{ name: 'photo.jpg', size: 9, sha256: HASH }]), NOW);
    assert.deepEqual(next.source?.attachments, [
      { name: 'photo.jpg', size: 9, fetched: true },
      { name: 'letter.pdf', size: 700, fetched: false },
    ]);
    const event = next.events.at(-1)!;
    assert.equal(event.type, 'attachments-copied');
    assert.equal(event.summary, 'Attachments copied from the email: photo.jpg.');
    assert.deepEqual(event.after?.attachmentsCopied, [{ name: 'photo.jpg', size: 9, sha256: HASH }]);
  });

  it('matches by name when the copied size differs from Exchange’s, and notes a copied attachment it did not know', () => {
    const next = run(fromEmail(), people.handler, copied([{ name: 'letter.pdf', size: 512, sha256: HASH }, { name: 'extra.txt', size: 3, sha256: 'b'.repeat(64) }]), NOW);
    assert.deepEqual(next.source?.attachments, [
      { name: 'photo.jpg', size: 9, fetched: false },
      { name: 'letter.pdf', size: 700, fetched: true },
      { name: 'extra.txt', size: 3, fetched: true },
    ]);
  });

  it('marks attachments of a linked reply on that reply', () => {
    const withReply = run(fromEmail(), people.handler, link({ ...REPLY, attachments: [{ name: 'quote.pdf', size: 40, fetched: false }] }), NOW);
    const next = run(withReply, people.handler, copied([{ name: 'quote.pdf', size: 40, sha256: HASH }], 'm-2'), NOW);
    assert.deepEqual(next.linkedMessages?.[0].attachments, [{ name: 'quote.pdf', size: 40, fetched: true }]);
    assert.deepEqual(next.source?.attachments, SOURCE.attachments);
  });

  it('refuses recording the same copy twice, an email that is not the case’s, and a bad hash', () => {
    const once = run(fromEmail(), people.handler, copied([{ name: 'photo.jpg', size: 9, sha256: HASH }]), NOW);
    refused(once, people.handler, copied([{ name: 'photo.jpg', size: 9, sha256: HASH }]), 'not-allowed-now', /photo\.jpg was already copied to CHP-2026-000001/, NOW);
    refused(once, people.handler, copied([{ name: 'photo.jpg', size: 9, sha256: HASH }], 'm-9'), 'invalid-input', /not linked to CHP-2026-000001/, NOW);
    refused(once, people.handler, copied([{ name: 'letter.pdf', size: 700, sha256: 'nope' }]), 'invalid-input', /SHA-256 of copied attachment 1 \(letter\.pdf\)/, NOW);
    refused(once, people.handler, copied([]), 'invalid-input', /none were given/, NOW);
  });

  it('is not offered for a case with no message', () => {
    const byPhone = logged({ channel: 'phone' });
    assert.ok(!availableActions(byPhone, people.handler).includes('record-attachments-copied'));
    assert.ok(availableActions(fromEmail(), people.handler).includes('record-attachments-copied'));
  });
});
