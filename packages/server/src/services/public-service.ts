/**
 * 绩效公开 — the public view of published evaluations: the list, one evaluation's public page
 * (total, grade, level-1 scores, correction notes) and the source of its public report. It shows
 * only the published revision and nothing of the working record. Who may: every signed-in role
 * (policy `evaluation.readPublic`, scope 已发布) and, when the deployment allows it (config
 * `publicAccess`), the public without an account (policy `ANONYMOUS_ACTIONS`), read-only and
 * rate-limited by address. An evaluation that is not published answers as absent (404), whoever asks.
 */
import type { PublicCorrection, PublicEvaluationList, PublicEvaluationView, PublicIndicatorScore, PublicListQuery } from "@jixiao/api";
import { type Evaluation, type ScoreResult, dec, formatPercent, formatScore, scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import type { Store } from "../db/database.js";
import { forbidden, notFound, rateLimited, unauthenticated, unprocessable } from "../errors.js";
import { type EvaluationFacts, type Principal, can, canAnonymously } from "../policy.js";
import { EvaluationRepository } from "../repositories/evaluation-repository.js";
import { PublicRepository, type StatusEvent } from "../repositories/public-repository.js";
import type { Services } from "./services.js";

/**
 * Requests per minute per address, in a fixed one-minute window. Per process (like the derived
 * cache, not a source of truth): behind a load balancer each instance counts its own share, so
 * the effective limit is the configured one times the number of instances. Bounded: at most
 * `maxAddresses` are remembered (expired windows are dropped first, then the oldest).
 */
export class AddressLimiter {
  readonly #windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => Date,
    private readonly maxAddresses = 50_000,
  ) {}

  /** Take `cost` from the address's allowance: undefined when allowed, else the seconds to wait. */
  take(address: string, cost = 1): number | undefined {
    const now = this.clock().getTime();
    let w = this.#windows.get(address);
    if (!w || now - w.start >= 60_000) {
      if (!w && this.#windows.size >= this.maxAddresses) this.#evict(now);
      w = { start: now, used: 0 };
      this.#windows.delete(address);
      this.#windows.set(address, w);
    }
    if (w.used + cost > this.perMinute) return Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
    w.used += cost;
    return undefined;
  }

  #evict(now: number): void {
    for (const [k, w] of this.#windows) if (now - w.start >= 60_000) this.#windows.delete(k);
    while (this.#windows.size >= this.maxAddresses) this.#windows.delete(this.#windows.keys().next().value!);
  }
}

/** What a public request costs against the address's allowance: a PDF is a LibreOffice run. */
export const PUBLIC_COST = { page: 1, report: 1, pdf: 5 } as const;

/** The published revision of one evaluation: what the public report is rendered from. */
export interface PublishedSource {
  id: string;
  version: number;
  title: string;
  evaluation: Evaluation;
}

const centsText = (c: number | null) => (c === null ? null : formatScore(dec(c).dividedBy(100)));

export class PublicService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly limiter: AddressLimiter,
  ) {}

  /**
   * May `viewer` (null: no account) use the public view at all? For the public, counts the
   * request against its address (`client`) and refuses when over the limit.
   */
  private admit(viewer: Principal | null, client: string, cost: number): void {
    if (viewer) {
      if (!can(viewer, "evaluation.readPublic")) throw forbidden();
      return;
    }
    if (this.s.config.publicAccess !== "anonymous") throw unauthenticated();
    const wait = this.limiter.take(client, cost);
    if (wait !== undefined) throw rateLimited("public-throttled", { n: wait }, wait);
  }

  /** Whether `viewer` may see this evaluation's public view (only a published one, for everyone). */
  private visible(viewer: Principal | null, row: { agency_id: string | null; status: string }): boolean {
    const facts: EvaluationFacts = { organisationPath: [], agencyId: row.agency_id, status: row.status, assignedNodes: [] };
    return viewer ? can(viewer, "evaluation.readPublic", facts) : canAnonymously("evaluation.readPublic", facts);
  }

  async list(viewer: Principal | null, client: string, q: PublicListQuery): Promise<PublicEvaluationList> {
    this.admit(viewer, client, PUBLIC_COST.page);
    const repo = new PublicRepository(this.store.db);
    const { count, rows } = await repo.listPublished({ year: q.year, q: q.q, limit: q.limit, offset: q.offset });
    const events = await repo.statusEvents(
      rows.map((r) => r.id),
      ["evaluation.publish", "evaluation.correct"],
    );
    return {
      count,
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        organisationName: r.organisation_name,
        fiscalYear: r.fiscal_year,
        kind: r.kind,
        total: centsText(r.total_cents),
        grade: r.grade,
        ...published(
          events.filter((e) => e.evaluationId === r.id),
          r.updated_at,
        ),
      })),
    };
  }

  async get(viewer: Principal | null, client: string, id: string): Promise<PublicEvaluationView> {
    const src = await this.source(viewer, client, id, PUBLIC_COST.page);
    const row = (await new EvaluationRepository(this.store.db).head(id))!;
    const events = await new PublicRepository(this.store.db).statusEvents([id], ["evaluation.publish", "evaluation.correct"]);
    const { result } = this.scored(src);
    return {
      id,
      title: row.title,
      organisationName: row.organisation_name,
      fiscalYear: row.fiscal_year,
      kind: row.kind,
      total: result.total !== undefined ? formatScore(result.total) : null,
      grade: result.grade ?? null,
      ...published(events, row.updated_at),
      level1: result.roots.map((n): PublicIndicatorScore => ({
        id: n.id,
        name: n.name,
        points: n.weight.toFixed(),
        score: n.score !== undefined && !n.notApplicable ? formatScore(n.score) : null,
        rate: n.rate !== undefined && !n.notApplicable ? formatPercent(n.rate) : null,
      })),
      corrections: corrections(events),
      reportFormats: ["html", "pdf"],
    };
  }

  /**
   * The published revision of evaluation `id`, if `viewer` may see its public view; not found
   * otherwise (unpublished, archived, absent: the same answer). `cost` counts against the public's allowance.
   */
  async source(viewer: Principal | null, client: string, id: string, cost: number): Promise<PublishedSource> {
    this.admit(viewer, client, cost);
    const repo = new EvaluationRepository(this.store.db);
    const row = await repo.head(id);
    if (!row || !this.visible(viewer, row)) throw notFound("thing/evaluation");
    // While published, the current version is the published revision (edits are refused; a
    // correction is itself a published revision).
    const key = `${row.id}@${row.version}`;
    const cached = this.s.derived.peek<{ evaluation: Evaluation; result: ScoreResult }>(`${key}:scored`);
    if (cached) return { id, version: row.version, title: row.title, evaluation: cached.evaluation };
    const text = await repo.document(row.id, row.version);
    if (text === undefined) throw notFound("thing/evaluation");
    const v = validateEvaluation(JSON.parse(text));
    if (!v.ok) throw unprocessable("invalid-document/report");
    return { id, version: row.version, title: row.title, evaluation: v.evaluation };
  }

  /** Scores of a published revision, memoised like every derived value (same key as the workspace's). */
  scored(src: PublishedSource): { evaluation: Evaluation; result: ScoreResult } {
    return this.s.derived.get(`${src.id}@${src.version}:scored`, () => ({
      evaluation: src.evaluation,
      result: scoreEvaluation(src.evaluation),
    }));
  }
}

/** When it was published and last corrected: from its status changes (the row's time if none is recorded). */
function published(events: readonly StatusEvent[], fallback: string): { publishedAt: string; correctedAt: string | null } {
  const publish = events.filter((e) => e.action === "evaluation.publish").at(-1);
  const corrected = events.filter((e) => e.action === "evaluation.correct").at(-1);
  return { publishedAt: publish?.at ?? fallback, correctedAt: corrected?.at ?? null };
}

/** 更正说明: one per correction (its entries share the time and the reason), oldest first. */
function corrections(events: readonly StatusEvent[]): PublicCorrection[] {
  const out: PublicCorrection[] = [];
  for (const e of events) {
    if (e.action !== "evaluation.correct") continue;
    const last = out.at(-1);
    const reason = e.reason ?? "";
    if (last && last.at === e.at && last.reason === reason) continue;
    out.push({ at: e.at, reason });
  }
  return out;
}
