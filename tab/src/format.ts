/** Words and dates as the tab shows them. Presentation only: every figure comes from the API. */
import { CHANNEL_LABELS, formatDate, formatDateTime, OUTCOME_LABELS, STATUS_LABELS } from '../../core/labels';
import type { CaseloadItem, ClockStatus, Customer, Rag } from './api';

export { readableSummary, readableText, roleLabel } from '../../core/labels';

export const STATUS_WORDS: Record<string, string> = STATUS_LABELS;

export const OUTCOME_WORDS: Record<string, string> = OUTCOME_LABELS;

export const RAG_WORDS: Record<Rag, string> = { red: 'Overdue', amber: 'Due soon', green: 'On track' };

export const VIEW_WORDS: Record<string, string> = { mine: 'My cases', team: 'My team', all: 'All' };

export const CHANNEL_WORDS: Record<string, string> = CHANNEL_LABELS;

/** `2026-12-07` → `Mon 7 Dec 2026`. */
export function displayDate(iso: string | undefined): string {
  return iso ? formatDate(iso) : '—';
}

/** An instant in London time: `Mon 7 Dec 2026 10:05`. */
export const displayDateTime = formatDateTime;

/** Today's date in London, the default for "on" dates in forms. */
export function londonToday(): string {
  const parts = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/London' }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function customerLabel(customer: Pick<Customer, 'name' | 'anonymous' | 'withheldDetails'>): string {
  if (customer.anonymous) return 'Withheld (anonymous)';
  return customer.name ?? 'Withheld';
}

export function daysLeftText(clock: ClockStatus | undefined): string {
  if (!clock) return '—';
  if (clock.overdue) {
    const late = Math.max(1, -clock.workingDaysLeft);
    return `${late} overdue`;
  }
  return clock.workingDaysLeft === 0 ? 'Due today' : String(clock.workingDaysLeft);
}

export function stageText(item: Pick<CaseloadItem, 'stage' | 'kind'>): string {
  if (item.stage) return `Stage ${item.stage}`;
  return item.kind === 'complaint' ? '—' : item.kind.charAt(0).toUpperCase() + item.kind.slice(1);
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
