/** Talking to the bot: "new complaint", "my cases", "overdue", "case CHP-…", anything else gets help. */
import { caseScope, canSeeCase } from '../../core/permissions';
import { OPEN_STATUSES } from '../../core/workflow';
import type { Actor } from '../../core/types';
import { caseList } from '../cards/caseList';
import { messageCard, OPEN_LOG_FORM_BUTTON } from '../cards/messageCard';
import type { AdaptiveCardJson } from '../cards/render';
import type { BotRuntime, OrgView } from '../runtime';
import { caseCardFor } from '../views';

const LIST_LIMIT = 10;
const REFERENCE = /\b(CHP-\d{4}-\d{6})\b/i;
/** `case COR000123`: one word with a digit after "case" — a reference from the previous system (an imported case). */
const LEGACY_REFERENCE = /^case\s+([A-Za-z0-9][A-Za-z0-9/_.-]{0,63})\s*$/i;

export type Command = { name: 'new' } | { name: 'mine' } | { name: 'overdue' } | { name: 'case'; reference: string } | { name: 'help' };

export function parseCommand(text: string): Command {
  const words = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const reference = REFERENCE.exec(text)?.[1];
  if (/^(case|show|open)\b/.test(words) && reference) return { name: 'case', reference: reference.toUpperCase() };
  const legacy = LEGACY_REFERENCE.exec(text.trim())?.[1];
  if (legacy && /\d/.test(legacy)) return { name: 'case', reference: legacy };
  if (/^(new|log)( a)? (complaint|case)\b/.test(words)) return { name: 'new' };
  if (/^my (cases|caseload)\b/.test(words)) return { name: 'mine' };
  if (/^overdue\b/.test(words)) return { name: 'overdue' };
  if (reference && words === reference.toLowerCase()) return { name: 'case', reference: reference.toUpperCase() };
  return { name: 'help' };
}

export const HELP_LINES = [
  '**new complaint** – open the form to log a complaint, compliment or comment',
  '**my cases** – the open cases you own, soonest due first',
  '**overdue** – open cases past their deadline that you can see',
  '**case CHP-2026-000123** – one case, with the buttons your role allows (an imported case also by its old reference)',
  'To log a chat message, use "Log as complaint" from the message’s ⋯ menu.',
];

export async function answerCommand(rt: BotRuntime, view: OrgView, actor: Actor, command: Command): Promise<AdaptiveCardJson> {
  const today = rt.today();
  switch (command.name) {
    case 'new':
      return messageCard({ title: 'Log a complaint', lines: ['Open the form, fill in what the customer told you, and press "Log it".'], buttons: [OPEN_LOG_FORM_BUTTON] });
    case 'case': {
      const found = (await rt.store.cases.get(view.orgId, command.reference)) ?? (await rt.store.cases.findByLegacyReference(view.orgId, command.reference));
      if (!found || !canSeeCase(actor, found)) {
        return messageCard({ title: `No case ${command.reference}`, colour: 'attention', lines: [`There is no case ${command.reference} in your organisation that you can see; check the reference.`] });
      }
      // A social-work or legal-hold case's access log records the card being shown (store/audit.ts).
      await rt.store.audit.recordOpening(found, actor, 'bot', rt.now().toISOString(), rt.newId());
      return caseCardFor(view, found, actor, today);
    }
    case 'mine':
    case 'overdue': {
      const scope = caseScope(actor);
      if (!scope) return messageCard({ title: 'No cases', colour: 'attention', lines: ['Your roles do not include reading cases; the reports are available to you instead.'] });
      const mine = command.name === 'mine';
      const page = await rt.store.cases.list(view.orgId, {
        scope,
        ...(mine ? { owner: actor.userId, status: [...OPEN_STATUSES] } : { overdueOn: today }),
        sort: 'due',
        limit: LIST_LIMIT,
      });
      return caseList({
        title: mine ? 'My open cases' : 'Overdue cases',
        emptyText: mine ? 'You have no open cases.' : 'Nothing you can see is overdue.',
        cases: page.items,
        calendar: view.calendar,
        today,
        staff: view.staff,
        more: page.continuation ? `Showing the first ${page.items.length}; the caseload tab has the full list.` : undefined,
      });
    }
    case 'help':
      return messageCard({ title: 'What I can do', lines: HELP_LINES, buttons: [OPEN_LOG_FORM_BUTTON] });
  }
}
