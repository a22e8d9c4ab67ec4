/**
 * Microsoft Graph access for the API, on behalf of the signed-in user. Configured from the environment:
 * ENTRA_CLIENT_ID + ENTRA_CLIENT_SECRET (the API's app registration) and optionally ENTRA_TENANT_ID,
 * ENTRA_AUTHORITY_HOST, GRAPH_BASE_URL. Absent in the development profile: the add-in then works from what
 * Office.js gives it and attachment content cannot be copied.
 */
import { createMailGraph, type MailGraph } from './mail';
import { createOnBehalfOfTokenSource } from './obo';
import { createDirectoryGraph, DIRECTORY_GRAPH_SCOPES, type DirectoryGraph } from './directory';
import { createSendGraph, SEND_GRAPH_SCOPES, type SendGraph } from './send';

export { GraphAccessError } from './errors';
export type { GraphAttachmentContent, GraphAttachmentInfo, GraphMessage, GraphUser, MailGraph } from './mail';
export { createMailGraph } from './mail';
export { createOnBehalfOfTokenSource } from './obo';
export { createDirectoryGraph, DIRECTORY_GRAPH_SCOPES, type DirectoryEntry, type DirectoryGraph } from './directory';
export { emailBodyToText, sanitizeEmailHtml } from './sanitize';

type OnBehalfOfTokens = ReturnType<typeof createOnBehalfOfTokenSource>;

/**
 * A Graph client on behalf of the signed-in user, from the API's app registration in the environment;
 * undefined when the registration is not configured (development sign-in).
 */
function fromEnv<T>(env: NodeJS.ProcessEnv, scopes: string[] | undefined, create: (options: { tokens: OnBehalfOfTokens; baseUrl?: string }) => T): T | undefined {
  const clientId = env.ENTRA_CLIENT_ID;
  const clientSecret = env.ENTRA_CLIENT_SECRET;
  if (!clientId || !clientSecret) return undefined;
  const tokens = createOnBehalfOfTokenSource({
    clientId,
    clientSecret,
    tenantId: env.ENTRA_TENANT_ID || 'organizations',
    authorityHost: env.ENTRA_AUTHORITY_HOST || undefined,
    ...(scopes ? { scopes } : {}),
  });
  return create({ tokens, baseUrl: env.GRAPH_BASE_URL || undefined });
}

/** Reading the email being logged and its attachments (Mail.Read). */
export function mailGraphFromEnv(env: NodeJS.ProcessEnv = process.env): MailGraph | undefined {
  return fromEnv(env, undefined, createMailGraph);
}

/** People and group search for the settings page, from the same app registration (scopes: see directory.ts). */
export function directoryGraphFromEnv(env: NodeJS.ProcessEnv = process.env): DirectoryGraph | undefined {
  return fromEnv(env, DIRECTORY_GRAPH_SCOPES, createDirectoryGraph);
}

export { createSendGraph, SEND_GRAPH_SCOPES, textToHtml, type OutgoingMail, type SendGraph } from './send';

/** Sending responses to customers (Mail.Send, Mail.Send.Shared), from the same app registration. */
export function sendGraphFromEnv(env: NodeJS.ProcessEnv = process.env): SendGraph | undefined {
  return fromEnv(env, SEND_GRAPH_SCOPES, createSendGraph);
}
