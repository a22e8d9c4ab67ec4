/**
 * Reminders about improvement actions (learning from complaints), a source for the daily reminder
 * sweep (bot/reminders.ts): overdue and due-soon actions go to the owner officer (for a team, to the
 * manager who authorised it), proposals waiting for authorisation go to those whose roles — as the
 * organisation defines them — may authorise it, nearest to the service first
 * (core/improvement-authorisers). Which actions need a reminder is core/learning's rule.
 * An overdue action is reminded once a week, not every day.
 */
import { authorisersToRemind } from '../core/improvement-authorisers';
import { improvementReminders, type ImprovementAction, type ImprovementReminder } from '../core/learning';
import type { IsoDate } from '../core/types';
import type { AdaptiveCardJson } from './cards/render';
import type { Reminder, ReminderSource } from './reminders';
import { actorOf, type OrgView } from './runtime';

function recipients(view: OrgView, action: ImprovementAction, reminder: ImprovementReminder): string[] {
  if (reminder.kind === 'awaiting-authorisation') {
    // Every member of staff (groups' members included) with what their roles allow under the organisation's definitions.
    return authorisersToRemind(view.staff.map((p) => actorOf(view, p.userId, p.displayName)), action.service);
  }
  if (action.owner.kind === 'officer') return [action.owner.id];
  return [action.authorisedBy ?? action.createdBy];
}

function card(action: ImprovementAction, reminder: ImprovementReminder): AdaptiveCardJson {
  const heading = { overdue: 'Improvement action overdue', 'due-soon': 'Improvement action due soon', 'awaiting-authorisation': 'Improvement action awaits authorisation' }[reminder.kind];
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
      { type: 'TextBlock', text: heading, weight: 'Bolder', size: 'Medium', wrap: true, color: reminder.kind === 'overdue' ? 'Attention' : 'Default' },
      { type: 'TextBlock', text: action.description, wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Service', value: action.service },
          { title: 'Owner', value: action.owner.displayName },
          { title: 'Target date', value: action.targetDate },
          { title: 'Status', value: action.status },
          ...(action.caseReferences.length > 0 ? [{ title: 'From cases', value: action.caseReferences.join(', ') }] : []),
        ],
      },
    ],
  };
}

/** Overdue actions are reminded weekly: the key carries the week number since the target date. */
function keyOf(orgId: string, reminder: ImprovementReminder): string {
  const period = reminder.kind === 'overdue' ? `week${Math.floor((reminder.daysOverdue - 1) / 7)}` : reminder.targetDate;
  return `reminder:${orgId}:improvement:${reminder.actionId}:${reminder.kind}:${period}`;
}

export function improvementRemindersFor(view: OrgView, actions: readonly ImprovementAction[], today: IsoDate): Reminder[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  return improvementReminders(actions, today).flatMap((reminder) => {
    const action = byId.get(reminder.actionId)!;
    return recipients(view, action, reminder).map((userId) => ({ key: `${keyOf(view.orgId, reminder)}:${userId}`, userId, summary: reminder.message, card: card(action, reminder) }));
  });
}

export const improvementActionReminders: ReminderSource = {
  name: 'improvement-actions',
  async collect({ rt, view, today }) {
    const open = await rt.store.improvements.list(view.orgId, { status: ['proposed', 'authorised', 'in-progress'] });
    return improvementRemindersFor(view, open, today);
  },
};
