/** The extension authorisation card: extra working days and a reason; the core checks the limits. */
import { STAGE1_MAX_EXTENSION_DAYS, STAGE2_WORKING_DAYS } from '../../core/clocks';
import type { Case } from '../../core/types';
import template from './extensionCard.json';
import { caseRevision, noticeData, type CardActionData, type Notice } from './caseCard';
import { displayDate, runningClock } from './labels';
import { expandCard, type AdaptiveCardJson } from './render';

export interface ExtensionCardData {
  reference: string;
  stage: string;
  rule: string;
  standardDue: string;
  currentDue: string;
  extendedSoFar: string;
  maxDays: number;
  daysError: string;
  notice?: { text: string; colour: string; style: string };
  action: CardActionData;
}

export function extensionCardData(c: Case, notice?: Notice): ExtensionCardData {
  const running = runningClock(c);
  if (!running) throw new Error(`${c.reference} has no running deadline to extend`);
  const { stage, clock } = running;
  // The input's upper bound only guides the person; the core enforces the CHP maximum.
  const maxDays = stage === 1 ? Math.max(1, STAGE1_MAX_EXTENSION_DAYS - clock.extensionDays) : STAGE2_WORKING_DAYS;
  return {
    reference: c.reference,
    stage: stage === 1 ? 'Stage 1 – frontline response' : 'Stage 2 – investigation',
    rule:
      stage === 1
        ? `Exceptionally, stage 1 may be extended by up to ${STAGE1_MAX_EXTENSION_DAYS} further working days in all, authorised by an appropriate manager. Tell the customer why.`
        : 'A stage 2 extension is exceptional and must be agreed by a senior manager. Tell the customer why and the new date.',
    standardDue: displayDate(clock.standardDue),
    currentDue: displayDate(clock.due),
    extendedSoFar: `${clock.extensionDays} working day${clock.extensionDays === 1 ? '' : 's'}`,
    maxDays,
    daysError: `Enter a whole number of working days from 1 to ${maxDays}.`,
    notice: noticeData(notice),
    action: { reference: c.reference, rev: caseRevision(c) },
  };
}

export function extensionCard(c: Case, notice?: Notice): AdaptiveCardJson {
  return expandCard(template, extensionCardData(c, notice));
}
