/** The pane's views: the form, the case already logged, the reply in a logged conversation, results and problems. */
import type { CaseSummary, DevUser, Me, NoRoleNotice } from './api';
import { h, show } from './dom';
import { caseLinks, dateInWords, dueInWords, sizeInWords, statusInWords } from './format';
import type { OpenMessage } from './office-host';
import { formatDateTime, readableText, roleLabel } from '../../core/labels';
import { KIND_WORDS, kindControls, type CaseKind } from './kind';

export interface NewCaseForm {
  kind: CaseKind;
  /** Compliments: the words the customer agreed may be quoted (consent given), else nothing. */
  quote?: string;
  customer: { withheldDetails: boolean; anonymous: boolean; name?: string; email?: string };
  service: string;
  nature: string;
  contractor?: { name: string; kind: 'contractor' | 'aleo' };
  socialWork: boolean;
  /** Complaints only. */
  startAtStage?: 1 | 2;
  copyAttachmentIds: string[];
}

export interface PaneEnvironment {
  root: HTMLElement;
  origin: string;
  teamsAppId: string;
  /** Attachment content can be copied only through Microsoft Graph (not available in development sign-in). */
  graphAvailable: boolean;
}

const NATURE_MAX = 10_000;

export function signInBanner(me: Me, devUsers: DevUser[] | undefined, onSwitch: (userId: string) => void): HTMLElement {
  if (!me.devSignIn) return h('p', { class: 'signed-in' }, `Signed in as ${me.displayName} (${me.org.name})`);
  const select = h('select', { id: 'dev-user', onchange: (e: Event) => onSwitch((e.target as HTMLSelectElement).value) });
  for (const user of devUsers ?? []) {
    const option = h('option', { value: user.userId }, `${user.displayName} – ${user.roles.map(roleLabel).join(', ')}`);
    option.selected = user.userId === me.userId;
    select.append(option);
  }
  return h('div', { class: 'dev-banner', role: 'note' },
    h('strong', {}, 'Development sign-in'),
    h('p', {}, 'Not for real cases: you are acting as a demo user.'),
    h('label', { for: 'dev-user' }, 'Demo user'),
    select);
}

/**
 * Puts the sign-in line (or the development sign-in banner) in the pane's header, outside the part the
 * views replace: it stays on every view — results, problems, after switching demo user — for as long as
 * the pane is signed in that way.
 */
export function showSignIn(header: HTMLElement, banner: HTMLElement): void {
  header.replaceChildren(banner);
  header.hidden = false;
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', `${hintId} ${id}-error`);
  else control.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: `${id}-error` }));
}

function check(id: string, label: string, checked = false): { row: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox', id, checked });
  return { row: h('div', { class: 'check' }, input, h('label', { for: id }, label)), input };
}

function messageSummary(message: OpenMessage): HTMLElement {
  const from = [message.senderName, message.senderAddress && `<${message.senderAddress}>`].filter(Boolean).join(' ') || 'unknown sender';
  return h('dl', { class: 'message' },
    h('dt', {}, 'From'), h('dd', {}, from),
    h('dt', {}, 'Received'), h('dd', {}, formatDateTime(message.receivedAt)),
    h('dt', {}, 'Subject'), h('dd', {}, message.subject || '(no subject)'));
}

/** The form prefilled from the email. `submit` returns an error sentence to show, or nothing when done. */
export function showForm(env: PaneEnvironment, message: OpenMessage, services: string[], submit: (form: NewCaseForm) => Promise<string | void>): void {
  const name = h('input', { id: 'customer-name', type: 'text', autocomplete: 'off', value: message.senderName ?? '' });
  const email = h('input', { id: 'customer-email', type: 'email', autocomplete: 'off', value: message.senderAddress ?? '' });
  const withheld = check('withheld', 'Customer withheld details (record what we can)');
  const service = h('select', { id: 'service', required: true }, h('option', { value: '' }, 'Choose a service…'), ...services.map((s) => h('option', { value: s }, s)));
  const nature = h('textarea', { id: 'nature', rows: 8, required: true, maxlength: NATURE_MAX });
  nature.value = message.bodyText.slice(0, NATURE_MAX);
  const kind = kindControls(nature.value);
  const contractorToggle = check('contractor-toggle', 'About a contractor or ALEO');
  const contractorName = h('input', { id: 'contractor-name', type: 'text' });
  const contractorKind = h('select', { id: 'contractor-kind' }, h('option', { value: 'contractor' }, 'Contractor'), h('option', { value: 'aleo' }, 'Arm’s-length external organisation (ALEO)'));
  const contractorBox = h('div', { class: 'nested', id: 'contractor-details', hidden: true },
    field('contractor-name', 'Contractor or ALEO name', contractorName), field('contractor-kind', 'Kind', contractorKind));
  contractorToggle.input.setAttribute('aria-controls', 'contractor-details');
  contractorToggle.input.setAttribute('aria-expanded', 'false');
  contractorToggle.input.addEventListener('change', () => {
    contractorBox.hidden = !contractorToggle.input.checked;
    contractorToggle.input.setAttribute('aria-expanded', String(contractorToggle.input.checked));
  });
  const socialWork = check('social-work', 'Social work complaint (Chief Social Work Officer interest)');
  const stage1 = h('input', { type: 'radio', name: 'stage', id: 'stage-1', value: '1', checked: true });
  const stage2 = h('input', { type: 'radio', name: 'stage', id: 'stage-2', value: '2' });
  const stageSet = h('fieldset', {}, h('legend', {}, 'Stage'),
    h('div', { class: 'check' }, stage1, h('label', { for: 'stage-1' }, 'Frontline response (stage 1, 5 working days)')),
    h('div', { class: 'check' }, stage2, h('label', { for: 'stage-2' }, 'Straight to investigation (stage 2, 20 working days)')));

  const attachmentBoxes = message.attachments.map((a, i) => {
    const canCopy = env.graphAvailable && a.kind === 'file';
    const box = check(`attachment-${i}`, `Copy ${a.name} (${sizeInWords(a.size)}) to the case`);
    box.input.disabled = !canCopy;
    box.input.value = a.id;
    return box;
  });
  const attachmentSet = message.attachments.length === 0 ? null : h('fieldset', {}, h('legend', {}, 'Attachments'),
    h('p', { class: 'hint' }, env.graphAvailable
      ? 'Names and sizes are recorded. Tick only what the case needs: the content is copied only for what you tick.'
      : 'Names and sizes are recorded. Copying content needs Microsoft 365 sign-in (not available in development sign-in).'),
    ...attachmentBoxes.map((b) => b.row));

  const formError = h('div', { class: 'form-error', role: 'alert', id: 'form-error' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'log-button' }, 'Log complaint');
  const natureField = field('nature', KIND_WORDS.complaint.nature, nature, KIND_WORDS.complaint.natureHint);
  const title = h('h1', { id: 'form-title' }, KIND_WORDS.complaint.title);
  const socialWorkLabel = socialWork.row.querySelector('label')!;
  kind.onChange((chosen) => {
    const words = KIND_WORDS[chosen];
    title.textContent = words.title;
    button.textContent = `Log ${words.noun}`;
    natureField.querySelector('label')!.textContent = words.nature;
    natureField.querySelector('.hint')!.textContent = words.natureHint;
    socialWorkLabel.textContent = `Social work ${words.noun} (Chief Social Work Officer interest)`;
    // Stages and clocks are a complaint's only.
    stageSet.hidden = chosen !== 'complaint';
  });
  const form = h('form', { novalidate: true, 'aria-labelledby': 'form-title' },
    kind.fieldset,
    h('fieldset', {}, h('legend', {}, 'Customer'),
      field('customer-name', 'Name', name), field('customer-email', 'Email', email), withheld.row),
    field('service', 'Service', service),
    natureField,
    h('p', { class: 'fixed' }, h('span', {}, 'Channel: '), h('strong', {}, 'Email')),
    contractorToggle.row, contractorBox,
    socialWork.row,
    stageSet,
    kind.consent,
    attachmentSet,
    formError,
    button);

  const setError = (control: HTMLElement, text: string): void => {
    control.setAttribute('aria-invalid', text ? 'true' : 'false');
    const slot = document.getElementById(`${control.id}-error`);
    if (slot) slot.textContent = text;
  };

  // Once the words are there again, the message asking for them goes.
  kind.quoteInput.addEventListener('input', () => {
    if (!kind.quoteInput.value.trim()) return;
    setError(kind.quoteInput, '');
    if (!form.querySelector('[aria-invalid="true"]')) formError.textContent = '';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    const problems: [HTMLElement, string][] = [];
    const customerName = name.value.trim();
    const customerEmail = email.value.trim();
    setError(name, ''); setError(email, ''); setError(service, ''); setError(nature, ''); setError(contractorName, ''); setError(kind.quoteInput, '');
    const chosen = kind.kind();
    const noun = KIND_WORDS[chosen].noun;
    if (!withheld.input.checked && !customerName && !customerEmail) problems.push([name, 'Enter the customer’s name or email, or tick “Customer withheld details”.']);
    if (customerEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customerEmail)) problems.push([email, 'Enter an email address like name@example.org, or leave it empty.']);
    if (!service.value) problems.push([service, `Choose the service the ${noun} is about.`]);
    if (!nature.value.trim()) problems.push([nature, `Describe the ${noun}.`]);
    if (kind.quote() === '') problems.push([kind.quoteInput, 'Enter the words the customer agreed we may quote, or untick the consent.']);
    if (contractorToggle.input.checked && !contractorName.value.trim()) problems.push([contractorName, 'Enter the contractor’s or ALEO’s name, or untick “About a contractor or ALEO”.']);
    if (problems.length > 0) {
      for (const [control, text] of problems) setError(control, text);
      formError.textContent = `${problems.length === 1 ? 'One thing needs' : `${problems.length} things need`} correcting before logging.`;
      problems[0][0].focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Logging…';
    const error = await submit({
      kind: chosen,
      ...(kind.quote() ? { quote: kind.quote() } : {}),
      customer: {
        withheldDetails: withheld.input.checked,
        anonymous: withheld.input.checked && !customerName && !customerEmail,
        ...(customerName ? { name: customerName } : {}),
        ...(customerEmail ? { email: customerEmail } : {}),
      },
      service: service.value,
      nature: nature.value.trim(),
      contractor: contractorToggle.input.checked ? { name: contractorName.value.trim(), kind: contractorKind.value as 'contractor' | 'aleo' } : undefined,
      socialWork: socialWork.input.checked,
      ...(chosen === 'complaint' ? { startAtStage: stage2.checked ? 2 as const : 1 as const } : {}),
      copyAttachmentIds: attachmentBoxes.filter((b) => b.input.checked && !b.input.disabled).map((b) => b.input.value),
    });
    if (error) {
      button.disabled = false;
      button.textContent = `Log ${noun}`;
      formError.textContent = error;
      button.focus();
    }
  });

  show(env.root, title, messageSummary(message), form);
}

function caseFacts(c: CaseSummary, ownerName?: string): HTMLElement {
  const due = dueInWords(c);
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Reference'), h('dd', { class: 'reference' }, c.reference),
    h('dt', {}, 'Status'), h('dd', {}, c.status === 'recorded' ? `Recorded ${KIND_WORDS[c.kind as CaseKind]?.noun ?? 'case'} (no stages or clocks)` : statusInWords(c.status)),
    h('dt', {}, 'Owner'), h('dd', {}, ownerName ?? c.owner ?? 'not assigned'),
    due ? h('dt', {}, c.status.startsWith('stage2') ? 'Response due' : 'Stage 1 response due') : null,
    due ? h('dd', {}, due) : null,
    c.stage2 && c.status.startsWith('stage2') ? h('dt', {}, 'Acknowledge by') : null,
    c.stage2 && c.status.startsWith('stage2') ? h('dd', {}, dateInWords(c.stage2.acknowledgeBy)) : null,
    h('dt', {}, 'Service'), h('dd', {}, c.service));
}

function openLinks(env: PaneEnvironment, reference: string): HTMLElement {
  const links = caseLinks(reference, env.origin, env.teamsAppId);
  return h('p', { class: 'links' },
    h('a', { href: links.teams, target: '_blank', rel: 'noopener', class: 'button-link', id: 'open-in-teams' }, 'Open in Teams'),
    ' ',
    h('a', { href: links.web, target: '_blank', rel: 'noopener', id: 'open-in-browser' }, 'Open in the browser'));
}

export function showLogged(env: PaneEnvironment, c: CaseSummary, ownerName: string | undefined, notes: string[]): void {
  const noun = KIND_WORDS[c.kind as CaseKind]?.noun ?? 'case';
  show(env.root,
    h('h1', {}, `Logged as ${c.reference}`),
    h('p', { role: 'status' }, `The ${noun} is logged and linked to this email.${c.kind === 'complaint' ? '' : ' It has no stages or clocks.'}`),
    caseFacts(c, ownerName),
    ...notes.map((n) => h('p', { class: 'note' }, n)),
    openLinks(env, c.reference));
}

/** Responses ready to go (finished, and signed off where that is needed), offered as "Reply with…". */
export interface ReadyReplies {
  letters: { id: string; subject: string }[];
  /** Opens Outlook's reply form with the letter and records it; a sentence when it could not. */
  reply(letterId: string): Promise<string | void>;
}

export function showExisting(env: PaneEnvironment, c: CaseSummary, ownerName: string | undefined, linked: boolean, replies?: ReadyReplies): void {
  show(env.root,
    h('h1', {}, linked ? `Linked to ${c.reference}` : `Already logged as ${c.reference}`),
    h('p', {}, linked ? 'This email was added to the case.' : 'This email is already a case; it will not be logged twice.'),
    caseFacts(c, ownerName),
    replies && replies.letters.length > 0 ? replySection(replies) : null,
    openLinks(env, c.reference));
}

function replySection(replies: ReadyReplies): HTMLElement {
  const status = h('p', { role: 'status', id: 'reply-status' });
  const buttons = replies.letters.map((letter) => {
    const button = h('button', { type: 'button', class: 'primary', 'data-letter': letter.id }, `Reply with: ${letter.subject}`);
    button.addEventListener('click', async () => {
      button.disabled = true;
      const problem = await replies.reply(letter.id);
      status.textContent = problem ?? 'The reply is open in Outlook with the response; check it and press Send. The case records it as sent.';
      if (problem) button.disabled = false;
    });
    return button;
  });
  return h('section', { 'aria-labelledby': 'reply-title' }, h('h2', { id: 'reply-title' }, 'Reply to the customer'), ...buttons, status);
}

/** `addToCase` is left out when the person's roles do not let them add emails to cases: then the pane says so instead. */
export function showReplyChoice(env: PaneEnvironment, c: CaseSummary, ownerName: string | undefined, addToCase: (() => Promise<string | void>) | undefined, logNew: () => void): void {
  const error = h('div', { class: 'form-error', role: 'alert' });
  const add = addToCase && h('button', { type: 'button', class: 'primary', id: 'add-to-case' }, `Add to ${c.reference}`);
  add?.addEventListener('click', async () => {
    if (!add || !addToCase) return;
    add.disabled = true;
    const problem = await addToCase();
    if (problem) {
      add.disabled = false;
      error.textContent = problem;
      add.focus();
    }
  });
  const separate = h('button', { type: 'button', id: 'log-separately', onclick: () => logNew() }, 'Log as a new case instead');
  show(env.root,
    h('h1', {}, `Part of ${c.reference}`),
    h('p', {}, add
      ? 'This email is in the same conversation as a logged case. Add it to that case rather than logging it twice.'
      : 'This email is in the same conversation as a logged case. Your role does not include adding emails to cases: ask the case’s owner to add it.'),
    caseFacts(c, ownerName),
    error,
    h('div', { class: 'actions' }, add, separate),
    openLinks(env, c.reference));
}

export function showProblem(root: HTMLElement, title: string, text: string, retry?: () => void): void {
  show(root,
    h('h1', {}, title),
    h('p', { role: 'alert', class: 'problem' }, readableText(text)),
    retry ? h('button', { type: 'button', onclick: () => retry(), id: 'retry' }, 'Try again') : null);
}

/**
 * The pane opened outside Outlook (a plain browser, or Outlook not answering): why, what to do, and
 * where the same cases can be seen without Outlook.
 */
export function showOutsideOutlook(root: HTMLElement, reason: string, origin: string): void {
  show(root,
    h('h1', {}, 'Open this from Outlook'),
    h('p', { role: 'alert', class: 'notice' }, reason),
    h('p', {}, 'This pane logs an email as a complaint. In Outlook, open the email and choose ', h('strong', {}, 'Log as complaint'), ' on the ribbon.'),
    h('p', {}, 'To see and work on cases without Outlook, ', h('a', { href: `${origin}/tab/`, target: '_blank', rel: 'noopener' }, 'open the caseload'), '.'));
}

/** Signed in, but no role in the organisation yet: whom to ask, in the same words as the tab and the bot. */
export function showNoRole(root: HTMLElement, me: Me, notice: NoRoleNotice): void {
  show(root,
    h('h1', {}, 'You have no role here yet'),
    h('p', { id: 'no-role-message' }, readableText(notice.message)),
    notice.administrators.length > 0
      ? h('div', {}, h('h2', {}, 'Administrators'), h('ul', { id: 'no-role-administrators' }, ...notice.administrators.map((name) => h('li', {}, name))))
      : null,
    h('p', { class: 'hint' }, `Signed in as ${me.displayName}. Once you have a role, close the pane and open it again to log this email.`));
}

/** Signed in from a Microsoft 365 organisation that has no organisation in the service. */
export function showNotSetUp(root: HTMLElement, detail: string): void {
  show(root,
    h('h1', {}, 'Not set up yet'),
    h('p', { id: 'not-set-up-message' }, readableText(detail)));
}
