/**
 * The two case queries learning needs beside the aggregates, each a narrow, parameterised query
 * (never a scan into memory): the cases still open with the SPSO (the liaison officer's list), and
 * the compliments quoted with consent received in a period (a handful, for the published reports).
 */
import type { Container } from '@azure/cosmos';
import type { ComplimentQuote } from '../core/reports/models';
import type { Case, IsoDate } from '../core/types';

export type SpsoCaseFields = Pick<Case, 'reference' | 'service' | 'owner' | 'spso'>;

export class LearningQueries {
  constructor(private readonly cases: Container) {}

  /**
   * Cases ever referred to the SPSO (a few per year), oldest referral first; core/reports/spso.ts
   * openSpsoCase keeps those undecided or with a recommendation not implemented.
   */
  async openSpsoCases(orgId: string): Promise<SpsoCaseFields[]> {
    const query = {
      query:
        "SELECT c.reference, c.service, c.owner, c.spso FROM c WHERE c.orgId = @orgId AND c.type = 'case' AND IS_DEFINED(c.spso.referredOn) " +
        'ORDER BY c.spso.referredOn ASC', // indexed (store/schema.ts)
      parameters: [{ name: '@orgId', value: orgId }],
    };
    const { resources } = await this.cases.items.query<SpsoCaseFields>(query, { partitionKey: orgId }).fetchAll();
    return resources;
  }

  /** With who gave each (never printed: the report checks the words name nobody). */
  async quotedCompliments(orgId: string, from: IsoDate, to: IsoDate): Promise<ComplimentQuote[]> {
    const query = {
      query:
        "SELECT c.service, c.receivedOn, c.quoteWithConsent.text AS text, c.customer, c.representative FROM c WHERE c.orgId = @orgId AND c.type = 'case' AND c.kind = 'compliment' " +
        'AND IS_DEFINED(c.quoteWithConsent) AND c.receivedOn >= @from AND c.receivedOn <= @to ORDER BY c.receivedOn ASC',
      parameters: [
        { name: '@orgId', value: orgId },
        { name: '@from', value: from },
        { name: '@to', value: to },
      ],
    };
    const { resources } = await this.cases.items.query<ComplimentQuote>(query, { partitionKey: orgId }).fetchAll();
    return resources;
  }
}
