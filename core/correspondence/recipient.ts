/**
 * How a response can reach this customer: by email when they gave one, by post when they gave an
 * address, and not at all when they withheld their contact details (the case then says so, and a
 * decision is given face to face or by phone and recorded).
 */
import type { Case } from '../types';

export type SendRoute = 'email' | 'letter';

export interface Reachability {
  routes: SendRoute[];
  /** Where an email goes. */
  email?: string;
  /** Why nothing can be sent, in words; present when `routes` is empty. */
  nothingToSend?: string;
}

export function reachability(c: Pick<Case, 'customer'>): Reachability {
  const email = c.customer.email?.trim();
  const address = c.customer.address?.trim();
  const routes: SendRoute[] = [];
  if (email) routes.push('email');
  if (address) routes.push('letter');
  if (routes.length) return { routes, ...(email ? { email } : {}) };
  const withheld = c.customer.withheldDetails || c.customer.anonymous;
  return {
    routes,
    nothingToSend: withheld
      ? 'The customer withheld their contact details, so nothing can be sent. Give the response face to face or by phone if they get in touch, and record it on the case.'
      : c.customer.phone
        ? 'The customer gave only a phone number: give the response by phone and record what was said; or add an email or postal address to the case’s details.'
        : 'The case has no email or postal address for the customer; add one to the case’s details to send this.',
  };
}
