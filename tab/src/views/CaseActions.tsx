/**
 * The actions on a case as the procedure lays them out (core/next-step.ts, served with
 * available-actions): the next step as the one primary button, everyday actions beside it, rare or
 * irreversible ones under "More" (their form asks for confirmation before sending), and why a step the
 * stage needs is not offered to this person. The layout is the core's; this only renders it.
 */
import type { ActionPlan } from '../api';
import { ACTION_FORMS } from '../actions';
import type { IconName } from '../icons';
import { Icon } from '../icons';
import { Button, MoreMenu } from './Button';

const ACTION_ICONS: Record<string, IconName> = {
  assign: 'assign',
  extend: 'extend',
  acknowledge: 'acknowledge',
  'close-stage1': 'close',
  escalate: 'escalate',
  'request-signoff': 'send',
  'approve-signoff': 'approve',
  'return-signoff': 'return',
  'close-stage2': 'close',
  withdraw: 'withdraw',
  'mark-not-a-complaint': 'notComplaint',
  'record-root-cause': 'rootCause',
  'refer-to-spso': 'spso',
  'record-spso-decision': 'spso',
  'record-spso-recommendation-implemented': 'spso',
  'set-legal-hold': 'lock',
  'release-legal-hold': 'unlock',
  'record-quote-consent': 'quote',
};

export function CaseActions(props: { plan: ActionPlan | undefined; offered: string[]; open: string | undefined; onOpen: (type: string | undefined) => void }) {
  const { plan, offered, open } = props;
  const shown = (type: string | undefined): type is string => !!type && offered.includes(type);
  const next = shown(plan?.next) ? plan?.next : undefined;
  const everyday = (plan?.everyday ?? []).filter(shown);
  const more = (plan?.more ?? []).filter((m) => shown(m.action));
  const notOffered = plan?.notOffered ?? [];
  const toggle = (type: string) => props.onOpen(open === type ? undefined : type);
  const button = (type: string, appearance: 'primary' | 'secondary') => (
    <Button
      key={type}
      appearance={appearance}
      icon={ACTION_ICONS[type]}
      class={open === type ? 'selected' : undefined}
      aria-expanded={open === type}
      aria-controls={open === type ? `action-${type}` : undefined}
      data-action={type}
      onClick={() => toggle(type)}
    >
      {ACTION_FORMS[type].label}
    </Button>
  );
  return (
    <>
      {offered.length === 0 ? (
        <p class="muted">There is nothing you can do on this case now.</p>
      ) : (
        <div class="action-list" role="group" aria-labelledby="actions-title">
          {next && button(next, 'primary')}
          {everyday.map((type) => button(type, 'secondary'))}
          {more.length > 0 && (
            <MoreMenu items={more.map((m) => ({ key: m.action, label: ACTION_FORMS[m.action].label, icon: ACTION_ICONS[m.action], onSelect: () => props.onOpen(m.action) }))} />
          )}
        </div>
      )}
      {notOffered.length > 0 && (
        <div class="not-offered">
          <h4 id="not-offered-title">Not offered to you</h4>
          <ul aria-labelledby="not-offered-title">
            {notOffered.map((n) => (
              <li key={n.action} data-not-offered={n.action}>
                <Icon name="info" />
                <span>
                  <strong>{ACTION_FORMS[n.action]?.label ?? n.action}:</strong> {n.reason}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
