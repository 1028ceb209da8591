/**
 * The HTTP client of the web app. Every request and response type comes from @jixiao/api (the
 * one typed contract shared with the server, the CLI and tests); responses that the UI relies
 * on are parsed with the same zod schemas, so a contract drift fails loudly here.
 */
import {
  API_PREFIX,
  ApiError,
  AuditEntryView,
  EvaluationDetail,
  EvaluationSummary,
  ImportTablesView,
  OrganisationView,
  PortfolioView,
  RevisionView,
  SessionView,
  TemplateView,
  type Bilingual,
  type CreateEvaluationRequest,
  type DiffEntry,
  type ImportFileRequest,
  type ListEvaluationsQuery,
  type LoginRequest,
  type TransitionRequest,
  type UpdateEvaluationRequest,
} from "@jixiao/api";
import type * as z from "zod";

type In<S extends z.ZodType> = z.input<S>;
export type Revision = ReturnType<typeof RevisionView.parse>;
export type ListQuery = In<typeof ListEvaluationsQuery>;
export type AuditEntry = z.output<typeof AuditEntryView>;

/** A failed request: the API's bilingual message, its code and (for 409) the current version. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly currentVersion?: number,
    readonly fields?: Array<{ path: string; message: Bilingual }>,
  ) {
    super(text.en);
  }
}

const NETWORK: Bilingual = { zh: "无法连接服务器，请检查网络后重试", en: "cannot reach the server; check the connection and retry" };

export class Api {
  csrf = "";

  /** A JSON request, or a multipart upload when `body` is FormData (the browser sets its boundary). */
  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    const form = body instanceof FormData;
    try {
      res = await fetch(API_PREFIX + path, {
        method,
        credentials: "same-origin",
        headers: {
          ...(body !== undefined && !form ? { "content-type": "application/json" } : {}),
          ...(this.csrf ? { "x-csrf-token": this.csrf } : {}),
        },
        body: form ? body : body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new ApiFailure(0, "network", NETWORK);
    }
    if (res.status === 204) return undefined as T;
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = ApiError.safeParse(data);
      if (e.success)
        throw new ApiFailure(res.status, e.data.error.code, e.data.error.message, e.data.error.currentVersion, e.data.error.fields);
      throw new ApiFailure(res.status, "http", { zh: `服务器返回错误（${res.status}）`, en: `server error (${res.status})` });
    }
    return data as T;
  }

  async login(req: In<typeof LoginRequest>): Promise<SessionView> {
    const s = SessionView.parse(await this.request("POST", "/session", req));
    this.csrf = s.csrfToken;
    return s;
  }
  async session(): Promise<SessionView> {
    const s = SessionView.parse(await this.request("GET", "/session"));
    this.csrf = s.csrfToken;
    return s;
  }
  logout(): Promise<void> {
    return this.request("DELETE", "/session");
  }
  async evaluations(q: ListQuery = {}): Promise<EvaluationSummary[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") params.set(k, String(v));
    const qs = params.toString();
    return EvaluationSummary.array().parse(await this.request("GET", `/evaluations${qs ? `?${qs}` : ""}`));
  }
  async evaluation(id: string): Promise<EvaluationDetail> {
    return EvaluationDetail.parse(await this.request("GET", `/evaluations/${encodeURIComponent(id)}`));
  }
  async update(id: string, req: In<typeof UpdateEvaluationRequest>): Promise<EvaluationDetail> {
    return EvaluationDetail.parse(await this.request("PUT", `/evaluations/${encodeURIComponent(id)}`, req));
  }
  /** 提交 / 退回 / 审核通过 / 发布 / 更正 / 归档: one action of the status table (with the version it is based on). */
  async transition(id: string, req: In<typeof TransitionRequest>): Promise<EvaluationDetail> {
    return EvaluationDetail.parse(await this.request("POST", `/evaluations/${encodeURIComponent(id)}/transitions`, req));
  }
  async create(req: In<typeof CreateEvaluationRequest>): Promise<EvaluationDetail> {
    return EvaluationDetail.parse(await this.request("POST", "/evaluations", req));
  }
  async organisations(): Promise<OrganisationView[]> {
    return OrganisationView.array().parse(await this.request("GET", "/organisations"));
  }
  async templates(): Promise<TemplateView[]> {
    return TemplateView.array().parse(await this.request("GET", "/templates"));
  }
  /** A Jixiao file (.yaml / .json) as a new evaluation; the server reports line:column errors. */
  async importFile(req: In<typeof ImportFileRequest>): Promise<EvaluationDetail> {
    return EvaluationDetail.parse(await this.request("POST", "/evaluations/import", req));
  }
  /**
   * An .xlsx/.csv upload read into a Jixiao document (nothing stored yet). Cells in error fail
   * with 422 and one `fields` entry per cell ("评分表!E4"); with `partial` the rows in error are
   * left out and listed in `rejected`.
   */
  async importTables(file: File, partial: boolean): Promise<ImportTablesView> {
    const form = new FormData();
    form.append("file", file, file.name);
    return ImportTablesView.parse(await this.request("POST", `/imports${partial ? "?partial=true" : ""}`, form));
  }
  async portfolio(year?: number): Promise<PortfolioView> {
    return PortfolioView.parse(await this.request("GET", `/portfolio${year ? `?year=${year}` : ""}`));
  }
  async revisions(id: string): Promise<Revision[]> {
    return RevisionView.array().parse(await this.request("GET", `/evaluations/${encodeURIComponent(id)}/revisions`));
  }
  diff(id: string, from: number, to: number): Promise<DiffEntry[]> {
    return this.request("GET", `/evaluations/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`);
  }
  async audit(id: string): Promise<AuditEntry[]> {
    return AuditEntryView.array().parse(await this.request("GET", `/evaluations/${encodeURIComponent(id)}/audit`));
  }
  /** The OpenAPI document: the report tab lists whichever download endpoints exist. */
  async openApiPaths(): Promise<Record<string, Record<string, { summary?: string; tags?: string[] }>>> {
    const res = await fetch("/api/docs/json");
    if (!res.ok) return {};
    const doc = (await res.json()) as { paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    return doc.paths ?? {};
  }
}
