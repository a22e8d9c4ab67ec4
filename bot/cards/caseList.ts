/** A short list of cases ("my cases", "overdue"); each row opens the case card. */
import type { WorkingCalendar } from '../../core/calendar';
import type { Case, IsoDate } from '../../core/types';
import template from './caseList.json';
import { dueView, runningClock, STATUS_LABELS } from './labels';
import { displayNameOf, type Person } from './people';
import { expandCard, type AdaptiveCardJson } from './render';

export interface CaseListItem {
  reference: string;
  service: string;
  status: string;
  owner: string;
  dueText: string;
  ragColour: string;
}

export interface CaseListData {
  title: string;
  emptyText: string;
  items: CaseListItem[];
  more?: string;
}

export interface CaseListInput {
  title: string;
  emptyText: string;
  cases: readonly Case[];
  calendar: WorkingCalendar;
  today: IsoDate;
  staff: readonly Person[];
  /** Set when the list was cut short. */
  more?: string;
}

export function caseListData(input: CaseListInput): CaseListData {
  return {
    title: input.title,
    emptyText: input.emptyText,
    more: input.more,
    items: input.cases.map((c) => {
      const running = runningClock(c);
      const due = running ? dueView(input.calendar, running.clock, input.today) : undefined;
      return {
        reference: c.reference,
        service: c.service,
        status: STATUS_LABELS[c.status],
        owner: displayNameOf(input.staff, c.owner),
        dueText: due ? `Due ${due.date} · ${due.daysLeftText}` : 'No deadline',
        ragColour: due?.ragColour ?? 'default',
      };
    }),
  };
}

export function caseList(input: CaseListInput): AdaptiveCardJson {
  return expandCard(template, caseListData(input));
}
