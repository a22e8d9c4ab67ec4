/** The service filter of a case list: a renamed service's cases keep their former name, so its names are all asked for. */
import { namesRecordedAs } from '../../core/services';
import type { OrgRecord } from '../../store/index';

export function serviceFilter(org: OrgRecord, service: string | undefined): string | string[] | undefined {
  if (service === undefined) return undefined;
  const names = namesRecordedAs(org.settings, [service]);
  return names.length === 1 ? service : names;
}
