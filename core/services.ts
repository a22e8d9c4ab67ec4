/**
 * The organisation's services over time: added, renamed, retired. A case records the service's name
 * as it was when the case was logged, and that record is never rewritten (it is part of the case's
 * history and of exported files). Instead the settings keep
 *   - `services`: the names offered for new complaints,
 *   - `retiredServices`: names no longer offered; their cases keep them and still report under them,
 *   - `formerServiceNames`: old name → current name, so a renamed service's cases are counted,
 *     scoped and filtered under its current name.
 * Pure functions; the settings page, the API, the reports and the sign-in use them.
 */
import type { IndicatorCounts } from './indicators';
import type { OrgSettings } from './types';

export type ServiceSettings = Pick<OrgSettings, 'services' | 'retiredServices' | 'formerServiceNames'>;

/** The name a recorded service name goes by now (itself when it was never renamed). */
export function currentServiceName(settings: ServiceSettings, recorded: string): string {
  return settings.formerServiceNames?.[recorded] ?? recorded;
}

/** Every name cases of these services may carry: the current names and the names they had before. */
export function namesRecordedAs(settings: ServiceSettings, current: readonly string[]): string[] {
  const wanted = new Set(current);
  const former = Object.entries(settings.formerServiceNames ?? {}).filter(([, now]) => wanted.has(now)).map(([old]) => old);
  return [...new Set([...current, ...former])];
}

/**
 * Role assignments with each service's former names added, so a person working in a renamed service
 * still sees, and may own, its older cases (which keep the name they were logged with).
 */
export function withFormerServiceNames<T extends { services: string[] }>(settings: ServiceSettings, assignments: readonly T[]): T[] {
  if (Object.keys(settings.formerServiceNames ?? {}).length === 0) return [...assignments];
  return assignments.map((a) => (a.services.length > 0 ? { ...a, services: namesRecordedAs(settings, a.services) } : a));
}

const SERVICE_PREFIX = 'service:';

/** Report counts with each former name's counters added into its current name's. */
export function countsUnderCurrentNames(counts: IndicatorCounts, settings: ServiceSettings): IndicatorCounts {
  const renames = settings.formerServiceNames ?? {};
  if (Object.keys(renames).length === 0) return counts;
  const merged: Record<string, Record<string, number>> = {};
  for (const [dimension, counters] of Object.entries(counts)) {
    const name = dimension.startsWith(SERVICE_PREFIX) ? SERVICE_PREFIX + currentServiceName(settings, dimension.slice(SERVICE_PREFIX.length)) : dimension;
    const into = (merged[name] ??= {});
    for (const [counter, value] of Object.entries(counters)) into[counter] = (into[counter] ?? 0) + value;
  }
  return merged as IndicatorCounts;
}

export interface ServiceCatalogueChange {
  /** The services offered for new complaints, after the change. */
  services: string[];
  /** Services to retire (taken off `services`, kept for history). */
  retire?: string[];
  /** Renames: `from` (a current or retired name) becomes `to`. */
  rename?: { from: string; to: string }[];
}

/**
 * Applies additions, renames and retirements to the settings; returns the new settings or a sentence
 * saying why not. A name once used is never lost: a service left out of `services` without being
 * retired is retired (its cases must still report), and no new service may take a retired or former
 * name (its old cases would then count as the new service's).
 */
export function changeServiceCatalogue(settings: ServiceSettings, change: ServiceCatalogueChange): ServiceSettings | string {
  const active = new Set(settings.services);
  const retired = new Set(settings.retiredServices ?? []);
  const former: Record<string, string> = { ...(settings.formerServiceNames ?? {}) };
  for (const { from, to } of change.rename ?? []) {
    if (!active.has(from) && !retired.has(from)) return `"${from}" cannot be renamed: it is not one of the organisation's services.`;
    if (from === to) continue;
    if (active.has(to) || retired.has(to) || to in former) return `"${from}" cannot be renamed "${to}": that name is already used, or was used before, by another service.`;
    const wasActive = active.delete(from);
    retired.delete(from);
    (wasActive ? active : retired).add(to);
    former[from] = to;
    // No chains: names that pointed at the old name now point at the new one.
    for (const [old, now] of Object.entries(former)) if (now === from) former[old] = to;
  }
  const renamedTo = new Map((change.rename ?? []).map((r) => [r.from, r.to]));
  const offered = change.services.map((name) => renamedTo.get(name) ?? name);
  const toRetire = new Set((change.retire ?? []).map((name) => renamedTo.get(name) ?? name));
  for (const name of toRetire) {
    if (!active.has(name) && !retired.has(name)) return `"${name}" cannot be retired: it is not one of the organisation's services.`;
    if (offered.includes(name)) return `"${name}" cannot be both offered and retired.`;
  }
  for (const name of offered) {
    if (name in former) return `"${name}" was the former name of "${former[name]}"; choose another name for a new service.`;
    // Offering a retired service again brings it back: its history is its own.
    retired.delete(name);
  }
  for (const name of active) if (!offered.includes(name)) retired.add(name);
  for (const name of offered) retired.delete(name);
  return {
    services: offered,
    retiredServices: [...retired].sort((a, b) => a.localeCompare(b)),
    formerServiceNames: former,
  };
}
