/**
 * A short-lived cache of organisation records: every request needs its organisation's roles and
 * calendar, and reading them from the store each time would double the store traffic. Changes made
 * through this process invalidate it at once; changes made elsewhere show within `ttlMs`.
 */
import type { OrgRecord, Store } from '../../store/index';

export class OrgDirectory {
  private cached?: { at: number; orgs: Promise<OrgRecord[]> };

  constructor(
    private readonly store: Pick<Store, 'orgs'>,
    readonly ttlMs = 10_000,
  ) {}

  async all(): Promise<OrgRecord[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const orgs = this.store.orgs.list();
      this.cached = { at: now, orgs };
      orgs.catch(() => {
        if (this.cached?.orgs === orgs) this.cached = undefined;
      });
    }
    return this.cached.orgs;
  }

  /**
   * The records, read again if the cached copy is older than `maxAgeMs`: for a sign-in whose tenant
   * has no organisation yet, so an organisation just created with `chp org create` is found at once
   * rather than after the cache time (at most one store read per `maxAgeMs`).
   */
  async fresh(maxAgeMs: number): Promise<OrgRecord[]> {
    if (this.cached && Date.now() - this.cached.at > maxAgeMs) this.invalidate();
    return this.all();
  }

  async get(orgId: string): Promise<OrgRecord | undefined> {
    return (await this.all()).find((o) => o.settings.orgId === orgId);
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
