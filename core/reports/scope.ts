/**
 * Whose figures a report shows.
 *
 * Service filter: a person whose case access is limited to their services (a head of service) reads
 * only those services' figures; those who see every case (directors, the complaints manager) and
 * reports-only roles (the management committee) may read the whole organisation or any one service.
 * A report for some services is the same report built from the same monthly counts, with `all`
 * replaced by the sum of those services and everything else about other services left out — so the
 * indicators, root causes, SPSO journey, compliments and improvement actions all agree.
 * Complaints about contractors are counted by contractor, not by service, so a service report cannot
 * split them and leaves them out (and says so).
 */
import { ALL_DIMENSION, type IndicatorCounts } from '../indicators';
import { caseScope } from '../permissions';
import { countsUnderCurrentNames, currentServiceName } from '../services';
import type { Actor, Case, OrgSettings } from '../types';
import { buildAnnualReport, buildQuarterlyReport, buildYouSaidWeDid, type Report, type ReportInput, type ReportKind } from './models';
import type { MonthlyCounts } from './summaries';

export { periodLabelOn, periodProgress, soFarWords } from './so-far';

type CasePersonalData = Pick<Case, 'reference' | 'customer' | 'representative'>;

/** What a person may read: the whole organisation (and any service), or only these services. */
export interface ReportAccess {
  wholeOrganisation: boolean;
  /** The services a limited reader may choose (current names); empty for whole-organisation readers. */
  services: string[];
}

export function reportAccess(actor: Actor, org: Pick<OrgSettings, 'formerServiceNames'> & { services: string[] }): ReportAccess {
  const scope = caseScope(actor);
  // Reports-only roles (no case access), those who see every case, and access that is not by service
  // or person (social work) read the whole organisation, as they always have.
  if (scope === null || scope.all || (scope.services.length === 0 && !scope.userId)) return { wholeOrganisation: true, services: [] };
  // Sign-in adds a renamed service's former names to the person's services: reports use current names.
  const services = [...new Set(actor.services.map((s) => currentServiceName(org, s)))].sort((a, b) => a.localeCompare(b));
  return { wholeOrganisation: false, services };
}

/** Why the figures asked for cannot be shown; `kind` maps to 400 (unknown) or 403 (not allowed). */
export class ReportScopeError extends Error {
  constructor(
    readonly kind: 'unknown-service' | 'not-your-service' | 'no-services',
    message: string,
  ) {
    super(message);
    this.name = 'ReportScopeError';
  }
}

/** Every service name a report may be asked for: those offered now and those retired (their cases still report). */
export function reportableServices(org: Pick<OrgSettings, 'services' | 'retiredServices'>): string[] {
  return [...new Set([...org.services, ...(org.retiredServices ?? [])])].sort((a, b) => a.localeCompare(b));
}

/**
 * The services a report covers: `null` for the whole organisation. Without a service asked for, a
 * whole-organisation reader gets the organisation and a limited reader all of their services.
 */
export function reportServices(access: ReportAccess, org: Pick<OrgSettings, 'services' | 'retiredServices'>, requested: string | undefined): string[] | null {
  if (requested !== undefined) {
    if (!reportableServices(org).includes(requested)) {
      throw new ReportScopeError('unknown-service', `"${requested}" is not one of the organisation's services. Choose one of: ${reportableServices(org).join(', ')}.`);
    }
    if (!access.wholeOrganisation && !access.services.includes(requested)) {
      throw new ReportScopeError(
        'not-your-service',
        `Your role shows the figures of your own services only (${access.services.join(', ') || 'none'}), not those of ${requested}. Ask the complaints manager for the organisation's figures.`,
      );
    }
    return [requested];
  }
  if (access.wholeOrganisation) return null;
  if (access.services.length === 0) {
    throw new ReportScopeError('no-services', 'Your role shows the figures of your own services, and no service is recorded for you. Ask an administrator to add your services.');
  }
  return access.services;
}

/** One month's counts for some services: `all` is their sum, other services and contractors are left out. */
export function countsForServices(counts: IndicatorCounts, org: Pick<OrgSettings, 'formerServiceNames'> & { services: string[] }, services: readonly string[]): IndicatorCounts {
  const current = countsUnderCurrentNames(counts, org);
  const result: Record<string, Record<string, number>> = {};
  for (const service of services) {
    const counters = current[`service:${service}`];
    if (!counters) continue;
    result[`service:${service}`] = { ...counters };
    const all = (result[ALL_DIMENSION] ??= {});
    for (const [counter, value] of Object.entries(counters)) all[counter] = (all[counter] ?? 0) + value;
  }
  return result;
}

/** The report input narrowed to some services (null: unchanged, the whole organisation). */
export function inputForServices(input: ReportInput, services: readonly string[] | null): ReportInput {
  if (services === null) return input;
  const wanted = new Set(services);
  const monthly: Record<string, IndicatorCounts> = {};
  for (const [month, counts] of Object.entries(input.monthly as MonthlyCounts)) monthly[month] = countsForServices(counts, input.org, services);
  return {
    ...input,
    // The population is the organisation's: a rate per 1,000 people means nothing for one service.
    org: { ...input.org, services: input.org.services.filter((s) => wanted.has(s)), population: 0 },
    monthly,
    improvements: input.improvements.filter((a) => wanted.has(currentServiceName(input.org, a.service))),
    quotes: input.quotes?.filter((q) => wanted.has(currentServiceName(input.org, q.service))),
  };
}

/** The words a report uses for the services it covers. */
export function servicesLabel(services: readonly string[] | null | undefined): string {
  if (!services) return 'The whole organisation';
  return services.length === 1 ? `Service: ${services[0]}` : `Services: ${services.join(', ')}`;
}

/** Said in a service report: the aggregates count contractors by contractor, not by service. */
export const CONTRACTORS_LEFT_OUT = `Complaints about contractors and arm’s-length organisations are counted for the whole organisation, not by service, so they are not in these figures.`;

/** A report for the services asked for (null: the whole organisation), from the same builders. */
export function buildReportFor(kind: ReportKind, input: ReportInput, cases: ReadonlyMap<string, CasePersonalData>, services: readonly string[] | null): Report {
  const scoped = inputForServices(input, services);
  const report = kind === 'quarterly' ? buildQuarterlyReport(scoped) : kind === 'annual' ? buildAnnualReport(scoped, cases) : buildYouSaidWeDid(scoped, cases);
  return services === null ? report : { ...report, services: [...services] };
}
