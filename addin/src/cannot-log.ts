/**
 * Signed in with a role, but one that does not include logging: the person's roles by the names and
 * descriptions their organisation gave them, that logging is not part of them, and whom to ask. Not an
 * error (nothing failed) and no "Try again": only a change to their role would help, and the pane says
 * how soon such a change reaches it.
 */
import type { CannotLogNotice } from './api';
import { h, show } from './dom';
import { readableText } from '../../core/labels';

export function showCannotLog(root: HTMLElement, notice: CannotLogNotice, takesEffectWithinSeconds: number): void {
  const single = notice.roles.length === 1;
  show(root,
    h('h1', {}, 'Logging is not part of your role'),
    h('p', { id: 'cannot-log-message' }, readableText(notice.message)),
    h('h2', {}, single ? 'Your role' : 'Your roles'),
    h('dl', { class: 'roles', id: 'cannot-log-roles' },
      ...notice.roles.flatMap((role) => [h('dt', {}, role.name), role.description ? h('dd', {}, readableText(role.description)) : null])),
    notice.administrators.length > 0
      ? h('div', {}, h('h2', {}, 'Administrators'), h('ul', { id: 'cannot-log-administrators' }, ...notice.administrators.map((name) => h('li', {}, name))))
      : null,
    h('p', { class: 'hint' },
      `Once your role includes logging, close the pane and open it again to log this email (a change to the roles reaches the pane within ${secondsInWords(takesEffectWithinSeconds)}).`));
}

const secondsInWords = (seconds: number): string => (seconds <= 1 ? 'a second' : seconds < 120 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`);
