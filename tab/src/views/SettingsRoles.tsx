/**
 * Who has which role: people or Entra groups (a group's members get its roles when they sign in),
 * found through the directory (Microsoft Graph on the administrator's behalf; the demo staff with
 * development sign-in). The API keeps at least one administrator and refuses unknown services.
 */
import { useEffect, useState } from 'preact/hooks';
import { ROLES } from '../../../core/types';
import type { Api, DirectoryEntry, Me, OrgServices, RoleAssignment } from '../api';
import { roleLabel } from '../format';
import { ErrorMessage } from './common';
import { SettingsSection, useSave } from './SettingsSection';

/** Roles whose cases are limited to the services they work in (the others see by role). */
const SERVICE_ROLES = new Set(['complaint-handler', 'investigator', 'head-of-service', 'cswo']);

interface RoleChoice {
  id: string;
  name: string;
  caseScope?: string;
}
const DEFAULT_ROLES: RoleChoice[] = ROLES.map((id) => ({ id, name: roleLabel(id) }));

/** The organisation's roles (its own definitions, #/roles), or the default roles until they load. */
function useRoleChoices(api: Api): RoleChoice[] {
  const [roles, setRoles] = useState<RoleChoice[]>(DEFAULT_ROLES);
  useEffect(() => {
    api.request<{ roleDefinitions: RoleChoice[] }>('GET', '/roles').then(
      (r) => setRoles(r.roleDefinitions),
      () => undefined, // keep the default list; saving still checks the roles
    );
  }, []);
  return roles;
}

function Search(props: { api: Api; known: Set<string>; onAdd: (entry: DirectoryEntry) => void }) {
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ source: string; items: DirectoryEntry[] } | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  async function find() {
    setBusy(true);
    setError(undefined);
    try {
      setFound(await props.api.findInDirectory(kind, text));
    } catch (e) {
      setFound(undefined);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="directory-search" role="search" aria-label="Find people and groups">
      <fieldset class="segmented-choice">
        <legend>Give a role to</legend>
        <label>
          <input type="radio" name="directory-kind" checked={kind === 'user'} onChange={() => setKind('user')} /> A person
        </label>
        <label>
          <input type="radio" name="directory-kind" checked={kind === 'group'} onChange={() => setKind('group')} /> An Entra group
        </label>
      </fieldset>
      <div class="add-row">
        <div class="field">
          <label for="directory-text">{kind === 'user' ? 'Name of the person' : 'Name of the group'}</label>
          <input
            id="directory-text"
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void find();
              }
            }}
          />
        </div>
        <button type="button" class="button" disabled={busy} onClick={() => void find()}>
          {busy ? 'Finding…' : 'Find'}
        </button>
      </div>
      <div aria-live="polite">
        {error && <ErrorMessage error={error} title="Could not search" />}
        {found && (
          <>
            <p class="muted">
              {found.items.length === 0 ? 'Nobody found by that name.' : `${found.items.length} found`}
              {found.source === 'demo' ? ' among the demo staff (development sign-in).' : ' in your organisation’s directory.'}
            </p>
            <ul class="settings-list" aria-label="Found">
              {found.items.map((entry) => (
                <li key={entry.id}>
                  <span>
                    {entry.displayName}
                    {entry.detail && <span class="muted"> — {entry.detail}</span>}
                  </span>
                  {props.known.has(entry.id) ? (
                    <span class="muted">Already listed</span>
                  ) : (
                    <button type="button" class="button" aria-label={`Add ${entry.displayName}`} onClick={() => props.onAdd(entry)}>
                      Add
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

function AssignmentRow(props: { index: number; value: RoleAssignment; services: string[]; roles: RoleChoice[]; onChange: (v: RoleAssignment) => void; onRemove: () => void }) {
  const { value: a, index } = props;
  const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  const limited = a.roles.some((r) => SERVICE_ROLES.has(r) || props.roles.some((d) => d.id === r && (d.caseScope === 'services' || d.caseScope === 'own')));
  const who = `${a.displayName}${a.kind === 'group' ? ' (group)' : ''}`;
  return (
    <li class="assignment">
      <fieldset>
        <legend>
          {who}
          {a.roles.length === 0 && <span class="tag">no role yet</span>}
        </legend>
        <div class="checks" role="group" aria-label={`Roles of ${who}`}>
          {props.roles.map((role) => (
            <label key={role.id} class="check">
              <input type="checkbox" checked={a.roles.includes(role.id)} onChange={() => props.onChange({ ...a, roles: toggle(a.roles, role.id) })} /> {role.name}
            </label>
          ))}
        </div>
        {limited && (
          <details>
            <summary>Services: {a.services.length ? a.services.join(', ') : 'none chosen'}</summary>
            <div class="checks" role="group" aria-label={`Services of ${who}`}>
              {props.services.map((service) => (
                <label key={service} class="check">
                  <input type="checkbox" checked={a.services.includes(service)} onChange={() => props.onChange({ ...a, services: toggle(a.services, service) })} /> {service}
                </label>
              ))}
            </div>
          </details>
        )}
        <button type="button" class="button subtle" id={`assignment-remove-${index}`} aria-label={`Remove ${who}`} onClick={props.onRemove}>
          Remove
        </button>
      </fieldset>
    </li>
  );
}

export function RolesEditor(props: { api: Api; me: Me; value: RoleAssignment[]; services: OrgServices; onSaved: (v: { roleAssignments: RoleAssignment[] }) => void }) {
  const [rows, setRows] = useState<RoleAssignment[]>(props.value);
  const s = useSave<{ roleAssignments: RoleAssignment[] }>(props.api, 'role-assignments', (saved) => (setRows(saved.roleAssignments), props.onSaved(saved)));
  const change = (next: RoleAssignment[]) => (s.touched(), setRows(next));
  const serviceChoices = [...props.services.services, ...props.services.retiredServices];
  const roleChoices = useRoleChoices(props.api);
  return (
    <SettingsSection
      id="settings-roles"
      title="Roles"
      purpose={
        <>
          <p>
            Part 4 of the procedure sets out who does what: staff handle and record complaints at the frontline; investigators manage investigations; heads of service and senior managers authorise extensions and sign off decisions; the
            complaints manager is the SPSO liaison officer; the training officer keeps the training records; the Chief Social Work Officer follows social work complaints; the board or committee receives the reports.
          </p>
          <p>
            What each role may do, and the roles themselves, are set under <a href="#/roles">Roles and responsibilities</a>, which also lists every change to who holds the roles (made here or with the command line), with who made it and when.
          </p>
          <p>Give roles to a person, or to an Entra group so that its members get them when they sign in. For handlers, investigators and heads of service, the services say whose cases they work on.</p>
        </>
      }
      saving={s.saving}
      saved={s.saved}
      error={s.error}
      submit="Save roles"
      onSubmit={() => void s.save({ roleAssignments: rows.map(({ principalId, roles, services, displayName, kind }) => ({ principalId, roles, services, displayName, ...(kind ? { kind } : {}) })) })}
    >
      <ul class="assignments" aria-label="Role assignments">
        {rows.map((a, i) => (
          <AssignmentRow
            key={a.principalId}
            index={i}
            value={a}
            services={serviceChoices}
            roles={roleChoices}
            onChange={(v) => change(rows.map((r, j) => (j === i ? v : r)))}
            onRemove={() => change(rows.filter((_, j) => j !== i))}
          />
        ))}
      </ul>
      <Search
        api={props.api}
        known={new Set(rows.map((r) => r.principalId))}
        onAdd={(entry) => change([...rows, { principalId: entry.id, displayName: entry.displayName, roles: [], services: [], kind: entry.kind }])}
      />
    </SettingsSection>
  );
}
