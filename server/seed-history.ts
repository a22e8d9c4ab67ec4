/**
 * Fifteen months of plausible, closed-out history for the demo organisation, so the Reports view and
 * the quarterly trend against earlier quarters have something to show. Generated from a fixed seed
 * (same cases every run) as a list of "logged on day X, then these actions on these days" plans; the
 * seed plays each plan through the core exactly like the hand-written demo cases.
 */
import type { CaseAction, NewCaseInput } from '../core/workflow';
import type { NewImprovementInput, Publication } from '../core/learning';
import type { Channel, Outcome } from '../core/types';
import { seededRandom } from './seeded-random';

/** A planned case: received `daysBeforeToday` calendar days before the seed's today; steps on working-day offsets. */
export interface HistoryCase {
  daysBeforeToday: number;
  by: string;
  input: Omit<NewCaseInput, 'receivedAt'>;
  steps: { days: number; by: string; action: CaseAction }[];
}

/** A planned improvement action, created `daysBeforeToday` before today and (maybe) completed later. */
export interface HistoryImprovement {
  daysBeforeToday: number;
  input: Omit<NewImprovementInput, 'targetDate' | 'caseReferences'>;
  targetInDays: number;
  completeAfterDays?: number;
  completionNote: string;
}

const FIRST = ['Anne', 'James', 'Catherine', 'David', 'Moira', 'Stuart', 'Heather', 'Kenneth', 'Fiona', 'Neil', 'Lorna', 'Gordon', 'Eilidh', 'Craig', 'Shona', 'Alasdair', 'Rhona', 'Brian', 'Isla', 'Euan'];
const LAST = ['MacDonald', 'Paterson', 'Robertson', 'Thomson', 'Henderson', 'Ferguson', 'Cameron', 'Gillespie', 'McKenzie', 'Watson', 'Milne', 'Crawford', 'Laing', 'Morrison', 'Buchanan', 'Dickson'];
const CHANNELS: Channel[] = ['email', 'email', 'phone', 'phone', 'web-form', 'web-form', 'letter', 'in-person', 'social-media'];

/** Service, how often it draws complaints, and what people complain about. */
const SERVICE_MIX: { service: string; weight: number; natures: string[] }[] = [
  { service: 'Housing Repairs', weight: 24, natures: ['Repair appointment missed without notice.', 'Damp in the bedroom still not treated.', 'Kitchen repair left unfinished for weeks.', 'Heating not fixed after several reports.'] },
  { service: 'Waste and Recycling', weight: 18, natures: ['Bin not collected on the scheduled day.', 'Crew left rubbish spilled in the street.', 'Garden waste permit issued late.'] },
  { service: 'Council Tax and Benefits', weight: 15, natures: ['Council tax bill wrong after moving house.', 'Housing benefit claim took too long to assess.', 'Letter about arrears was unclear.'] },
  { service: 'Roads and Transport', weight: 12, natures: ['Pothole reported but not repaired.', 'Street light out for a month.', 'Gritting route missed our street.'] },
  { service: 'Education', weight: 7, natures: ['School transport did not turn up.', 'Placing request decision letter was late.'] },
  { service: 'Planning and Building Standards', weight: 6, natures: ['Planning application took longer than advised.', 'Enforcement complaint not followed up.'] },
  { service: 'Environmental Health', weight: 6, natures: ['Noise complaint not investigated.', 'Pest control visit cancelled twice.'] },
  { service: 'Libraries and Leisure', weight: 6, natures: ['Gym class cancelled at short notice.', 'Library opening hours changed without notice.', 'Swimming lesson refund not paid.'] },
  { service: 'Adult Social Care', weight: 3, natures: ['Care at home visits late and rushed.', 'Assessment for support delayed.'] },
  { service: 'Children and Families', weight: 3, natures: ['Family not kept informed about a child’s plan.', 'Social worker changed without explanation.'] },
];
const SOCIAL_WORK = new Set(['Adult Social Care', 'Children and Families']);
const OUTCOMES: Outcome[] = ['upheld', 'upheld', 'partially-upheld', 'partially-upheld', 'not-upheld', 'not-upheld', 'not-upheld', 'resolved'];
const ROOT_CAUSE_TEXT: Record<string, string> = {
  Communication: 'The customer was not told about a change in time.',
  'Policy or procedure': 'The procedure did not cover this situation.',
  'Staff conduct': 'An officer did not follow the expected standard.',
  Delay: 'Work sat in a queue without an owner.',
  'Quality of service': 'The work done did not meet the expected standard.',
  'Contractor performance': 'The contractor did not meet the contract standard.',
};

const HANDLER = 'demo-director';
const SIGNER = 'demo-chief-executive';
/**
 * Who owned each service's complaints: the investigators for their services (social work has its
 * own), the frontline handler for the rest. The director records the history's steps, but owns no
 * cases: senior people sign off and oversee, they do not handle the caseload.
 */
const OWNER_BY_SERVICE: Record<string, string> = {
  'Housing Repairs': 'demo-investigator',
  'Council Tax and Benefits': 'demo-investigator',
  'Waste and Recycling': 'demo-handler',
  'Roads and Transport': 'demo-handler',
  Education: 'demo-handler',
  'Planning and Building Standards': 'demo-handler',
  'Environmental Health': 'demo-handler',
  'Libraries and Leisure': 'demo-handler',
  'Adult Social Care': 'demo-sw-investigator',
  'Children and Families': 'demo-sw-investigator',
};

/**
 * About `count` historical cases spread over the 15 months before today, all decided well before
 * today except the few whose last steps would fall after it (the seed stops those early).
 */
export function historyCases(rootCauseCategories: readonly string[], count = 250, seed = 20251): HistoryCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const totalWeight = SERVICE_MIX.reduce((sum, s) => sum + s.weight, 0);
  const pickService = () => {
    let r = random() * totalWeight;
    for (const s of SERVICE_MIX) if ((r -= s.weight) < 0) return s;
    return SERVICE_MIX[0];
  };
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const cases: HistoryCase[] = [];
  for (let i = 0; i < count; i += 1) {
    const mix = pickService();
    const service = mix.service;
    const first = pick(FIRST);
    const last = pick(LAST);
    const customer = { withheldDetails: false, anonymous: false, name: `${first} ${last}`, ...(random() < 0.6 ? { email: `${first}.${last}${i}@example.org`.toLowerCase() } : {}) };
    const contractor =
      service === 'Housing Repairs' && random() < 0.15
        ? { name: 'Northway Building Services Ltd', kind: 'contractor' as const }
        : service === 'Libraries and Leisure' && random() < 0.5
          ? { name: 'Glenmore Leisure Trust', kind: 'aleo' as const }
          : undefined;
    const roll = random();
    const startAtStage: 1 | 2 = roll < 0.12 ? 2 : 1;
    const input: Omit<NewCaseInput, 'receivedAt'> = {
      kind: 'complaint',
      channel: pick(CHANNELS),
      customer,
      nature: pick(mix.natures),
      service,
      socialWork: SOCIAL_WORK.has(service),
      ...(contractor ? { contractor } : {}),
      ...(startAtStage === 2 ? { startAtStage } : {}),
      ...(OWNER_BY_SERVICE[service] ? { owner: OWNER_BY_SERVICE[service] } : {}),
    };
    const steps: HistoryCase['steps'] = [];
    const step = (days: number, action: CaseAction, by = HANDLER) => steps.push({ days, by, action });
    const outcome = pick(OUTCOMES);
    // One root cause per case: a stage 2 review of an escalated case keeps the stage 1 finding.
    const rootCause = (days: number, result: Outcome) => {
      if (steps.some((s) => s.action.type === 'record-root-cause')) return;
      if ((result === 'upheld' || result === 'partially-upheld') && rootCauseCategories.length > 0 && random() < 0.75) {
        const category = contractor ? 'Contractor performance' : pick(rootCauseCategories.filter((c) => c !== 'Contractor performance'));
        step(days, { type: 'record-root-cause', category, text: ROOT_CAUSE_TEXT[category] ?? 'Cause identified during the investigation.' });
      }
    };
    const stage2 = (from: number, result: Outcome) => {
      let day = from;
      step((day += between(0, 2)), { type: 'acknowledge', on: '' });
      let limit = 20;
      if (random() < 0.12) {
        step((day += between(8, 14)), { type: 'extend', workingDays: 10, reason: 'Waiting for records from another service.', customerToldOn: '' });
        limit = 30;
      }
      const closeOn = from + between(8, limit + (random() < 0.15 ? 6 : 0));
      day = Math.max(day + 1, closeOn - 2);
      rootCause(day, result);
      step(day, { type: 'request-signoff', draftSummary: 'Findings of the investigation and our decision on each point.', proposedOutcome: result });
      step(day + 1, { type: 'approve-signoff' }, SIGNER);
      step(day + 1, { type: 'close-stage2', actionTaken: result === 'not-upheld' ? 'Explained our decision and the route to the SPSO.' : 'Apologised and put the matter right.', on: '' });
      if (random() < 0.06) step(day + 1 + between(10, 30), { type: 'refer-to-spso', on: '' }, 'demo-complaints-manager');
    };
    if (startAtStage === 2) {
      stage2(0, outcome);
    } else if (roll < 0.18) {
      step(between(1, 4), { type: 'withdraw', on: '', reason: 'Customer no longer wished to pursue it.' });
    } else if (roll < 0.2) {
      step(between(0, 2), { type: 'mark-not-a-complaint', reason: 'A first request for a service; passed to the service.' });
    } else {
      let limit = 5;
      if (random() < 0.1) {
        step(between(2, 4), { type: 'extend', workingDays: 5, reason: 'Needed a site visit to check the work.', customerToldOn: '' });
        limit = 10;
      }
      const closeDay = between(1, limit + (random() < 0.2 ? 3 : 0));
      rootCause(closeDay, outcome);
      step(closeDay, { type: 'close-stage1', outcome, actionTaken: outcome === 'not-upheld' ? 'Explained the service standard.' : 'Apologised and arranged the work.', on: '' });
      if (outcome !== 'upheld' && random() < 0.18) {
        const escalatedOn = closeDay + between(2, 12);
        step(escalatedOn, { type: 'escalate', on: '', reason: 'Customer unhappy with the stage 1 response.' });
        stage2(escalatedOn, pick(OUTCOMES));
      }
    }
    cases.push({ daysBeforeToday: between(35, 456), by: HANDLER, input, steps });
  }
  return cases.sort((a, b) => b.daysBeforeToday - a.daysBeforeToday);
}

const publication = (youSaid: string, weDid: string): Publication => ({ youSaid, weDid, publish: true });
const team = (displayName: string) => ({ kind: 'team' as const, id: displayName.toLowerCase().replace(/\W+/g, '-'), displayName });

/** A handful of improvement actions from the history: most completed, some marked for "you said, we did". */
export const HISTORY_IMPROVEMENTS: readonly HistoryImprovement[] = [
  {
    daysBeforeToday: 400,
    input: { service: 'Housing Repairs', rootCauseCategory: 'Communication', description: 'Text customers the day before a repair appointment, and again if it changes.', owner: team('Repairs scheduling team'), monitoringNeeded: true, publication: publication('You told us repair appointments were missed without warning.', 'We now send a text reminder the day before and tell you straight away if the time changes.') },
    targetInDays: 60,
    completeAfterDays: 55,
    completionNote: 'Appointment texts live for all repair trades.',
  },
  {
    daysBeforeToday: 330,
    input: { service: 'Waste and Recycling', rootCauseCategory: 'Quality of service', description: 'Crews photograph missed bins and report the reason at the end of each round.', owner: team('Waste operations'), monitoringNeeded: true, publication: publication('You said missed bin reports were closed without a collection.', 'Crews now record why a bin was missed and a return visit is booked within two working days.') },
    targetInDays: 45,
    completeAfterDays: 40,
    completionNote: 'In-cab reporting in use on all rounds.',
  },
  {
    daysBeforeToday: 260,
    input: { service: 'Council Tax and Benefits', rootCauseCategory: 'Policy or procedure', description: 'Rewrite the arrears reminder letter in plain English with the help line number at the top.', owner: team('Revenues team'), monitoringNeeded: false, publication: publication('You said our arrears letters were hard to understand.', 'We rewrote the letter in plain English and put the help line number at the top.') },
    targetInDays: 40,
    completeAfterDays: 35,
    completionNote: 'New letter approved and in use.',
  },
  {
    daysBeforeToday: 200,
    input: { service: 'Housing Repairs', rootCauseCategory: 'Contractor performance', description: 'Add a measuring check to the door and window contract and spot-check completed jobs.', owner: team('Contracts team'), monitoringNeeded: true },
    targetInDays: 60,
    completeAfterDays: 58,
    completionNote: 'Contract variation signed; monthly spot checks started.',
  },
  {
    daysBeforeToday: 150,
    input: { service: 'Roads and Transport', rootCauseCategory: 'Delay', description: 'Give every reported pothole an owner and a target date in the roads system.', owner: team('Roads maintenance'), monitoringNeeded: true, publication: publication('You told us potholes you reported were not repaired.', 'Every report now has a named team and a target repair date you can check online.') },
    targetInDays: 50,
    completeAfterDays: 48,
    completionNote: 'Owner and target date now required fields.',
  },
  {
    daysBeforeToday: 90,
    input: { service: 'Libraries and Leisure', rootCauseCategory: 'Communication', description: 'Agree with the leisure trust how members are told about closures and refunds.', owner: team('Leisure client team'), monitoringNeeded: false },
    targetInDays: 90,
    completionNote: '',
  },
  {
    daysBeforeToday: 60,
    input: { service: 'Adult Social Care', rootCauseCategory: 'Delay', description: 'Weekly review of assessments waiting more than four weeks.', owner: team('Adult social work duty team'), monitoringNeeded: true },
    targetInDays: 120,
    completionNote: '',
  },
];
