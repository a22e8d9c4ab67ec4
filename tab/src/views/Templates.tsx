/**
 * Letter and email templates (`#/templates`, complaints manager): the organisation's own wording for
 * each kind of response, the SPSO's contact details and how to ask for stage 2 (merged into letters),
 * and the shared mailbox emails are sent from. Merge fields are listed; an unknown one is refused on save.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import { ErrorMessage, Section } from './common';

interface Settings {
  templates: Record<string, { subject: string; body: string }>;
  spsoContact: string;
  stage2HowToAsk: string;
  sharedMailbox?: string;
}
interface TemplatesAnswer { settings: Settings; fields: Record<string, string>; kinds: Record<string, string> }

export function Templates(props: { api: Api }) {
  const [answer, setAnswer] = useState<TemplatesAnswer | undefined>();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState('');
  useEffect(() => {
    props.api.request<TemplatesAnswer>('GET', '/correspondence/templates').then((a) => { setAnswer(a); setSettings(a.settings); }).catch((e: Error) => setError(e));
  }, [props.api]);
  if (!answer || !settings) return error ? <ErrorMessage error={error} /> : <p class="muted">Loading templates…</p>;

  const setTemplate = (kind: string, part: 'subject' | 'body', value: string) =>
    setSettings({ ...settings, templates: { ...settings.templates, [kind]: { ...settings.templates[kind], [part]: value } } });
  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved('');
    setFieldErrors({});
    try {
      const body = { ...settings, sharedMailbox: settings.sharedMailbox?.trim() || undefined };
      await props.api.request('PUT', '/correspondence/templates', body);
      setSaved('Templates saved. New drafts use them; letters already drafted keep their text.');
    } catch (err) {
      setError(err as Error);
      const problems = err instanceof ApiError ? err.fields : [];
      setFieldErrors(Object.fromEntries(problems.map((p) => [p.field.replace(/^body\./, ''), p.message])));
    }
  };
  const problem = (field: string) => fieldErrors[field] && <p class="field-error" id={`${field}-error`}>{fieldErrors[field]}</p>;

  return (
    <form onSubmit={save} class="templates">
      <h2>Letter and email templates</h2>
      <p>Your organisation’s own wording. Merge fields in double braces, such as <code>{'{{reference}}'}</code>, are filled in from the case; <code>[[…]]</code> marks what the writer must complete before sending.</p>
      <details>
        <summary>Merge fields you can use</summary>
        <dl class="facts">
          {Object.entries(answer.fields).map(([name, words]) => <div key={name}><dt><code>{`{{${name}}}`}</code></dt><dd>{words}</dd></div>)}
        </dl>
      </details>
      {Object.entries(answer.kinds).map(([kind, words]) => (
        <Section key={kind} title={words} id={`template-${kind}-title`}>
          <label for={`t-${kind}-subject`}>Subject</label>
          <input id={`t-${kind}-subject`} type="text" value={settings.templates[kind]?.subject ?? ''} aria-invalid={Boolean(fieldErrors[`templates.${kind}.subject`])} onInput={(e) => setTemplate(kind, 'subject', (e.target as HTMLInputElement).value)} />
          {problem(`templates.${kind}.subject`)}
          <label for={`t-${kind}-body`}>Text</label>
          <textarea id={`t-${kind}-body`} rows={12} value={settings.templates[kind]?.body ?? ''} aria-invalid={Boolean(fieldErrors[`templates.${kind}.body`])} onInput={(e) => setTemplate(kind, 'body', (e.target as HTMLTextAreaElement).value)} />
          {problem(`templates.${kind}.body`)}
        </Section>
      ))}
      <Section title="Text merged into letters" id="template-blocks-title">
        <label for="t-spso">The SPSO’s contact details (<code>{'{{spsoContact}}'}</code>) — keep them as the SPSO publishes them</label>
        <textarea id="t-spso" rows={5} value={settings.spsoContact} onInput={(e) => setSettings({ ...settings, spsoContact: (e.target as HTMLTextAreaElement).value })} />
        {problem('spsoContact')}
        <label for="t-stage2">How to ask for stage 2 (<code>{'{{stage2HowToAsk}}'}</code>)</label>
        <textarea id="t-stage2" rows={3} value={settings.stage2HowToAsk} onInput={(e) => setSettings({ ...settings, stage2HowToAsk: (e.target as HTMLTextAreaElement).value })} />
        {problem('stage2HowToAsk')}
        <label for="t-mailbox">Shared complaints mailbox emails are sent from (leave empty to send from the writer’s own)</label>
        <input id="t-mailbox" type="email" value={settings.sharedMailbox ?? ''} onInput={(e) => setSettings({ ...settings, sharedMailbox: (e.target as HTMLInputElement).value })} />
        {problem('sharedMailbox')}
      </Section>
      {error && <ErrorMessage error={error} title="Not saved" />}
      {saved && <p class="message success" role="status">{saved}</p>}
      <button type="submit" class="button">Save templates</button>
    </form>
  );
}
