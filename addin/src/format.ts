/** Display helpers: dates in words, sizes, statuses, and the Teams deep link to a case. */

const STATUS_WORDS: Record<string, string> = {
  stage1: 'Stage 1 – frontline response',
  'stage1-closed': 'Stage 1 closed',
  stage2: 'Stage 2 – investigation',
  'stage2-signoff': 'Stage 2 – awaiting sign-off',
  'stage2-signed-off': 'Stage 2 – signed off',
  'stage2-closed': 'Stage 2 closed',
  withdrawn: 'Withdrawn',
  'not-a-complaint': 'Not a complaint',
  recorded: 'Recorded',
};

export const statusInWords = (status: string): string => STATUS_WORDS[status] ?? status;

/** `2026-03-09` → `Monday 9 March 2026` (the date is a London calendar date; no time zone shift). */
export function dateInWords(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  // Composed by hand: browsers differ on the comma after the weekday.
  const part = (options: Intl.DateTimeFormatOptions) => date.toLocaleDateString('en-GB', { ...options, timeZone: 'UTC' });
  return `${part({ weekday: 'long' })} ${d} ${part({ month: 'long' })} ${y}`;
}

export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The tab's case view: in the browser (/tab#/case/REF) and as a Teams deep link to the caseload tab. */
export function caseLinks(reference: string, origin: string, teamsAppId: string): { teams: string; web: string } {
  const web = `${origin}/tab#/case/${reference}`;
  const context = JSON.stringify({ subEntityId: `case/${reference}` });
  const teams = `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/caseload?webUrl=${encodeURIComponent(web)}&context=${encodeURIComponent(context)}`;
  return { teams, web };
}

/** The running clock's due date, described. */
export function dueInWords(c: { status: string; stage1?: { clock: { due: string; extensionDays: number } }; stage2?: { clock: { due: string; extensionDays: number } } }): string | undefined {
  const stage2 = c.status.startsWith('stage2') && c.stage2;
  const clock = stage2 ? c.stage2?.clock : c.stage1?.clock;
  if (!clock) return undefined;
  const days = (stage2 ? 20 : 5) + clock.extensionDays;
  return `${dateInWords(clock.due)} (${days} working days)`;
}
