/** Editing the recorded details (customer, nature, service, contractor, social work) as one update-details action. */
import { RequiredLegend, RequiredMark } from './FieldControl';
import { useState } from 'preact/hooks';
import { ApiError, type Case, type Customer } from '../api';
import { sentence } from './ActionForm';

interface Draft {
  name: string;
  email: string;
  phone: string;
  address: string;
  anonymous: boolean;
  withheldDetails: boolean;
  nature: string;
  service: string;
  contractorName: string;
  contractorKind: 'contractor' | 'aleo';
  socialWork: boolean;
}

const draftOf = (c: Case): Draft => ({
  name: c.customer.name ?? '',
  email: c.customer.email ?? '',
  phone: c.customer.phone ?? '',
  address: c.customer.address ?? '',
  anonymous: c.customer.anonymous,
  withheldDetails: c.customer.withheldDetails,
  nature: c.nature,
  service: c.service,
  contractorName: c.contractor?.name ?? '',
  contractorKind: c.contractor?.kind ?? 'contractor',
  socialWork: c.socialWork,
});

/** Only what changed, in the shape of the update-details action. */
export function detailChanges(c: Case, d: Draft): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const customer: Customer = { withheldDetails: d.withheldDetails, anonymous: d.anonymous };
  for (const key of ['name', 'email', 'phone', 'address'] as const) if (d[key].trim()) customer[key] = d[key].trim();
  const before = c.customer;
  if ((['name', 'email', 'phone', 'address', 'anonymous', 'withheldDetails'] as const).some((k) => (before[k] ?? '') !== (customer[k] ?? ''))) changes.customer = customer;
  if (d.nature.trim() !== c.nature) changes.nature = d.nature.trim();
  if (d.service !== c.service) changes.service = d.service;
  const contractorBefore = c.contractor ? `${c.contractor.name}|${c.contractor.kind}` : '';
  const contractorAfter = d.contractorName.trim() ? `${d.contractorName.trim()}|${d.contractorKind}` : '';
  if (contractorBefore !== contractorAfter) changes.contractor = contractorAfter ? { name: d.contractorName.trim(), kind: d.contractorKind } : null;
  if (d.socialWork !== c.socialWork) changes.socialWork = d.socialWork;
  return changes;
}

const FIELD_OF: Record<string, keyof Draft> = {
  'customer.name': 'name',
  'customer.email': 'email',
  'customer.phone': 'phone',
  'customer.address': 'address',
  nature: 'nature',
  service: 'service',
  'contractor.name': 'contractorName',
};

export function DetailsEditor(props: { current: Case; services: string[]; onSave: (changes: Record<string, unknown>) => Promise<void>; onCancel: () => void }) {
  const { current } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(current));
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  async function save(event: Event) {
    event.preventDefault();
    const found: Partial<Record<keyof Draft, string>> = {};
    if (!draft.nature.trim()) found.nature = 'Describe what the complaint is about; it must not be empty.';
    if (draft.email.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(draft.email.trim())) found.email = 'Enter an email address like name@example.org, or leave it empty.';
    setProblems(found);
    setGeneral(undefined);
    if (Object.keys(found).length > 0) {
      document.getElementById(`detail-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const changes = detailChanges(current, draft);
    if (Object.keys(changes).length === 0) {
      setGeneral('Nothing has changed.');
      return;
    }
    setSaving(true);
    try {
      await props.onSave(changes);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        const byField: Partial<Record<keyof Draft, string>> = {};
        for (const f of error.fields) {
          const key = FIELD_OF[f.field.replace(/^changes\./, '')];
          if (key) byField[key] = sentence(f.message);
        }
        setProblems(byField);
        setGeneral(error.message);
      } else setGeneral(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  }

  const text = (key: 'name' | 'email' | 'phone' | 'address' | 'contractorName', label: string, type = 'text') => (
    <div class={`field${problems[key] ? ' invalid' : ''}`}>
      <label for={`detail-${key}`}>{label}</label>
      <input
        id={`detail-${key}`}
        type={type}
        value={draft[key]}
        aria-invalid={problems[key] ? true : undefined}
        aria-describedby={problems[key] ? `detail-${key}-problem` : undefined}
        onInput={(e) => set({ [key]: e.currentTarget.value })}
      />
      {problems[key] && (
        <small class="problem" id={`detail-${key}-problem`}>
          {problems[key]}
        </small>
      )}
    </div>
  );

  return (
    <form class="action-form details-form" onSubmit={save} aria-label="Edit the recorded details" noValidate>
      <RequiredLegend />
      {general && (
        <div class="message error" role="alert">
          {general}
        </div>
      )}
      <fieldset>
        <legend>Customer</legend>
        <div class="form-grid">
          {text('name', 'Name')}
          {text('email', 'Email', 'email')}
          {text('phone', 'Phone', 'tel')}
          {text('address', 'Address')}
        </div>
        <label class="check">
          <input type="checkbox" checked={draft.anonymous} onChange={(e) => set({ anonymous: e.currentTarget.checked })} />
          <span>Anonymous</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={draft.withheldDetails} onChange={(e) => set({ withheldDetails: e.currentTarget.checked })} />
          <span>Customer withheld some details</span>
        </label>
      </fieldset>
      <div class={`field${problems.nature ? ' invalid' : ''}`}>
        <label for="detail-nature">
          Nature of the complaint
          <RequiredMark />
        </label>
        <textarea
          id="detail-nature"
          required
          rows={4}
          value={draft.nature}
          aria-invalid={problems.nature ? true : undefined}
          aria-describedby={problems.nature ? 'detail-nature-problem' : undefined}
          onInput={(e) => set({ nature: e.currentTarget.value })}
        />
        {problems.nature && (
          <small class="problem" id="detail-nature-problem">
            {problems.nature}
          </small>
        )}
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="detail-service">
            Service
            <RequiredMark />
          </label>
          <select id="detail-service" required value={draft.service} onChange={(e) => set({ service: e.currentTarget.value })}>
            {[...new Set([current.service, ...props.services])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        {text('contractorName', 'Contractor or ALEO (empty if none)')}
        <div class="field">
          <label for="detail-contractorKind">Contractor kind</label>
          <select id="detail-contractorKind" value={draft.contractorKind} onChange={(e) => set({ contractorKind: e.currentTarget.value as Draft['contractorKind'] })}>
            <option value="contractor">Contractor</option>
            <option value="aleo">Arm’s-length external organisation</option>
          </select>
        </div>
      </div>
      <label class="check">
        <input type="checkbox" checked={draft.socialWork} onChange={(e) => set({ socialWork: e.currentTarget.checked })} />
        <span>Social work complaint</span>
      </label>
      <div class="buttons">
        <button type="submit" class="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" class="button" onClick={props.onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
