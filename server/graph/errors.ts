/**
 * A failure reaching Microsoft Graph on the user's behalf, already translated into what the API answers:
 * an HTTP status and a sentence a person can act on. Raw AADSTS texts and Graph bodies are kept in `cause`
 * for the log, never shown to the user (they can contain tenant and trace details).
 */
export class GraphAccessError extends Error {
  constructor(
    /** HTTP status for the API's answer: 401 sign in again, 403 consent/permission, 404 not found, 502 upstream failed. */
    readonly status: 401 | 403 | 404 | 502 | 503,
    /** Stable machine code, e.g. `sign-in-expired`, `consent-required`, `message-not-found`, `graph-unavailable`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphAccessError';
  }
}
