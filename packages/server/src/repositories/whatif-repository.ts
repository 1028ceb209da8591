/** What the portfolio what-if reads: the current documents of a set of evaluations. */
import type { Db } from "../db/database.js";

const CHUNK = 500;

export class WhatIfRepository {
  constructor(private readonly db: Db) {}

  /** id, version and current document of each id (in chunks, so a region's portfolio is a few queries). */
  async documents(ids: readonly string[]): Promise<Array<{ id: string; version: number; document: string }>> {
    const out: Array<{ id: string; version: number; document: string }> = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      out.push(...(await this.db.selectFrom("evaluations").select(["id", "version", "document"]).where("id", "in", part).execute()));
    }
    return out;
  }
}
