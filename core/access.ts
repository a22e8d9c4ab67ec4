/**
 * What a signed-in person without a role is told, everywhere (tab, bot, add-in, every refused API
 * call): which organisation they reached, that they have no role in its complaints handling yet, and
 * who can give them one. Pure; the adapters show the same sentence.
 */

export interface NoRoleNotice {
  orgName: string;
  /** The names of the people and groups holding the administrator role. */
  administrators: string[];
  /** How to reach them, as the administrator wrote it in the organisation settings. */
  contact?: string;
  /** The whole message in one paragraph. */
  message: string;
}

const listInWords = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;

export function noRoleNotice(orgName: string, administrators: readonly string[], contact?: string): NoRoleNotice {
  const shown = administrators.slice(0, 5);
  const who = shown.length > 0 ? `ask an administrator — ${listInWords(shown)} — to give you one` : 'ask your complaints administrator to give you one';
  const reach = contact ? ` Contact: ${contact}` : '';
  return {
    orgName,
    administrators: [...administrators],
    ...(contact ? { contact } : {}),
    message: `You are signed in, but you have no role in ${orgName}'s complaints handling yet: ${who}.${reach}`,
  };
}

/** A role as the organisation defines it (core/roles.ts): its name and what it is for, in the organisation's words. */
export interface RoleInWords {
  name: string;
  description: string;
}

/**
 * What someone whose roles do not include logging (`case.create`) is told: their roles by the names
 * the organisation gave them, that logging is not part of them, and whom to ask — the same
 * administrators and contact as someone with no role.
 */
export interface CannotLogNotice {
  roles: RoleInWords[];
  administrators: string[];
  contact?: string;
  message: string;
}

const allInWords = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export function cannotLogNotice(orgName: string, roles: readonly RoleInWords[], administrators: readonly string[], contact?: string): CannotLogNotice {
  const names = roles.map((r) => r.name);
  const yours = names.length === 1 ? `Your role in ${orgName}, ${names[0]}, does` : `Your roles in ${orgName} — ${allInWords(names)} — do`;
  const shown = administrators.slice(0, 5);
  const who = shown.length > 0 ? `ask an administrator — ${listInWords(shown)} — to add it to your role` : 'ask your complaints administrator to add it to your role';
  const reach = contact ? ` Contact: ${contact}` : '';
  return {
    roles: roles.map((r) => ({ ...r })),
    administrators: [...administrators],
    ...(contact ? { contact } : {}),
    message: `${yours} not include logging complaints, compliments or comments. If your work needs it, ${who}.${reach}`,
  };
}

/** For a Microsoft 365 organisation with no organisation set up in this service at all. */
export const NOT_SET_UP_MESSAGE =
  'Your Microsoft 365 organisation is not set up in the complaints service yet. Tell your IT team: an administrator of the service must create the organisation for your Microsoft 365 tenant (chp org create) and name its first administrator; then sign in again.';
