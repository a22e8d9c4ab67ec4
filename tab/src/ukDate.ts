/**
 * Dates and times as people in the UK write them (dd/mm/yyyy, 24-hour hh:mm), whatever the browser's
 * locale: a date picker would show a US browser mm/dd/yyyy. Times are London wall-clock times, turned
 * into an instant with the browser's own time-zone data (no date library in the bundle).
 */
const pad = (n: number): string => String(n).padStart(2, '0');

/** `05/03/2026` (or `5/3/2026`) → `2026-03-05`; undefined unless it is a real calendar date. */
export function parseUkDate(text: string): string | undefined {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** `9:05` or `09:05` → `09:05`; undefined unless it is a 24-hour time. */
export function parseTime(text: string): string | undefined {
  const match = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h < 24 && m < 60 ? `${pad(h)}:${pad(m)}` : undefined;
}

let londonParts: Intl.DateTimeFormat | undefined;

/** London's wall clock at an instant: `{ date: 'YYYY-MM-DD', time: 'HH:MM' }`. */
export function londonWallClock(at: Date): { date: string; time: string } {
  londonParts ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const part = Object.fromEntries(londonParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/** `2026-03-05` → `05/03/2026`. */
export const ukDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A London date and time (`2026-07-01`, `09:30`) as an ISO instant in UTC (`2026-07-01T08:30:00.000Z`). */
export function londonInstant(isoDate: string, time: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, min);
  // London's offset from UTC at a guess of the instant, then again at the corrected one (for the days the clocks change).
  const offsetAt = (ms: number): number => {
    const seen = londonWallClock(new Date(ms));
    const [sy, sm, sd] = seen.date.split('-').map(Number);
    const [sh, smin] = seen.time.split(':').map(Number);
    return Date.UTC(sy, sm - 1, sd, sh, smin) - Math.floor(ms / 60_000) * 60_000;
  };
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first)).toISOString();
}
