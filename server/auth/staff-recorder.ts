/**
 * Keeps the staff directory (store/staff.ts) up to date from sign-ins: a person is written when
 * first seen, when their name, email or groups change, or when the record is over a day old — and
 * remembered here in between, so a busy person does not cost a write per request.
 */
import type { StaffMember, StaffStore } from '../../store/index';

const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;
/** Enough for every person of every organisation on one server; the oldest are forgotten first. */
const MAX_REMEMBERED = 20_000;

export type SeenPerson = Omit<StaffMember, 'seenAt'>;

export class StaffRecorder {
  private readonly remembered = new Map<string, { fingerprint: string; writtenAt: number }>();

  constructor(
    private readonly staff: Pick<StaffStore, 'get' | 'upsert'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(orgId: string, person: SeenPerson): Promise<void> {
    const key = `${orgId}\u0000${person.userId}`;
    const fingerprint = JSON.stringify([person.displayName, person.email ?? '', [...person.groups].sort()]);
    const now = this.clock().getTime();
    let known = this.remembered.get(key);
    if (!known) {
      // After a restart, the stored record counts as remembered: no write unless something changed.
      const stored = await this.staff.get(orgId, person.userId);
      if (stored) known = { fingerprint: JSON.stringify([stored.displayName, stored.email ?? '', [...stored.groups].sort()]), writtenAt: Date.parse(stored.seenAt) };
    }
    if (known && known.fingerprint === fingerprint && now - known.writtenAt < REFRESH_AFTER_MS) {
      this.remember(key, known);
      return;
    }
    const member: StaffMember = { userId: person.userId, displayName: person.displayName, ...(person.email ? { email: person.email } : {}), groups: [...person.groups].sort(), seenAt: new Date(now).toISOString() };
    await this.staff.upsert(orgId, member);
    this.remember(key, { fingerprint, writtenAt: now });
  }

  private remember(key: string, entry: { fingerprint: string; writtenAt: number }): void {
    this.remembered.delete(key);
    this.remembered.set(key, entry);
    if (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value as string);
  }
}
