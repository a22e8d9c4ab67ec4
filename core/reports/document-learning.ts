/**
 * Report sections for learning that shows: the SPSO journey, whether completed improvements were
 * followed by fewer complaints, and compliments and comments. Kept apart from document.ts so the
 * counting rules print beside the figures they explain.
 */
import type { Block, Section, TableBlock } from './document';
import { EFFECT_MIN_COMPLAINTS, type ImprovementEffect } from './effect';
import type { FeedbackSummary, SpsoJourney } from './models';
import { SPSO_COUNTING_RULES, type SpsoFigures } from './spso';

function spsoRow(header: string, f: SpsoFigures): TableBlock['rows'][number] {
  const u = f.upheldAfterNotUpheld;
  return { header, cells: [f.decided, u.stage1, u.stage2Direct, u.escalated, u.total, f.recommendationsDue, f.recommendationsOverdue, f.recommendationsImplemented] };
}

export function spsoSection(journey: SpsoJourney): Section {
  const f = journey.all;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        f.decided === 0
          ? 'The SPSO decided none of our complaints in this period.'
          : `The SPSO decided ${f.decided} of our complaints in this period and upheld or partly upheld ${f.upheldAfterNotUpheld.total} that we had not upheld.`,
    },
    {
      kind: 'table',
      id: 'spso-journey',
      caption: 'Complaints decided by the SPSO, and its recommendations, by service',
      rowHeader: 'Service',
      columns: [
        { label: 'Decided by the SPSO', unit: 'count' },
        { label: 'Upheld by the SPSO after we did not uphold at stage 1', unit: 'count' },
        { label: 'Upheld by the SPSO after we did not uphold at stage 2 (direct)', unit: 'count' },
        { label: 'Upheld by the SPSO after we did not uphold at stage 2 (escalated)', unit: 'count' },
        { label: 'Upheld by the SPSO after we did not uphold (total)', unit: 'count' },
        { label: 'Recommendations due', unit: 'count' },
        { label: 'Recommendations overdue', unit: 'count' },
        { label: 'Recommendations implemented', unit: 'count' },
      ],
      rows: [spsoRow('All services', f), ...journey.byService.map((s) => spsoRow(s.service, s.figures))],
    },
    { kind: 'paragraph', text: 'How these figures are counted:' },
    { kind: 'list', items: [...SPSO_COUNTING_RULES] },
  ];
  if (f.recommendationsOverdue > 0) {
    blocks.splice(1, 0, { kind: 'notice', tone: 'warning', text: `${f.recommendationsOverdue} SPSO recommendation${f.recommendationsOverdue === 1 ? ' was' : 's were'} not implemented by the date due.` });
  }
  return { id: 'spso', heading: 'Complaints to the SPSO', blocks };
}

export function effectsSection(effects: ImprovementEffect[]): Section {
  const rule =
    'For each improvement action completed in the period: complaints with the same root cause in the same service, in the same number of whole months before and after the month it was completed (up to 12). ' +
    `Fewer than ${EFFECT_MIN_COMPLAINTS} complaints in the two periods together are too few to mean anything, and are marked so.`;
  if (effects.length === 0) {
    return { id: 'improvement-effects', heading: 'Did the improvements work?', blocks: [{ kind: 'paragraph', text: rule }, { kind: 'paragraph', text: 'No improvement actions were completed in this period.' }] };
  }
  return {
    id: 'improvement-effects',
    heading: 'Did the improvements work?',
    blocks: [
      { kind: 'paragraph', text: rule },
      {
        kind: 'table',
        id: 'improvement-effects-table',
        caption: 'Complaints with the same root cause before and after each completed improvement',
        rowHeader: 'Action',
        columns: [
          { label: 'Service', unit: 'text' },
          { label: 'Root cause', unit: 'text' },
          { label: 'Completed on', unit: 'date' },
          { label: 'Months compared each side', unit: 'count' },
          { label: 'Complaints before', unit: 'count' },
          { label: 'Complaints after', unit: 'count' },
          { label: 'What it shows', unit: 'text' },
        ],
        rows: effects.map((e) => ({
          header: e.description,
          cells: [e.service, e.rootCauseCategory ?? null, e.completedOn, e.months, e.before?.complaints ?? null, e.after?.complaints ?? null, e.statement],
        })),
      },
    ],
  };
}

export function feedbackSection(feedback: FeedbackSummary, audience: 'senior-management' | 'public'): Section {
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `${audience === 'public' ? 'You also sent us' : 'We also received'} ${feedback.compliments} compliment${feedback.compliments === 1 ? '' : 's'} and ${feedback.comments} comment${feedback.comments === 1 ? '' : 's'} in this period (counted in the month received; they are not complaints and are not in the figures above).`,
    },
  ];
  if (feedback.byService.length > 0) {
    blocks.push({
      kind: 'table',
      id: 'feedback-by-service',
      caption: 'Compliments and comments by service',
      rowHeader: 'Service',
      columns: [
        { label: 'Compliments', unit: 'count' },
        { label: 'Comments', unit: 'count' },
      ],
      rows: feedback.byService.map((s) => ({ header: s.service, cells: [s.compliments, s.comments] })),
    });
  }
  if (feedback.quotes.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Some of what people said, quoted with their consent:' });
    blocks.push({ kind: 'list', items: feedback.quotes.map((q) => `“${q.text}” (${q.service})`), csv: { table: 'Compliments quoted with consent', measure: 'Quote' } });
  }
  if (feedback.quotesWithheld > 0 && audience === 'senior-management') {
    const n = feedback.quotesWithheld;
    blocks.push({ kind: 'notice', tone: 'info', text: `${n} quote${n === 1 ? ' is' : 's are'} not shown: the words name the customer or give contact details. Change the quote on the compliment to use it.` });
  }
  return { id: 'compliments-and-comments', heading: 'Compliments and comments', blocks };
}
