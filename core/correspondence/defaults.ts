/**
 * The wording every organisation starts with: plain English covering what the model CHP asks each
 * response to say (shared/spec/correspondence.md). It is data: the complaints manager edits it in the
 * tab and the organisation's own version is stored. `[[…]]` marks what the writer fills in for the
 * case; a draft is not sent while any remain.
 */
import type { CorrespondenceSettings, LetterKind, LetterTemplate } from './fields';

/** As the SPSO publishes them (check www.spso.org.uk for the current details and update them here). */
export const DEFAULT_SPSO_CONTACT = [
  'Scottish Public Services Ombudsman',
  'Bridgeside House, 99 McDonald Road, Edinburgh EH7 4NS',
  'Freephone: 0800 377 7330',
  'Online form and website: www.spso.org.uk',
].join('\n');

export const DEFAULT_STAGE2_HOW_TO_ASK =
  'Reply to this letter or email, or contact our complaints team, saying what you are still unhappy about and what you would like us to do.';

const closing = 'Yours sincerely\n\n{{officerName}}\n{{orgName}}\n\nYou can have this letter in large print, another format or another language: just ask us.';

const TEMPLATES: Record<LetterKind, LetterTemplate> = {
  'stage1-acknowledgement': {
    subject: 'Your complaint {{reference}}',
    body: `Dear {{customerName}}

Thank you for getting in touch. We received your complaint on {{receivedOn}} and our reference is {{reference}}.

We aim to give you our decision by {{stage1DueOn}}. If we need longer we will tell you why and when you can expect to hear from us.

${closing}`,
  },
  'stage2-acknowledgement': {
    subject: 'Your complaint {{reference}}: we are investigating',
    body: `Dear {{customerName}}

We have started an investigation of your complaint (reference {{reference}}). I am handling it.

This is what we understand you are complaining about:
[[Set out each point of complaint as you understand it.]]

This is the outcome you are looking for:
[[Say what the customer wants to happen.]]

We will give you our decision by {{stage2DueOn}}. If we have misunderstood anything, please tell me as soon as you can so that we investigate the right things.

${closing}`,
  },
  extension: {
    subject: 'Your complaint {{reference}}: a new date for our response',
    body: `Dear {{customerName}}

We need more time to respond to your complaint (reference {{reference}}). I am sorry for the delay.

The reason is: {{extensionReason}}

We will now give you our response by {{newDueOn}}. I will keep you updated on our progress.

${closing}`,
  },
  'stage1-decision': {
    subject: 'Our response to your complaint {{reference}}',
    body: `Dear {{customerName}}

Thank you for your complaint (reference {{reference}}), received on {{receivedOn}}. This letter gives our decision.

What we looked at:
[[Set out each point of complaint, what you found and the decision on it: upheld, partially upheld, not upheld or resolved.]]

Our decision: your complaint is {{outcome}}.

[[Where something went wrong: say sorry, and say what we will put right and by when.]]

What you can do next
If you are still unhappy, you can ask us to look at your complaint again in a stage 2 investigation. {{stage2HowToAsk}} You should usually ask by {{escalationDeadline}}.

${closing}`,
  },
  'stage2-decision': {
    subject: 'Our final response to your complaint {{reference}}',
    body: `Dear {{customerName}}

We have finished our investigation of your complaint (reference {{reference}}). This is our final response.

What we found:
[[Take each point of complaint in turn: what you found, the reasons, and the decision on it.]]

Our decision: your complaint is {{outcome}}.

[[Where something went wrong: the apology, what we will put right and by when, and what we will change as a result.]]

If you are still unhappy
This is our final response. If you remain dissatisfied you can ask the Scottish Public Services Ombudsman (SPSO) to look at your complaint. The SPSO is independent and its service is free. It normally expects to hear from you within twelve months of when you first knew of the problem; counting from this response, that is usually by {{spsoDeadline}}.

{{spsoContact}}

${closing}`,
  },
  'not-a-complaint': {
    subject: 'Your message to us {{reference}}',
    body: `Dear {{customerName}}

Thank you for contacting us on {{receivedOn}} (reference {{reference}}).

We are not handling this as a complaint under our complaints procedure, because {{notAComplaintReason}}

[[Say what will happen instead and who will be in touch.]]

If you disagree, or later want to complain about the service you receive, please tell us.

${closing}`,
  },
};

export function defaultCorrespondenceSettings(): CorrespondenceSettings {
  return { templates: structuredClone(TEMPLATES), spsoContact: DEFAULT_SPSO_CONTACT, stage2HowToAsk: DEFAULT_STAGE2_HOW_TO_ASK };
}
