/**
 * The Outlook task pane (read mode): log the open email as a complaint, compliment or comment, or show
 * the case it already is. What it offers follows the person's roles as their organisation defines them
 * (GET /api/addin/capabilities); someone whose roles do not include logging is told so, and whom to ask.
 */
import { Api, ApiError, NO_ORGANISATION, retryMayHelp, type Capabilities, type CaseSummary, type Lookup } from './api';
import { showCannotLog } from './cannot-log';
import { h } from './dom';
import { OfficeUnavailableError, readOpenMessage, waitForOutlook, type OpenMessage } from './office-host';
import { rememberDevUser, signIn, type Session } from './session';
import { textToHtml } from '../../core/correspondence/html';
import { showExisting, showForm, showLogged, showNoRole, showNotSetUp, showOutsideOutlook, showProblem, showReplyChoice, showSignIn, signInBanner, type NewCaseForm, type PaneEnvironment, type ReadyReplies } from './views';

interface ReadyLetter { id: string; subject: string; text: string; gaps: string[]; signOff: string; sent?: unknown }

/** How long to wait for Office.onReady before telling the person the page is not in Outlook. */
const OFFICE_READY_TIMEOUT_MS = 5000;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function sourceOf(message: OpenMessage) {
  return {
    kind: 'email' as const,
    messageId: message.itemId,
    ...(message.internetMessageId ? { internetMessageId: message.internetMessageId } : {}),
    ...(message.conversationId ? { conversationId: message.conversationId } : {}),
    receivedAt: message.receivedAt,
    attachments: message.attachments.map((a) => ({ name: a.name, size: a.size, fetched: false })),
  };
}

async function run(root: HTMLElement, header: HTMLElement): Promise<void> {
  const again = () => void run(root, header);
  /** "Try again" only where trying again could help (the service unreachable or failing), never for a refusal. */
  const problem = (title: string, error: unknown) => showProblem(root, title, errorText(error), retryMayHelp(error) ? again : undefined);
  let message: OpenMessage;
  let office;
  try {
    office = await waitForOutlook(OFFICE_READY_TIMEOUT_MS);
    message = await readOpenMessage(office);
  } catch (error) {
    if (error instanceof OfficeUnavailableError) showOutsideOutlook(root, errorText(error), location.origin);
    else showProblem(root, 'Open this from Outlook', errorText(error));
    return;
  }

  const api = new Api();
  let session: Session;
  let capabilities: Capabilities;
  try {
    session = await signIn(api, office, `${location.origin}/addin/auth-dialog.html`);
    const { me, devUsers } = session;
    // Shown once signed in, outside the views: whatever the pane shows next, it says how it is signed in.
    showSignIn(header, signInBanner(me, devUsers, (userId) => {
      rememberDevUser(userId);
      again();
    }));
    // No role yet: say whom to ask (every other call would be refused with the same words).
    if (me.noRole) {
      showNoRole(root, me, me.noRole);
      return;
    }
    capabilities = await api.request<Capabilities>('GET', '/addin/capabilities');
  } catch (error) {
    if (error instanceof ApiError && error.code === NO_ORGANISATION) showNotSetUp(root, error.message);
    else problem('Could not sign in', error);
    return;
  }
  const { can } = capabilities;
  const env: PaneEnvironment = { root, origin: location.origin, teamsAppId: capabilities.teamsAppId, graphAvailable: capabilities.graphAvailable && !session.me.devSignIn };
  const cannotLog = () => {
    if (capabilities.cannotLog) showCannotLog(root, capabilities.cannotLog, capabilities.takesEffectWithinSeconds);
  };
  // Neither logging nor reading cases: nothing to look up, only what their role is and whom to ask.
  if (!can.log && !can.read) {
    cannotLog();
    return;
  }

  const ownerName = (c: CaseSummary, given?: string) => given ?? (c.owner === session.me.userId ? session.me.displayName : c.owner);

  const logNew = () => {
    if (!can.log) return cannotLog();
    showForm(env, message, session.me.org.services, async (form: NewCaseForm) => {
      try {
        const { status, body } = await api.requestWithStatus<CaseSummary>('POST', '/cases', {
          kind: form.kind,
          channel: 'email',
          receivedAt: message.receivedAt,
          customer: form.customer,
          nature: form.nature,
          service: form.service,
          ...(form.contractor ? { contractor: form.contractor } : {}),
          socialWork: form.socialWork,
          ...(form.startAtStage ? { startAtStage: form.startAtStage } : {}),
          source: sourceOf(message),
        });
        if (status === 200) {
          showExisting(env, body, ownerName(body), false);
          return;
        }
        const notes: string[] = [];
        let logged = body;
        if (form.quote) {
          try {
            await api.request('POST', `/cases/${encodeURIComponent(body.reference)}/actions`, { type: 'record-quote-consent', text: form.quote, actionId: `quote-${body.reference}` });
            notes.push('Consent to quote recorded: the compliment may be quoted in the published reports.');
          } catch (error) {
            notes.push(`The compliment is logged, but the consent to quote was not recorded: ${errorText(error)} Record it on the case in Teams.`);
          }
        }
        if (form.copyAttachmentIds.length > 0) {
          try {
            logged = await api.request<CaseSummary>('POST', `/addin/cases/${body.reference}/attachments`, { messageId: message.itemId, attachmentIds: form.copyAttachmentIds });
            notes.push(`Attachments copied to the case: ${form.copyAttachmentIds.length}.`);
          } catch (error) {
            notes.push(`The case is logged, but the attachments were not copied: ${errorText(error)}`);
          }
        }
        showLogged(env, logged, ownerName(logged), notes);
      } catch (error) {
        return errorText(error);
      }
    });
  };

  // Logging without reading cases (a role defined that way): nothing to look up, so straight to the form.
  if (!can.read) {
    logNew();
    return;
  }

  /** The case's finished responses (signed off where needed), to open as a reply to this email; none when they cannot be read. */
  const readyReplies = async (reference: string): Promise<ReadyReplies | undefined> => {
    const item = office.context.mailbox?.item;
    if (!item?.displayReplyForm) return undefined;
    let letters: ReadyLetter[];
    try {
      letters = (await api.request<{ letters: ReadyLetter[] }>('GET', `/cases/${encodeURIComponent(reference)}/letters`)).letters;
    } catch {
      return undefined;
    }
    const ready = letters.filter((l) => !l.sent && l.gaps.length === 0 && (l.signOff === 'not-needed' || l.signOff === 'approved'));
    return {
      letters: ready,
      async reply(letterId) {
        const letter = ready.find((l) => l.id === letterId);
        if (!letter) return 'That response is no longer ready; reopen the pane.';
        try {
          item.displayReplyForm!({ htmlBody: textToHtml(letter.text) });
          await api.request('POST', `/cases/${encodeURIComponent(reference)}/letters/${letter.id}/sent`, { via: 'outlook-reply' });
        } catch (error) {
          return errorText(error);
        }
      },
    };
  };

  let lookup: Lookup;
  try {
    const query = new URLSearchParams({ messageId: message.itemId });
    if (message.internetMessageId) query.set('internetMessageId', message.internetMessageId);
    if (message.conversationId) query.set('conversationId', message.conversationId);
    lookup = await api.request<Lookup>('GET', `/addin/lookup?${query}`);
  } catch (error) {
    problem('Could not check this email', error);
    return;
  }

  if (lookup.match === 'message' && lookup.case) {
    const linked = lookup.case.source?.messageId !== message.itemId && lookup.case.source?.internetMessageId !== message.internetMessageId;
    showExisting(env, lookup.case, ownerName(lookup.case, lookup.ownerName), linked, await readyReplies(lookup.case.reference));
  } else if (lookup.match === 'conversation' && lookup.case) {
    const found = lookup.case;
    showReplyChoice(env, found, ownerName(found, lookup.ownerName), !can.addToCase ? undefined : async () => {
      try {
        const updated = await api.request<CaseSummary>('POST', `/addin/cases/${found.reference}/linked-messages`, {
          messageId: message.itemId,
          internetMessageId: message.internetMessageId,
          conversationId: message.conversationId,
          receivedAt: message.receivedAt,
          subject: message.subject,
          attachments: message.attachments.map((a) => ({ name: a.name, size: a.size, fetched: false })),
        });
        showExisting(env, updated, ownerName(updated, lookup.ownerName), true);
      } catch (error) {
        return error instanceof ApiError ? error.message : errorText(error);
      }
    }, logNew);
  } else {
    logNew();
  }
}

const root = document.getElementById('app');
const header = document.getElementById('sign-in');
if (root && header) {
  run(root, header).catch((error) => showProblem(root, 'Something went wrong', errorText(error)));
} else {
  document.body.append(h('p', { role: 'alert' }, 'The pane could not start: its page is incomplete.'));
}
