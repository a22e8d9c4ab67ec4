/**
 * The demo organisation's training records and survey results over the past year and a bit, dated
 * back from today, so the reports show indicators 2 and 3 as an organisation that keeps them would.
 * Each record passes the same checks as one entered through the API.
 */
import { DateTime } from 'luxon';
import { surveyProblems, trainingProblems, type SurveyInput, type TrainingInput } from '../core/awareness';
import { WorkingCalendar } from '../core/calendar';
import type { IsoDate } from '../core/types';
import type { Store } from '../store/index';

const TRAINING: (Omit<TrainingInput, 'deliveredOn'> & { daysAgo: number })[] = [
  { daysAgo: 400, kind: 'induction', title: 'Complaints handling procedure: frontline induction', audience: 'New starts, all services', attendees: 11 },
  { daysAgo: 365, kind: 'refresher', title: 'Refresher: resolving complaints at stage 1', audience: 'Customer service advisers', attendees: 24 },
  { daysAgo: 300, kind: 'awareness', title: 'Staff bulletin: what we learned from complaints this quarter', audience: 'All staff (intranet)', attendees: 0 },
  { daysAgo: 310, kind: 'induction', title: 'Complaints handling procedure: frontline induction', audience: 'New starts, all services', attendees: 8 },
  { daysAgo: 220, kind: 'induction', title: 'Complaints handling procedure: frontline induction', audience: 'New starts, Housing Repairs and Waste', attendees: 14 },
  { daysAgo: 180, kind: 'refresher', title: 'Refresher: stage 2 investigations and sign-off', audience: 'Investigators and heads of service', attendees: 17 },
  { daysAgo: 130, kind: 'induction', title: 'Complaints handling procedure: frontline induction', audience: 'New starts, all services', attendees: 9 },
  { daysAgo: 100, kind: 'awareness', title: 'Team brief: recording root causes and learning', audience: 'Housing Repairs teams', attendees: 32 },
  { daysAgo: 40, kind: 'induction', title: 'Complaints handling procedure: frontline induction', audience: 'New starts, all services', attendees: 12 },
  { daysAgo: 20, kind: 'refresher', title: 'Refresher: social work complaints and the CSWO', audience: 'Adult Social Care and Children and Families staff', attendees: 21 },
];

/** Quarterly text surveys of complainants, each about the three months it follows. */
const SURVEYS: (Omit<SurveyInput, 'fromMonth' | 'toMonth'> & { endsMonthsAgo: number })[] = [
  { endsMonthsAgo: 12, responses: 41, satisfied: 26, method: 'Text message survey after closure', summary: 'People wanted to be kept informed while waiting for a repair.' },
  { endsMonthsAgo: 9, responses: 37, satisfied: 25, method: 'Text message survey after closure', summary: 'Clearer explanations of decisions were asked for.' },
  { endsMonthsAgo: 6, responses: 44, satisfied: 31, method: 'Text message survey after closure' },
  { endsMonthsAgo: 3, responses: 39, satisfied: 29, method: 'Text message survey after closure', summary: 'More said they were told who was dealing with their complaint.' },
];

/** Training is delivered on working days: a date falling on a weekend or holiday moves to the working day before. */
function workingDayOnOrBefore(calendar: WorkingCalendar, date: DateTime): IsoDate {
  let day = date;
  while (!calendar.isWorkingDay(day.toISODate() as IsoDate)) day = day.minus({ days: 1 });
  return day.toISODate() as IsoDate;
}

export async function seedAwareness(store: Pick<Store, 'awareness'>, orgId: string, today: IsoDate, calendar = new WorkingCalendar()): Promise<void> {
  const day = DateTime.fromISO(today, { zone: 'utc' });
  for (const [index, { daysAgo, ...input }] of TRAINING.entries()) {
    const record = { ...input, deliveredOn: workingDayOnOrBefore(calendar, day.minus({ days: daysAgo })) };
    if (trainingProblems(record, today).length > 0) throw new Error(`seed: training record ${index} does not pass the checks`);
    await store.awareness.addTraining({ ...record, id: `seed-training-${orgId}-${index + 1}`, orgId, recordedBy: 'demo-training-officer', recordedAt: `${record.deliveredOn}T16:00:00Z` });
  }
  for (const [index, { endsMonthsAgo, ...input }] of SURVEYS.entries()) {
    const end = day.startOf('month').minus({ months: endsMonthsAgo });
    const result = { ...input, fromMonth: end.minus({ months: 2 }).toFormat('yyyy-MM'), toMonth: end.toFormat('yyyy-MM') };
    if (surveyProblems(result, today).length > 0) throw new Error(`seed: survey ${index} does not pass the checks`);
    await store.awareness.addSurvey({ ...result, id: `seed-survey-${orgId}-${index + 1}`, orgId, recordedBy: 'demo-complaints-manager', recordedAt: `${end.plus({ months: 1 }).toISODate()}T10:00:00Z` });
  }
}
