/**
 * Reference numbers handed out from blocks reserved per process. Taking a number from the store's
 * ETag-guarded counter costs a read and a replace, and every create in the organisation and year
 * would queue behind the one before it; instead this process reserves a block (one counter update
 * for BLOCK_SIZE numbers) and hands numbers out from memory. Other processes reserve their own
 * blocks, so numbers are unique across processes but not in time order between them, and the
 * numbers of a block a process never hands out (it stopped or crashed) are gaps — never reused,
 * which the CHP allows (a reference is an identifier, not a count).
 */
export const BLOCK_SIZE = 20;

type Reserve = (orgId: string, year: number, size: number) => Promise<string[]>;

export class ReferenceBlocks {
  private readonly blocks = new Map<string, string[]>();
  private readonly refills = new Map<string, Promise<void>>();

  constructor(
    private readonly reserve: Reserve,
    private readonly size = BLOCK_SIZE,
  ) {}

  /** The next reference of this process's block for the organisation and year; reserves a block when empty. */
  async take(orgId: string, year: number): Promise<string> {
    const key = `${orgId}/${year}`;
    for (;;) {
      const next = this.blocks.get(key)?.shift();
      if (next !== undefined) return next;
      // One refill at a time per key: everyone waiting shares it, then takes in turn.
      let refill = this.refills.get(key);
      if (!refill) {
        refill = this.reserve(orgId, year, this.size)
          .then((references) => void this.blocks.set(key, [...(this.blocks.get(key) ?? []), ...references]))
          .finally(() => this.refills.delete(key));
        this.refills.set(key, refill);
      }
      await refill;
    }
  }

  /** Forgets the rest of the block (a number turned out to be taken, e.g. by an import): they become gaps. */
  discard(orgId: string, year: number): void {
    this.blocks.delete(`${orgId}/${year}`);
  }
}
