/**
 * Each organisation's lineage (itself and its ancestors with their kinds, nearest first), kept
 * per process. Safe to keep because organisations are only ever inserted — no code path updates
 * or deletes a row of `organisations` (OrganisationRepository has `insert` and nothing else that
 * writes), so an existing organisation's parent, and therefore its lineage, never changes. Only
 * lineages of organisations that exist are kept (an unknown id is asked again next time), and an
 * insert forgets the new id all the same. Several server instances each keep their own: one that
 * has not seen an insert simply reads the new organisation from the database.
 * Every access decision about an evaluation needs its organisation's lineage (policy facts), so
 * this saves one recursive query on every such request. Created in the composition root (app.ts).
 */
export type Lineage = ReadonlyArray<{ readonly id: string; readonly kind: string }>;

export class LineageCache {
  private readonly entries = new Map<string, Lineage>();

  constructor(private readonly limit = 20_000) {}

  get(id: string): Lineage | undefined {
    return this.entries.get(id);
  }

  /** Remember a lineage read from the database; an empty one (no such organisation) is never kept. */
  set(id: string, lineage: Lineage): void {
    if (lineage.length === 0) return;
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(id, Object.freeze(lineage.map((o) => Object.freeze({ id: o.id, kind: o.kind }))));
  }

  /** An organisation was inserted: forget anything kept under its id. */
  forget(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
