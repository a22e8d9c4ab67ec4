/**
 * Log a complaint received any way (phone, in person, letter, web form, social media, other): the
 * fields and checks of the Outlook add-in and the bot's form, each problem beside its field, dates
 * in UK form. Each opening of the form is one submission with its own id (sent as the case's source),
 * so pressing "Log complaint" again after a lost answer returns the case already logged, never a
 * second one. Loaded on demand from the caseload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api, type NewCaseBody } from '../api';
import { CHANNEL_WORDS } from '../format';
import { londonInstant, londonWallClock, parseTime, parseUkDate, ukDate } from '../ukDate';
import { sentence } from './ActionForm';
import { FieldControl, RequiredLegend } from './FieldControl';

export interface NewComplaintProps {
  api: Api;
  services: string[];
  onLogged: (reference: string) => void;
  onCancel: () => void;
}

/** The ways a complaint reaches the tab (email and Teams chat are logged from the message itself). */
const CHANNELS = ['phone', 'in-person', 'letter', 'web-form', 'social-media', 'other'] as const;

const PHONE = /^[+()\d\s-]{3,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Values {
  /** Complaint, compliment or comment: the form logs all three (compliments and comments have no clock). */
  kind: NewCaseBody['kind'];
  channel: string;
  receivedDate: string;
  receivedTime: string;
  anonymous: boolean;
  withheld: boolean;
  name: string;
  email: string;
  phone: string;
  address: string;
  hasRepresentative: boolean;
  repName: string;
  repContact: string;
  repRelationship: string;
  repConsent: boolean;
  service: string;
  nature: string;
  contractorName: string;
  contractorKind: 'contractor' | 'aleo';
  socialWork: boolean;
  stage: '1' | '2';
}
type Problems = Partial<Record<keyof Values, string>>;

/** Where the API's field paths land on the form. */
const FIELD_OF_PATH: Record<string, keyof Values> = {
  channel: 'channel',
  receivedAt: 'receivedDate',
  'customer.name': 'name',
  'customer.email': 'email',
  'customer.phone': 'phone',
  'customer.address': 'address',
  'representative.name': 'repName',
  'representative.contact': 'repContact',
  'representative.relationship': 'repRelationship',
  service: 'service',
  nature: 'nature',
  'contractor.name': 'contractorName',
  'contractor.kind': 'contractorKind',
};

/** Field order, for focusing the first problem. */
const ORDER: (keyof Values)[] = ['channel', 'receivedDate', 'receivedTime', 'name', 'email', 'phone', 'address', 'repName', 'repContact', 'repRelationship', 'service', 'nature', 'contractorName'];

function initialValues(): Values {
  const now = londonWallClock(new Date());
  return {
    kind: 'complaint',
    channel: 'phone',
    receivedDate: ukDate(now.date),
    receivedTime: now.time,
    anonymous: false,
    withheld: false,
    name: '',
    email: '',
    phone: '',
    address: '',
    hasRepresentative: false,
    repName: '',
    repContact: '',
    repRelationship: '',
    repConsent: false,
    service: '',
    nature: '',
    contractorName: '',
    contractorKind: 'contractor',
    socialWork: false,
    stage: '1',
  };
}

/** The same checks as the API and the core (core/workflow/validate.ts), said beside each field. */
function check(v: Values, now: Date): Problems {
  const problems: Problems = {};
  if (!v.channel) problems.channel = 'Choose how the complaint was received.';
  const date = parseUkDate(v.receivedDate);
  const time = parseTime(v.receivedTime);
  if (!date) problems.receivedDate = 'Enter the date received as dd/mm/yyyy, for example 05/03/2026.';
  if (!time) problems.receivedTime = 'Enter the time received as a 24-hour time, for example 14:30.';
  if (date && time && Date.parse(londonInstant(date, time)) > now.getTime()) problems.receivedDate = 'The date and time received cannot be in the future.';
  if (!v.anonymous) {
    if (!v.withheld && !v.name.trim()) problems.name = 'Enter the customer’s name, or tick that they withheld their details.';
    if (v.email.trim() && !EMAIL.test(v.email.trim())) problems.email = 'Enter an email address, like name@example.org.';
    if (v.phone.trim() && !PHONE.test(v.phone.trim())) problems.phone = 'Enter a phone number: digits, spaces and + ( ) - only.';
  }
  if (v.hasRepresentative && !v.repName.trim()) problems.repName = 'Enter the representative’s name.';
  if (!v.service) problems.service = 'Choose the service the complaint is about.';
  if (!v.nature.trim()) problems.nature = 'Enter what the complaint is about.';
  return problems;
}

const given = (text: string): string | undefined => text.trim() || undefined;

function bodyOf(v: Values, submission: string): NewCaseBody {
  const customer = v.anonymous
    ? { anonymous: true, withheldDetails: true }
    : {
        anonymous: false,
        withheldDetails: v.withheld,
        ...(given(v.name) ? { name: given(v.name) } : {}),
        ...(given(v.email) ? { email: given(v.email) } : {}),
        ...(given(v.phone) ? { phone: given(v.phone) } : {}),
        ...(given(v.address) ? { address: given(v.address) } : {}),
      };
  return {
    kind: v.kind,
    channel: v.channel,
    receivedAt: londonInstant(parseUkDate(v.receivedDate) as string, parseTime(v.receivedTime) as string),
    customer,
    ...(v.hasRepresentative
      ? {
          representative: {
            name: v.repName.trim(),
            ...(given(v.repContact) ? { contact: given(v.repContact) } : {}),
            ...(given(v.repRelationship) ? { relationship: given(v.repRelationship) } : {}),
            consentRecorded: v.repConsent,
          },
        }
      : {}),
    nature: v.nature.trim(),
    service: v.service,
    ...(given(v.contractorName) ? { contractor: { name: v.contractorName.trim(), kind: v.contractorKind } } : {}),
    socialWork: v.socialWork,
    ...(v.kind === 'complaint' ? { startAtStage: v.stage === '2' ? 2 : 1 } : {}),
    source: { kind: 'tab', messageId: submission },
  };
}

/** A fresh submission id; crypto.randomUUID needs a secure context, which a Teams tab always is. */
function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function Check(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string }) {
  return (
    <div class="field check-field">
      <label class="check" for={props.id}>
        <input type="checkbox" id={props.id} name={props.id} checked={props.checked} aria-describedby={props.hint ? `${props.id}-hint` : undefined} onChange={(e) => props.onChange(e.currentTarget.checked)} />
        <span>{props.label}</span>
      </label>
      {props.hint && (
        <small id={`${props.id}-hint`} class="muted">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function NewComplaint(props: NewComplaintProps) {
  const [values, setValues] = useState<Values>(initialValues);
  const [problems, setProblems] = useState<Problems>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // One id for this form's submission, kept across retries: the API logs it once.
  const [submission] = useState(newSubmissionId);
  const firstField = useRef<HTMLElement | null>(null);

  useEffect(() => firstField.current?.focus(), []);

  const set = <K extends keyof Values>(key: K) => (value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof Values) => (value: string) => set(key)(value as never);

  function focusFirst(found: Problems) {
    const first = ORDER.find((key) => found[key]);
    if (first) document.getElementById(`new-${first}`)?.focus();
  }

  async function submit(event: Event) {
    event.preventDefault();
    setGeneral(undefined);
    const found = check(values, new Date());
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setGeneral('The complaint was not logged: correct the fields marked below.');
      focusFirst(found);
      return;
    }
    setSaving(true);
    try {
      const logged = await props.api.logCase(bodyOf(values, submission));
      props.onLogged(logged.reference);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        const byField: Problems = {};
        const unplaced: string[] = [];
        for (const f of error.fields) {
          const key = FIELD_OF_PATH[f.field.replace(/^body\./, '')];
          if (key) byField[key] = sentence(f.message);
          else unplaced.push(sentence(f.message));
        }
        setProblems(byField);
        setGeneral(unplaced.length > 0 ? `The complaint was not logged. ${unplaced.join(' ')}` : 'The complaint was not logged: correct the fields marked below.');
        focusFirst(byField);
      } else if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        setGeneral(`The complaint was not logged. ${error.message}`);
      } else {
        // No answer, or a fault: it may have been logged. The same submission id makes trying again safe.
        setGeneral(`We could not tell whether the complaint was logged. ${error instanceof Error ? error.message : String(error)} Press “Log complaint” again: it will not be logged twice.`);
      }
    } finally {
      setSaving(false);
    }
  }

  const field = (key: keyof Values, label: string, extra: Partial<Parameters<typeof FieldControl>[0]> = {}) => (
    <FieldControl id={`new-${key}`} name={key} label={label} kind="text" starRequired problem={problems[key]} value={String(values[key])} onValue={text(key)} {...extra} />
  );

  return (
    <form class="action-form new-complaint-form" id="new-complaint" onSubmit={submit} aria-labelledby="new-complaint-heading" noValidate onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <h3 id="new-complaint-heading">New complaint</h3>
      <RequiredLegend />
      {general && (
        <div class="message error" role="alert">
          {general}
        </div>
      )}
      <div class="form-grid">
        {field('kind', 'What it is', {
          kind: 'select',
          required: true,
          choices: [
            ['complaint', 'Complaint'],
            ['compliment', 'Compliment'],
            ['comment', 'Comment'],
          ],
          controlRef: (el) => (firstField.current = el),
        })}
        {field('channel', 'How it was received', {
          kind: 'select',
          required: true,
          choices: CHANNELS.map((c) => [c, CHANNEL_WORDS[c]]),
        })}
        {field('receivedDate', 'Date received', { required: true, hint: 'dd/mm/yyyy — today unless it came in earlier.' })}
        {field('receivedTime', 'Time received', { required: true, hint: '24-hour, hh:mm.' })}
      </div>

      <fieldset class="form-section">
        <legend>Customer</legend>
        <Check id="new-anonymous" label="The customer wishes to stay anonymous" checked={values.anonymous} onChange={set('anonymous')} hint="No name or contact details are recorded." />
        {!values.anonymous && (
          <>
            <Check id="new-withheld" label="The customer withheld their details" checked={values.withheld} onChange={set('withheld')} />
            <div class="form-grid">
              {field('name', 'Name', { required: !values.withheld })}
              {field('email', 'Email')}
              {field('phone', 'Phone')}
              {field('address', 'Address', { kind: 'textarea', wide: true })}
            </div>
          </>
        )}
        <Check id="new-hasRepresentative" label="Someone is complaining on the customer’s behalf" checked={values.hasRepresentative} onChange={set('hasRepresentative')} />
        {values.hasRepresentative && (
          <div class="form-grid">
            {field('repName', 'Representative’s name', { required: true })}
            {field('repContact', 'Representative’s contact details')}
            {field('repRelationship', 'Relationship to the customer', { hint: 'For example: daughter, MSP, advocate.' })}
            <Check id="new-repConsent" label="The customer’s consent for them to act is recorded" checked={values.repConsent} onChange={set('repConsent')} />
          </div>
        )}
      </fieldset>

      <fieldset class="form-section">
        <legend>The complaint</legend>
        <div class="form-grid">
          {field('service', 'Service', { kind: 'select', required: true, choices: props.services.map((s) => [s, s]) })}
          {field('nature', 'What the complaint is about', { kind: 'textarea', required: true, wide: true })}
          {field('contractorName', 'Contractor or ALEO it is about', { hint: 'An organisation providing the service for you.' })}
          {values.contractorName.trim() &&
            field('contractorKind', 'Kind of provider', {
              kind: 'select',
              required: true,
              choices: [
                ['contractor', 'Contractor'],
                ['aleo', 'Arm’s-length external organisation (ALEO)'],
              ],
            })}
        </div>
        <Check id="new-socialWork" label="Social work complaint" checked={values.socialWork} onChange={set('socialWork')} hint="Of interest to the Chief Social Work Officer." />
        {values.kind === 'complaint' && (
        <fieldset class="choice-group">
          <legend>Stage</legend>
          <label class="check">
            <input type="radio" name="stage" value="1" checked={values.stage === '1'} onChange={() => set('stage')('1')} />
            <span>Stage 1 — frontline response within 5 working days</span>
          </label>
          <label class="check">
            <input type="radio" name="stage" value="2" checked={values.stage === '2'} onChange={() => set('stage')('2')} />
            <span>Straight to stage 2 — complex, needs investigation (20 working days)</span>
          </label>
        </fieldset>
        )}
      </fieldset>

      <div class="buttons">
        <button type="submit" class="button primary" disabled={saving}>
          {saving ? 'Logging…' : 'Log complaint'}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
