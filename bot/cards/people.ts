/** People as cards show them: the org's staff list (its role assignments). */
export interface Person {
  userId: string;
  displayName: string;
}

/** Choice-set entries for a staff list, sorted by name. */
export function staffChoices(staff: readonly Person[]): { title: string; value: string }[] {
  return [...staff]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((p) => ({ title: p.displayName, value: p.userId }));
}

export function displayNameOf(staff: readonly Person[], userId: string | undefined, fallback = 'Unassigned'): string {
  if (!userId) return fallback;
  return staff.find((p) => p.userId === userId)?.displayName ?? userId;
}
