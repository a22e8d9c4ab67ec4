/**
 * The SPSO complaints performance indicators in the SPSO's own order, 1 to 9. Every report format
 * (HTML, PDF, CSV) and the tab list the indicators by walking this one list, so they cannot drift
 * apart. Indicators 1–3 are narrative (statements from improvement actions, surveys and training
 * records); 4–9 are figures.
 */
import type { DimensionIndicators, Indicators } from '../indicators';

type NarrativeKey = 'kpi1LearningFromComplaints' | 'kpi2ProcessExperience' | 'kpi3StaffAwarenessAndTraining';
type FigureKey = keyof DimensionIndicators;

export type SpsoIndicator =
  | { number: 1 | 2 | 3; kind: 'narrative'; key: NarrativeKey; name: string }
  | { number: 4 | 5 | 6 | 7 | 8 | 9; kind: 'figure'; key: FigureKey; name: string };

export const SPSO_INDICATORS: readonly SpsoIndicator[] = [
  { number: 1, kind: 'narrative', key: 'kpi1LearningFromComplaints', name: 'Learning from complaints' },
  { number: 2, kind: 'narrative', key: 'kpi2ProcessExperience', name: 'Complaint process experience' },
  { number: 3, kind: 'narrative', key: 'kpi3StaffAwarenessAndTraining', name: 'Staff awareness and training' },
  { number: 4, kind: 'figure', key: 'kpi4Received', name: 'Complaints received' },
  { number: 5, kind: 'figure', key: 'kpi5Closed', name: 'Complaints closed at each stage' },
  { number: 6, kind: 'figure', key: 'kpi6Outcomes', name: 'Outcomes at each stage' },
  { number: 7, kind: 'figure', key: 'kpi7AverageWorkingDays', name: 'Average time for a full response' },
  { number: 8, kind: 'figure', key: 'kpi8WithinTimescale', name: 'Closed in full within the timescale' },
  { number: 9, kind: 'figure', key: 'kpi9Extended', name: 'Extension authorised' },
];

export const NARRATIVE_INDICATORS = SPSO_INDICATORS.filter((i): i is Extract<SpsoIndicator, { kind: 'narrative' }> => i.kind === 'narrative');
export const FIGURE_INDICATORS = SPSO_INDICATORS.filter((i): i is Extract<SpsoIndicator, { kind: 'figure' }> => i.kind === 'figure');

/** "Indicator 4: complaints received" — the one way an indicator is named. */
export const indicatorTitle = (i: SpsoIndicator): string => `Indicator ${i.number}: ${i.name.charAt(0).toLowerCase()}${i.name.slice(1)}`;

/** A narrative indicator's statement, or null when none was kept for the period. */
export const narrativeText = (indicators: Pick<Indicators, NarrativeKey>, key: NarrativeKey): string | null => indicators[key];
