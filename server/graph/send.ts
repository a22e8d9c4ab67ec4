/**
 * Sending the customer a response through Microsoft Graph as the signed-in user (delegated, via OBO):
 * `POST /me/sendMail`, `POST /users/{mailbox}/sendMail` from the organisation's shared complaints
 * mailbox (the user needs Send As there), or `POST /me/messages/{id}/reply` to the customer's own email.
 * Throttling (429/503/504) is retried honouring Retry-After by the Graph client's RetryHandler.
 */
import { Client, HTTPMessageHandler, RetryHandler, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { BearerTokenMiddleware, translateGraphError, type GraphUser } from './mail';
import type { GraphTokenSource } from './obo';
import { textToHtml } from '../../core/correspondence/html';

export { textToHtml };

/** Delegated: send as the user; `Mail.Send.Shared` to send from a shared mailbox they may send as. */
export const SEND_GRAPH_SCOPES = ['https://graph.microsoft.com/Mail.Send', 'https://graph.microsoft.com/Mail.Send.Shared'];

export interface OutgoingMail {
  to: string;
  subject: string;
  /** Plain text; sent as simple HTML paragraphs so line breaks survive every mail client. */
  text: string;
  /** Send from this shared mailbox instead of the user's own. */
  fromMailbox?: string;
}

export interface SendGraph {
  sendMail(user: GraphUser, mail: OutgoingMail): Promise<void>;
  /** Replies to a message in the user's mailbox (the customer's email), keeping the conversation. */
  reply(user: GraphUser, messageId: string, text: string): Promise<void>;
}

export function createSendGraph(options: { tokens: GraphTokenSource; baseUrl?: string; maxRetries?: number }): SendGraph {
  const base = new URL(options.baseUrl ?? 'https://graph.microsoft.com/v1.0');
  const baseUrl = `${base.origin}/`;
  const defaultVersion = base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const retryOptions = new RetryHandlerOptions(3, options.maxRetries ?? 3);
  const call = async (user: GraphUser, what: string, run: (client: Client) => Promise<unknown>): Promise<void> => {
    const token = await options.tokens.graphTokenFor(user.assertion, user.tenantId);
    const client = Client.initWithMiddleware({ baseUrl, defaultVersion, middleware: [new BearerTokenMiddleware(token), new RetryHandler(retryOptions), new HTTPMessageHandler()] });
    try {
      await run(client);
    } catch (error) {
      throw translateGraphError(error, what);
    }
  };
  return {
    sendMail: (user, mail) =>
      call(user, 'the email', (client) =>
        client.api(mail.fromMailbox ? `/users/${encodeURIComponent(mail.fromMailbox)}/sendMail` : '/me/sendMail').post({
          message: {
            subject: mail.subject,
            body: { contentType: 'HTML', content: textToHtml(mail.text) },
            toRecipients: [{ emailAddress: { address: mail.to } }],
          },
          saveToSentItems: true,
        }),
      ),
    reply: (user, messageId, text) =>
      call(user, 'the reply', (client) => client.api(`/me/messages/${encodeURIComponent(messageId)}/reply`).post({ message: { body: { contentType: 'HTML', content: textToHtml(text) } } })),
  };
}
