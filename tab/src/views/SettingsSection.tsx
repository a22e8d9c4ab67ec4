/** The pieces every section of the settings page shares: saving a section, its frame, field problems. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, type Api, type OrgSection } from '../api';
import { ErrorMessage } from './common';

/** The problem of one field from an API refusal (`reportingYearStartMonth`, `roleAssignments[2].roles`). */
export const problemOf = (error: Error | undefined, field: string): string | undefined =>
  error instanceof ApiError ? error.fields.find((f) => f.field === field || f.field.startsWith(`${field}[`) || f.field.startsWith(`${field}.`))?.message : undefined;

/** Saves a section; returns the saved value, keeps the error for the form to show beside its fields. */
export function useSave<T>(api: Api, section: OrgSection, onSaved: (value: T) => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [saved, setSaved] = useState(false);
  async function save(body: unknown): Promise<void> {
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      onSaved(await api.saveOrgSection<T>(section, body));
      setSaved(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  }
  return { saving, error, saved, save, touched: () => setSaved(false) };
}

/** One section of the page: heading, what the setting is for, its form and the result of saving it. */
export function SettingsSection(props: {
  id: string;
  title: string;
  purpose: ComponentChildren;
  saving: boolean;
  saved: boolean;
  error?: Error;
  submit: string;
  onSubmit: () => void;
  children: ComponentChildren;
}) {
  return (
    <section class="card settings-section" aria-labelledby={props.id}>
      <div class="card-head">
        <h3 id={props.id}>{props.title}</h3>
      </div>
      <div class="purpose">{props.purpose}</div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
        <div class="buttons">
          <button type="submit" class="button primary" disabled={props.saving}>
            {props.saving ? 'Saving…' : props.submit}
          </button>
        </div>
        <div aria-live="polite">
          {props.saved && <p class="message success">Saved.</p>}
          {props.error && <ErrorMessage error={props.error} title="Not saved" />}
        </div>
      </form>
    </section>
  );
}
