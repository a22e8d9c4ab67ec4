/**
 * "Roles and responsibilities" (#/roles). Every member of staff sees the statement the organisation's
 * role definitions make (GET /api/roles/statement), with HTML and PDF copies for the published
 * procedure. Administrators also edit the definitions here: rename roles, add roles, choose which
 * permissions each holds (each with the sentence saying what it allows), its case scope and sight of
 * social-work cases, or start again from a preset. The API checks the procedure's guard rails on every
 * save; a refusal lists each reason. Loaded on demand (its own chunk).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api, type Me } from '../api';
import { displayDateTime } from '../format';
import { ErrorMessage } from './common';
import { RoleAssignmentHistory } from './RoleAssignmentHistory';

type CaseScopeKind = 'all' | 'services' | 'own' | 'none';
export interface RoleDefinition {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  caseScope: CaseScopeKind;
  socialWork: boolean;
}
interface RolesAnswer {
  roleDefinitions: RoleDefinition[];
  own: boolean;
  permissions: { id: string; sentence: string }[];
  caseScopes: { id: CaseScopeKind; words: string }[];
  presets: { id: string; name: string }[];
  defaultRoleDefinitions: RoleDefinition[];
  takesEffectWithinSeconds: number;
}
interface Change {
  at: string;
  displayName: string;
  before: RoleDefinition[] | null;
  after: RoleDefinition[];
  preset?: string;
}
interface Statement {
  orgName: string;
  asOf: string;
  roles: (RoleDefinition & { sentences: string[]; caseScopeWords: string })[];
}

/** The stated delay before every server applies a change (the organisation cache time; 0 when there is none). */
const delayWords = (seconds: number) => (seconds <= 0 ? 'at once' : `within ${seconds} second${seconds === 1 ? '' : 's'}`);

const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
const idFromName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, 'r-$1')
    .slice(0, 48);

/** What changed, in a line: roles added, removed, renamed or given other permissions. */
function changeWords(c: Change, defaults: RoleDefinition[]): string {
  if (c.preset) return `Started from the preset "${c.preset}".`;
  const before = new Map((c.before ?? defaults).map((d) => [d.id, d]));
  const words: string[] = [];
  for (const d of c.after) {
    const old = before.get(d.id);
    if (!old) words.push(`added ${d.name}`);
    else {
      if (old.name !== d.name) words.push(`renamed ${old.name} to ${d.name}`);
      const added = d.permissions.filter((p) => !old.permissions.includes(p));
      const removed = old.permissions.filter((p) => !d.permissions.includes(p));
      if (added.length) words.push(`${d.name} may now ${added.join(', ')}`);
      if (removed.length) words.push(`${d.name} no longer ${removed.join(', ')}`);
      if (old.caseScope !== d.caseScope || old.socialWork !== d.socialWork) words.push(`${d.name}'s cases changed`);
    }
    before.delete(d.id);
  }
  for (const gone of before.values()) words.push(`removed ${gone.name}`);
  return words.length ? `${words.join('; ')}.` : 'Saved with no change.';
}

function RoleEditor(props: { def: RoleDefinition; data: RolesAnswer; onChange: (d: RoleDefinition) => void; onRemove: () => void }) {
  const { def } = props;
  const key = `role-${def.id}`;
  return (
    <li>
      <details class="role-definition">
        <summary>
          {def.name} <span class="muted">({def.permissions.length} {def.permissions.length === 1 ? 'permission' : 'permissions'})</span>
        </summary>
        <fieldset>
          <legend>{def.name}</legend>
          <div class="form-grid">
            <label class="field" for={`${key}-name`}>
              <span>Name</span>
              <input id={`${key}-name`} value={def.name} maxLength={80} onInput={(e) => props.onChange({ ...def, name: e.currentTarget.value })} />
            </label>
            <label class="field" for={`${key}-scope`}>
              <span>Cases they work with</span>
              <select id={`${key}-scope`} value={def.caseScope} onChange={(e) => props.onChange({ ...def, caseScope: e.currentTarget.value as CaseScopeKind })}>
                {props.data.caseScopes.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.words}
                  </option>
                ))}
              </select>
            </label>
            <label class="field wide" for={`${key}-description`}>
              <span>What the role is responsible for</span>
              <textarea id={`${key}-description`} rows={3} maxLength={1000} value={def.description} onInput={(e) => props.onChange({ ...def, description: e.currentTarget.value })} />
            </label>
          </div>
          <label class="check">
            <input type="checkbox" checked={def.socialWork} onChange={() => props.onChange({ ...def, socialWork: !def.socialWork })} /> Sees social-work cases
          </label>
          <div class="checks role-permissions" role="group" aria-label={`Permissions of ${def.name}`}>
            {props.data.permissions.map((p) => (
              <label key={p.id} class="check">
                <input type="checkbox" checked={def.permissions.includes(p.id)} onChange={() => props.onChange({ ...def, permissions: toggle(def.permissions, p.id) })} /> {p.sentence}{' '}
                <code class="muted">{p.id}</code>
              </label>
            ))}
          </div>
          <button type="button" class="button subtle" onClick={props.onRemove}>
            Remove the role {def.name}
          </button>
        </fieldset>
      </details>
    </li>
  );
}

function DefinitionsAdmin(props: { api: Api; onSaved: () => void }) {
  const { api } = props;
  const [data, setData] = useState<RolesAnswer | undefined>();
  const [draft, setDraft] = useState<RoleDefinition[]>([]);
  const [history, setHistory] = useState<Change[]>([]);
  const [loadError, setLoadError] = useState<Error | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [newName, setNewName] = useState('');
  const [preset, setPreset] = useState('council');

  async function load() {
    try {
      const [roles, changes] = await Promise.all([api.request<RolesAnswer>('GET', '/roles'), api.request<{ items: Change[] }>('GET', '/roles/history?limit=20')]);
      setData(roles);
      setDraft(roles.roleDefinitions);
      setHistory(changes.items);
    } catch (e) {
      setLoadError(e as Error);
    }
  }
  useEffect(() => void load(), []);

  async function save(body: unknown, words: string) {
    setSaving(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const answer = await api.request<{ roleDefinitions: RoleDefinition[]; takesEffectWithinSeconds: number }>('PUT', '/roles', body);
      setSaved(`${words} Everyone’s buttons follow ${delayWords(answer.takesEffectWithinSeconds)}.`);
      await load();
      props.onSaved();
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  }

  if (loadError) return <ErrorMessage error={loadError} title="The role definitions could not be loaded" />;
  if (!data) return <p class="muted">Loading the role definitions…</p>;
  const reasons = error instanceof ApiError ? error.fields.filter((f) => f.field === 'roleDefinitions').map((f) => f.message) : [];
  const addRole = () => {
    const name = newName.trim();
    if (!name) return;
    setDraft([...draft, { id: idFromName(name) || 'role', name, description: `${name}.`, permissions: [], caseScope: 'none', socialWork: false }]);
    setNewName('');
  };
  return (
    <section class="card" aria-labelledby="roles-edit">
      <div class="card-head">
        <h3 id="roles-edit">Edit the roles</h3>
      </div>
      <div class="purpose">
        <p>
          The model procedure gives example roles and asks each organisation to amend them to suit itself, keeping a clear description for every level. {data.own ? 'These are your organisation’s roles.' : 'Your organisation uses the product’s default roles; saving makes them your own.'} Changes reach every server {delayWords(data.takesEffectWithinSeconds)} and are recorded with who made them.
        </p>
        <p>Whatever you choose, the procedure’s rules hold: someone can sign off stage 2 for every service; nobody signs off their own draft; the Chief Social Work Officer keeps sight of social-work cases; administrators see no case without a case role; at least one administrator remains.</p>
      </div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save({ roleDefinitions: draft }, 'Roles saved.');
        }}
      >
        <ul class="role-list">
          {draft.map((d, i) => (
            <RoleEditor key={`${d.id}-${i}`} def={d} data={data} onChange={(next) => setDraft(draft.map((x, j) => (j === i ? next : x)))} onRemove={() => setDraft(draft.filter((_, j) => j !== i))} />
          ))}
        </ul>
        <div class="form-grid">
          <label class="field" for="role-new-name">
            <span>Add a role (e.g. SPSO liaison officer)</span>
            <input id="role-new-name" value={newName} maxLength={80} onInput={(e) => setNewName(e.currentTarget.value)} />
          </label>
        </div>
        <div class="buttons">
          <button type="button" class="button" onClick={addRole}>
            Add role
          </button>
          <button type="submit" class="button primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save roles'}
          </button>
        </div>
        <div aria-live="polite">
          {saved && <p class="message success">{saved}</p>}
          {error && (
            <div class="message error" role="alert">
              <strong>Not saved.</strong>
              {reasons.length > 0 ? (
                <ul>
                  {reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : (
                ` ${error.message}`
              )}
            </div>
          )}
        </div>
      </form>
      <form
        noValidate
        class="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ preset }, 'Roles replaced by the preset.');
        }}
      >
        <label class="field" for="role-preset">
          <span>Start again from a preset</span>
          <select id="role-preset" value={preset} onChange={(e) => setPreset(e.currentTarget.value)}>
            {data.presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div class="buttons">
          <button type="submit" class="button" disabled={saving}>
            Use this preset
          </button>
        </div>
      </form>
      <h4 id="roles-history">Changes to the roles</h4>
      {history.length === 0 ? (
        <p class="muted">No change yet.</p>
      ) : (
        <ul aria-labelledby="roles-history">
          {history.map((c) => (
            <li key={c.at + c.displayName}>
              {displayDateTime(c.at)}, {c.displayName}: {changeWords(c, data.defaultRoleDefinitions)}
            </li>
          ))}
        </ul>
      )}
      <RoleAssignmentHistory api={api} roles={data.roleDefinitions} />
    </section>
  );
}

function StatementView(props: { api: Api; version: number }) {
  const [statement, setStatement] = useState<Statement | undefined>();
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    props.api.request<Statement>('GET', '/roles/statement?format=json').then(setStatement, setError);
  }, [props.version]);
  async function download(format: 'pdf' | 'html') {
    try {
      const file = await props.api.download(`/roles/statement?format=${format}`);
      const url = URL.createObjectURL(file.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = `roles-and-responsibilities.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(e as Error);
    }
  }
  if (error) return <ErrorMessage error={error} title="The statement could not be loaded" />;
  if (!statement) return <p class="muted">Loading the roles…</p>;
  return (
    <section class="card" aria-labelledby="roles-statement">
      <div class="card-head">
        <h3 id="roles-statement">Who does what in our complaints procedure</h3>
        <div class="buttons">
          <button type="button" class="button" onClick={() => void download('pdf')}>
            Download PDF
          </button>
          <button type="button" class="button" onClick={() => void download('html')}>
            Download HTML
          </button>
        </div>
      </div>
      <p>
        {statement.orgName}, as at {statement.asOf}. All staff can take and record a complaint at the frontline; a stage 2 final position is signed off by an appropriate manager, never by the person who drafted it.
      </p>
      {statement.roles.map((r) => (
        <div key={r.id} class="role-statement">
          <h4>{r.name}</h4>
          <p>{r.description}</p>
          <p class="muted">Cases: {r.permissions.some((p) => p.startsWith('case.')) ? r.caseScopeWords : 'none'}{r.socialWork ? ', and social work complaints' : ''}.</p>
          {r.sentences.length > 0 && (
            <ul>
              {r.sentences.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

export function RoleDefinitions(props: { api: Api; me: Me }) {
  const [version, setVersion] = useState(0);
  const administers = props.me.permissions.includes('settings.manage');
  return (
    <div class="roles-page">
      <h2>Roles and responsibilities</h2>
      {administers && <DefinitionsAdmin api={props.api} onSaved={() => setVersion(version + 1)} />}
      <StatementView api={props.api} version={version} />
    </div>
  );
}
