/**
 * Promises over the Office.js host: wait for it (never forever), read the open message, get tokens.
 */
import { withoutRefusedCharacters } from '../../core/text';
import type { OfficeAsyncResult, OfficeNamespace } from './office-types';

/** Text taken from the email is offered without what the API refuses (core/text.ts), so logging it never fails on that. */
const line = (value: string): string => withoutRefusedCharacters(value, { singleLine: true });

export interface OpenMessage {
  /** REST/Graph item id (converted from the EWS id Office.js gives in read mode). */
  itemId: string;
  internetMessageId?: string;
  conversationId?: string;
  subject: string;
  senderName?: string;
  senderAddress?: string;
  receivedAt: string;
  bodyText: string;
  attachments: { id: string; name: string; size: number; kind: 'file' | 'item' | 'cloud' }[];
}

export class OfficeUnavailableError extends Error {}

/** Resolves with Office once the host says it is ready; rejects when Office.js did not load or the page is not in Outlook. */
export function waitForOutlook(timeoutMs: number, win: Window = window): Promise<OfficeNamespace> {
  return new Promise((resolve, reject) => {
    const office = win.Office;
    if (!office || typeof office.onReady !== 'function') {
      reject(new OfficeUnavailableError('Office.js did not load. Open this pane from Outlook (Log as complaint on the ribbon); if you are in Outlook, check your connection and reopen the pane.'));
      return;
    }
    const timer = setTimeout(
      () => reject(new OfficeUnavailableError('Outlook did not answer. This page works only inside Outlook, opened with "Log as complaint"; close the pane and open it again.')),
      timeoutMs,
    );
    office
      .onReady()
      .then((info) => {
        clearTimeout(timer);
        if (info.host !== 'Outlook') reject(new OfficeUnavailableError('This page works only inside Outlook: open an email and choose "Log as complaint" on the ribbon.'));
        else resolve(office);
      })
      .catch(() => {
        clearTimeout(timer);
        reject(new OfficeUnavailableError('Outlook could not start the add-in. Close the pane and open it again.'));
      });
  });
}

const fromAsync = <T>(start: (callback: (result: OfficeAsyncResult<T>) => void) => void, what: string): Promise<T> =>
  new Promise((resolve, reject) => {
    start((result) => {
      if (result.status === 'succeeded') resolve(result.value);
      else reject(new Error(`Outlook could not give ${what}: ${result.error?.message ?? 'no reason given'}.`));
    });
  });

export async function readOpenMessage(office: OfficeNamespace): Promise<OpenMessage> {
  const item = office.context.mailbox?.item;
  if (!item || item.itemType !== 'message') throw new OfficeUnavailableError('Open an email (not a meeting or a draft) and choose "Log as complaint" again.');
  const bodyText = await fromAsync<string>((cb) => item.body.getAsync(office.CoercionType.Text, {}, cb), 'the text of the email');
  const from = item.from ?? item.sender;
  const restId = office.context.mailbox!.convertToRestId(item.itemId, office.MailboxEnums.RestVersion.v2_0);
  return {
    itemId: restId,
    internetMessageId: item.internetMessageId || undefined,
    conversationId: item.conversationId || undefined,
    subject: line(item.subject ?? ''),
    senderName: from?.displayName ? line(from.displayName) : undefined,
    senderAddress: from?.emailAddress || undefined,
    receivedAt: new Date(item.dateTimeCreated).toISOString(),
    bodyText: withoutRefusedCharacters(bodyText).trim(),
    attachments: (item.attachments ?? []).filter((a) => !a.isInline).map((a) => ({ id: a.id, name: line(a.name), size: a.size, kind: a.attachmentType })),
  };
}

/** Office SSO error codes meaning "SSO cannot work here; use the dialog" (as documented for getAccessToken). */
const SSO_UNAVAILABLE = new Set([13000, 13001, 13002, 13003, 13006, 13007, 13008, 13010, 13012]);

export class SsoUnavailableError extends Error {}

export async function getSsoToken(office: OfficeNamespace): Promise<string> {
  if (!office.auth?.getAccessToken) throw new SsoUnavailableError('this Outlook does not support single sign-on');
  try {
    return await office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true });
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code !== undefined && SSO_UNAVAILABLE.has(code)) throw new SsoUnavailableError(`single sign-on unavailable (${code})`);
    throw new Error(`Sign-in failed: ${(error as { message?: string }).message ?? 'no reason given'}. Close the pane and try again.`);
  }
}

/** The MSAL sign-in dialog (fallback where SSO is unavailable): the dialog page posts back {token} or {error}. */
export function getTokenFromDialog(office: OfficeNamespace, dialogUrl: string): Promise<string> {
  const ui = office.context.ui;
  if (!ui) return Promise.reject(new Error('Outlook cannot open a sign-in window here.'));
  return new Promise((resolve, reject) => {
    ui.displayDialogAsync(dialogUrl, { height: 60, width: 30 }, (result) => {
      if (result.status !== 'succeeded') {
        reject(new Error(`The sign-in window could not open: ${result.error?.message ?? 'no reason given'}. Allow pop-ups for Outlook and try again.`));
        return;
      }
      const dialog = result.value;
      dialog.addEventHandler(office.EventType.DialogMessageReceived, (arg) => {
        dialog.close();
        try {
          const message = JSON.parse(arg.message ?? '{}') as { token?: string; error?: string };
          if (message.token) resolve(message.token);
          else reject(new Error(`Sign-in did not complete: ${message.error ?? 'no reason given'}.`));
        } catch {
          reject(new Error('The sign-in window sent an answer the pane could not read. Try again.'));
        }
      });
      dialog.addEventHandler(office.EventType.DialogEventReceived, () => reject(new Error('The sign-in window was closed before signing in.')));
    });
  });
}
