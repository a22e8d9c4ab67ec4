/**
 * Reminders: a daily sweep that sends proactive messages. Sources decide who should be reminded
 * of what (stage deadlines here; improvement actions can add a source); the sweep sends each
 * reminder once.
 *
 * "Once" is recorded in the leases container: a reminder's key (case, stage, kind and the due date
 * it was about) is taken as a lease that never expires in practice. Taking a lease is an
 * ETag-guarded create, so two sweeps running at once (two instances, a manual run during the daily
 * one) cannot both send; a failed send releases the lease so the next sweep tries again. Recording
 * on the case instead would add audit events nobody asked for and fight with case updates for the
 * ETag. A new due date (an extension) is a new key, so the new deadline is reminded too.
 */
import { randomUUID } from 'node:crypto';
import type { CaseScope } from '../core/permissions';
import { OPEN_STATUSES } from '../core/workflow';
import type { Case, IsoDate } from '../core/types';
import { cardAttachment, type AdaptiveCardJson } from './cards/render';
import { improvementActionReminders } from './improvement-reminders';
import { daysLeftPhrase, displayDate, dueView, runningClock } from './cards/labels';
import type { Notifier } from './proactive';
import { actorOf, type BotRuntime, type OrgView } from './runtime';
import { caseCardFor } from './views';

export interface Reminder {
  /** Unique per thing reminded about; a key is sent once. */
  key: string;
  userId: string;
  summary: string;
  card: AdaptiveCardJson;
}

export interface ReminderSource {
  name: string;
  collect(context: { rt: BotRuntime; view: OrgView; today: IsoDate }): Promise<Reminder[]>;
}

export interface ReminderDeps {
  rt: BotRuntime;
  notifier: Notifier;
  /** Defaults to DEFAULT_REMINDER_SOURCES; improvement-action reminders are added here. */
  sources?: readonly ReminderSource[];
}

export interface SweepReport {
  today: IsoDate;
  organisations: number;
  due: number;
  sent: number;
  alreadySent: number;
  unreachable: number;
  failed: number;
  bySource: Record<string, number>;
}

/** Long enough to outlive any deadline it is about. */
const SENT_MARK_TTL_SECONDS = 3 * 365 * 24 * 3600;
const PAGE = 200;
const ALL_CASES: CaseScope = { all: true, services: [], userId: 'reminder-sweep', socialWork: true };

async function* openCases(rt: BotRuntime, orgId: string): AsyncGenerator<Case> {
  let continuation: string | undefined;
  do {
    const page = await rt.store.cases.list(orgId, { scope: ALL_CASES, status: [...OPEN_STATUSES], sort: 'due', limit: PAGE, continuation });
    yield* page.items;
    continuation = page.continuation;
  } while (continuation);
}

/** Owners of cases whose stage deadline is 1 working day away (or today), and of overdue ones. */
export const stageDeadlineReminders: ReminderSource = {
  name: 'stage-deadlines',
  async collect({ rt, view, today }) {
    const reminders: Reminder[] = [];
    for await (const c of openCases(rt, view.orgId)) {
      const running = runningClock(c);
      const recipient = c.owner ?? c.loggedBy;
      if (!running || !recipient) continue;
      const due = dueView(view.calendar, running.clock, today);
      const overdue = today > running.clock.due;
      if (!overdue && due.daysLeft > 1) continue;
      const kind = overdue ? 'overdue' : 'due-soon';
      const text = overdue
        ? `${c.reference} is overdue: the stage ${running.stage} response was due ${displayDate(running.clock.due)} (${daysLeftPhrase(due.daysLeft, true)}).`
        : `${c.reference}: the stage ${running.stage} response is due ${displayDate(running.clock.due)} (${due.daysLeftText}).`;
      const owner = actorOf(view, recipient);
      reminders.push({
        key: `reminder:${view.orgId}:${c.reference}:stage${running.stage}:${kind}:${running.clock.due}`,
        userId: recipient,
        summary: text,
        card: caseCardFor(view, c, owner, today, { kind: overdue ? 'refused' : 'warning', text }),
      });
    }
    return reminders;
  },
};

export const DEFAULT_REMINDER_SOURCES: readonly ReminderSource[] = [stageDeadlineReminders, improvementActionReminders];

export async function runReminderSweep(deps: ReminderDeps, today: IsoDate): Promise<SweepReport> {
  const { rt, notifier } = deps;
  const sources = deps.sources ?? DEFAULT_REMINDER_SOURCES;
  const holder = `reminder-sweep:${randomUUID()}`;
  const report: SweepReport = { today, organisations: 0, due: 0, sent: 0, alreadySent: 0, unreachable: 0, failed: 0, bySource: {} };
  for (const org of await rt.store.orgs.list()) {
    const view = await rt.view(org);
    report.organisations += 1;
    for (const source of sources) {
      const reminders = await source.collect({ rt, view, today });
      report.due += reminders.length;
      for (const reminder of reminders) {
        if (!(await rt.store.leases.acquire(reminder.key, holder, SENT_MARK_TTL_SECONDS))) {
          report.alreadySent += 1;
          continue;
        }
        try {
          const result = await notifier.sendToUser(view.orgId, reminder.userId, { type: 'message', summary: reminder.summary, attachments: [cardAttachment(reminder.card)] });
          if (result === 'sent') {
            report.sent += 1;
            report.bySource[source.name] = (report.bySource[source.name] ?? 0) + 1;
          } else {
            report.unreachable += 1;
            await rt.store.leases.release(reminder.key, holder);
          }
        } catch (error) {
          report.failed += 1;
          rt.logger.error('reminder not sent', { key: reminder.key, error: String(error) });
          await rt.store.leases.release(reminder.key, holder);
        }
      }
    }
  }
  rt.logger.info('reminder sweep finished', { ...report });
  return report;
}

/**
 * Runs the sweep once a day after `hourLondon` (checked every `checkEveryMs`); a day lease makes
 * sure only one instance runs it. Returns a function that stops the timer.
 */
export function scheduleDailyReminders(deps: ReminderDeps, options: { hourLondon?: number; checkEveryMs?: number } = {}): () => void {
  const hour = options.hourLondon ?? 7;
  const holder = `daily:${randomUUID()}`;
  let lastRun: IsoDate | undefined;
  const tick = async () => {
    const now = deps.rt.now();
    const today = deps.rt.today();
    const londonHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(now));
    if (lastRun === today || londonHour < hour) return;
    lastRun = today;
    if (!(await deps.rt.store.leases.acquire(`reminder-day:${today}`, holder, 36 * 3600))) return;
    await runReminderSweep(deps, today);
  };
  const timer = setInterval(() => void tick().catch((error: unknown) => deps.rt.logger.error('daily reminder sweep failed', { error: String(error) })), options.checkEveryMs ?? 10 * 60_000);
  timer.unref();
  void tick().catch((error: unknown) => deps.rt.logger.error('daily reminder sweep failed', { error: String(error) }));
  return () => clearInterval(timer);
}
