/**
 * "Changes to who holds the roles" on the Roles page (administrators): every save of the role
 * assignments in the organisation settings and every `chp org grant` / `revoke`, newest first — who
 * made it, when, where, and each person's or group's roles before and after, in words
 * (GET /api/roles/assignments/history).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { displayDateTime } from '../format';
import { ErrorMessage } from './common';

interface Held {
  roles: string[];
  services: string[];
}
interface AssignmentChange {
  principalId: string;
  kind: 'user' | 'group';
  displayName: string;
  before: Held | null;
  after: Held | null;
}
interface AssignmentsChange {
  id: string;
  at: string;
  displayName: string;
  via: 'settings' | 'cli';
  changes: AssignmentChange[];
}

const VIA_WORDS: Record<AssignmentsChange['via'], string> = { settings: 'in the organisation settings', cli: 'with the chp command line' };

/** One person's or group's change in words, naming roles as the organisation calls them. */
function changeWords(c: AssignmentChange, roleName: (id: string) => string): string {
  const who = `${c.displayName}${c.kind === 'group' ? ' (group)' : ''}`;
  const names = (ids: string[]) => ids.map(roleName).join(', ');
  if (!c.before) return `gave ${who} ${c.after?.roles.length ? names(c.after.roles) : 'no role yet'}`;
  if (!c.after) return `took ${who} off the list${c.before.roles.length ? ` (held ${names(c.before.roles)})` : ''}`;
  const words: string[] = [];
  const given = c.after.roles.filter((r) => !c.before!.roles.includes(r));
  const taken = c.before.roles.filter((r) => !c.after!.roles.includes(r));
  if (given.length) words.push(`gave ${who} ${names(given)}`);
  if (taken.length) words.push(`took ${names(taken)} from ${who}`);
  const sameServices = c.before.services.length === c.after.services.length && c.before.services.every((s) => c.after!.services.includes(s));
  if (!sameServices) words.push(`${who} now works in ${c.after.services.length ? c.after.services.join(', ') : 'no service'}`);
  return words.join('; ');
}

export function RoleAssignmentHistory(props: { api: Api; roles: { id: string; name: string }[] }) {
  const [items, setItems] = useState<AssignmentsChange[] | undefined>();
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    props.api.request<{ items: AssignmentsChange[] }>('GET', '/roles/assignments/history?limit=20').then((r) => setItems(r.items), setError);
  }, []);
  const roleName = (id: string) => props.roles.find((r) => r.id === id)?.name ?? id;
  return (
    <>
      <h4 id="roles-assignment-history">Changes to who holds the roles</h4>
      {error ? (
        <ErrorMessage error={error} title="The changes to who holds the roles could not be loaded" />
      ) : !items ? (
        <p class="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p class="muted">No change yet.</p>
      ) : (
        <ul aria-labelledby="roles-assignment-history">
          {items.map((c) => (
            <li key={c.id}>
              {displayDateTime(c.at)}, {c.displayName} {VIA_WORDS[c.via]}: {c.changes.map((one) => changeWords(one, roleName)).join('; ')}.
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
