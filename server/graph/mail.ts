/**
 * Reading the open message and its attachments from Microsoft Graph as the signed-in user (delegated, via
 * OBO). Only what the case needs is selected; attachment content is fetched one attachment at a time, and
 * only when the person ticked it (no silent copying of personal data).
 */
import { withoutRefusedCharacters } from '../../core/text';
import { Client, HTTPMessageHandler, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { GraphAccessError } from './errors';
import type { GraphTokenSource } from './obo';

export interface GraphMessage {
  id: string;
  internetMessageId?: string;
  conversationId?: string;
  subject: string;
  from?: { name?: string; address?: string };
  receivedDateTime?: string;
  webLink?: string;
  hasAttachments: boolean;
  body: { contentType: 'text' | 'html'; content: string };
}

export interface GraphAttachmentInfo {
  id: string;
  name: string;
  size: number;
  contentType?: string;
  isInline: boolean;
  /** `#microsoft.graph.fileAttachment`, `itemAttachment` or `referenceAttachment`; only file attachments carry bytes. */
  kind: 'file' | 'item' | 'reference';
}

export interface GraphAttachmentContent extends GraphAttachmentInfo {
  content: Buffer;
}

/** Who Graph is called for: the bearer token the add-in sent to our API, and the user's tenant. */
export interface GraphUser {
  assertion: string;
  tenantId?: string;
}

export interface MailGraph {
  getMessage(user: GraphUser, messageId: string): Promise<GraphMessage>;
  listAttachments(user: GraphUser, messageId: string): Promise<GraphAttachmentInfo[]>;
  getAttachmentContent(user: GraphUser, messageId: string, attachmentId: string): Promise<GraphAttachmentContent>;
}

export interface MailGraphOptions {
  tokens: GraphTokenSource;
  /** `https://graph.microsoft.com/v1.0` unless a national cloud or a local Graph-speaking server is used. */
  baseUrl?: string;
  /** Throttling (429/503/504) is retried honouring Retry-After; default 3 retries. */
  maxRetries?: number;
}

/** Adds the user's Graph token to every request: the client only talks to the configured Graph base URL. */
export class BearerTokenMiddleware implements Middleware {
  private next?: Middleware;
  constructor(private readonly token: string) {}
  async execute(context: Context): Promise<void> {
    const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set('Authorization', `Bearer ${this.token}`);
    const plain: Record<string, string> = {};
    headers.forEach((value, name) => { plain[name] = value; });
    context.options = { ...context.options, headers: plain };
    if (!this.next) throw new Error('BearerTokenMiddleware must not be last in the chain');
    await this.next.execute(context);
  }
  setNext(next: Middleware): void { this.next = next; }
}

const encode = (id: string): string => encodeURIComponent(id);

export function createMailGraph(options: MailGraphOptions): MailGraph {
  const base = new URL(options.baseUrl ?? 'https://graph.microsoft.com/v1.0');
  const baseUrl = `${base.origin}/`;
  const defaultVersion = base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  // Without Retry-After the handler backs off from 3 s; with it, it waits exactly that long (capped at 180 s).
  const retryOptions = new RetryHandlerOptions(3, options.maxRetries ?? 3);

  const clientFor = async (user: GraphUser): Promise<Client> => {
    const token = await options.tokens.graphTokenFor(user.assertion, user.tenantId);
    return Client.initWithMiddleware({
      baseUrl,
      defaultVersion,
      middleware: [new BearerTokenMiddleware(token), new RetryHandler(retryOptions), new HTTPMessageHandler()],
    });
  };

  const call = async <T>(user: GraphUser, what: string, run: (client: Client) => Promise<T>): Promise<T> => {
    const client = await clientFor(user);
    try {
      return await run(client);
    } catch (error) {
      throw translateGraphError(error, what);
    }
  };

  return {
    getMessage: (user, messageId) =>
      call(user, 'the message', async (client) => {
        const raw = await client
          .api(`/me/messages/${encode(messageId)}`)
          .select(['id', 'internetMessageId', 'conversationId', 'subject', 'from', 'receivedDateTime', 'webLink', 'hasAttachments', 'body'])
          .get();
        return {
          id: raw.id,
          internetMessageId: raw.internetMessageId ?? undefined,
          conversationId: raw.conversationId ?? undefined,
          subject: raw.subject ?? '',
          from: raw.from?.emailAddress ? { name: raw.from.emailAddress.name, address: raw.from.emailAddress.address } : undefined,
          receivedDateTime: raw.receivedDateTime ?? undefined,
          webLink: raw.webLink ?? undefined,
          hasAttachments: Boolean(raw.hasAttachments),
          body: { contentType: raw.body?.contentType === 'html' ? 'html' : 'text', content: raw.body?.content ?? '' },
        };
      }),
    listAttachments: (user, messageId) =>
      call(user, 'the attachments', async (client) => {
        const items: GraphAttachmentInfo[] = [];
        let page = await client.api(`/me/messages/${encode(messageId)}/attachments`).select(['id', 'name', 'size', 'contentType', 'isInline']).get();
        for (;;) {
          for (const raw of page.value ?? []) items.push(toAttachmentInfo(raw));
          const next: string | undefined = page['@odata.nextLink'];
          if (!next) return items;
          page = await client.api(next).get();
        }
      }),
    getAttachmentContent: (user, messageId, attachmentId) =>
      call(user, 'the attachment', async (client) => {
        const raw = await client.api(`/me/messages/${encode(messageId)}/attachments/${encode(attachmentId)}`).get();
        const info = toAttachmentInfo(raw);
        if (info.kind !== 'file' || typeof raw.contentBytes !== 'string') {
          throw new GraphAccessError(404, 'attachment-not-a-file', `"${info.name}" is a linked item or a cloud link, not a file: open it in Outlook instead.`);
        }
        return { ...info, content: Buffer.from(raw.contentBytes, 'base64') };
      }),
  };
}

function toAttachmentInfo(raw: Record<string, unknown>): GraphAttachmentInfo {
  const type = String(raw['@odata.type'] ?? '#microsoft.graph.fileAttachment');
  return {
    id: String(raw.id),
    // A file name from the mailbox is recorded on the case: without what the text rule refuses (a right-to-left override hiding an .exe).
    name: withoutRefusedCharacters(String(raw.name ?? 'attachment'), { singleLine: true }) || 'attachment',
    size: Number(raw.size ?? 0),
    contentType: typeof raw.contentType === 'string' ? raw.contentType : undefined,
    isInline: Boolean(raw.isInline),
    kind: type.endsWith('itemAttachment') ? 'item' : type.endsWith('referenceAttachment') ? 'reference' : 'file',
  };
}

/** Graph's GraphError carries statusCode and code; turn it into an answer the person can act on. */
export function translateGraphError(error: unknown, what: string): GraphAccessError {
  if (error instanceof GraphAccessError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  switch (status) {
    case 401:
      return new GraphAccessError(401, 'sign-in-expired', `Microsoft Graph did not accept your sign-in while reading ${what}. Close and reopen the add-in to sign in again.`, { cause: error });
    case 403:
      return new GraphAccessError(403, 'mail-access-denied', `You do not have access to ${what} in this mailbox (shared mailboxes need delegated access).`, { cause: error });
    case 404:
      return new GraphAccessError(404, 'message-not-found', `Microsoft Graph could not find ${what}: it may have been moved or deleted. Reopen the email and try again.`, { cause: error });
    case 429:
    case 503:
    case 504:
      return new GraphAccessError(503, 'graph-busy', `Microsoft Graph is busy and kept refusing to send ${what}. Try again in a few minutes.`, { cause: error });
    default:
      return new GraphAccessError(502, 'graph-unavailable', `Microsoft Graph could not be reached to read ${what}. Try again; if it keeps failing, tell your administrator.`, { cause: error });
  }
}
