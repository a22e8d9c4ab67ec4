/** A plain message card: a title, some lines, optional buttons (help, refusals, "new complaint"). */
import template from './messageCard.json';
import { expandCard, type AdaptiveCardJson } from './render';

export interface MessageCardData {
  title: string;
  colour: 'default' | 'attention' | 'good' | 'warning';
  lines: string[];
  buttons: { title: string; data: Record<string, unknown> }[];
}

export function messageCard(data: Partial<MessageCardData> & Pick<MessageCardData, 'title'>): AdaptiveCardJson {
  return expandCard(template, { colour: 'default', lines: [], buttons: [], ...data });
}

/** The button that opens the log form in a task module (Teams `task/fetch`). */
export const OPEN_LOG_FORM_BUTTON = { title: 'Log a complaint', data: { msteams: { type: 'task/fetch' }, form: 'log' } };
