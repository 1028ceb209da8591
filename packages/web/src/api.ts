/**
 * The HTTP client of the web app. Endpoints are called by name from @jixiao/api's table (the one
 * typed contract shared with the server, the CLI and tests): the URL is built from the table's
 * path, the request's parameters, query and body are typed by its schemas, and the response is
 * parsed with its response schema, so a contract drift fails loudly here.
 */
import {
  API_PREFIX,
  ApiError,
  type AuditEntryView,
  type Bilingual,
  ENDPOINTS,
  type DiffEntry,
  type EndpointName,
  type EndpointRequest,
  type EndpointResponse,
  type EvaluationDetail,
  type EvaluationSummary,
  type ImportTablesView,
  type ListEvaluationsQuery,
  type OrganisationView,
  type PortfolioView,
  type RevisionView,
  type SessionView,
  type TemplateView,
  endpointUrl,
  isFileResponse,
} from "@jixiao/api";
import type * as z from "zod";

type In<N extends EndpointName> = EndpointRequest<N>;
export type Revision = ReturnType<typeof RevisionView.parse>;
export type ListQuery = z.input<typeof ListEvaluationsQuery>;
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

  /**
   * Call an endpoint by name: a JSON request, or a multipart upload when `body` is FormData (the
   * browser sets its boundary). The answer is parsed with the endpoint's response schema.
   */
  async call<N extends EndpointName>(name: N, req: In<N>): Promise<EndpointResponse<N>> {
    const e = ENDPOINTS[name];
    const { params, query, body } = req as { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown };
    let res: Response;
    const form = body instanceof FormData;
    try {
      res = await fetch(endpointUrl(API_PREFIX, name, params, query), {
        method: e.method,
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
    if (res.status === 204) return undefined as EndpointResponse<N>;
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = ApiError.safeParse(data);
      if (err.success)
        throw new ApiFailure(res.status, err.data.error.code, err.data.error.message, err.data.error.currentVersion, err.data.error.fields);
      throw new ApiFailure(res.status, "http", { zh: `服务器返回错误（${res.status}）`, en: `server error (${res.status})` });
    }
    if (isFileResponse(e.response)) throw new Error(`${name} is a download: link to endpointUrl(…) instead`);
    return e.response.parse(data) as EndpointResponse<N>;
  }

  /**
   * A download endpoint (a file answer) fetched as a Blob, so the page can show progress while the
   * server works (a PDF takes seconds) and name the file as the server does. Errors are ApiFailure.
   */
  async download<N extends EndpointName>(name: N, req: In<N>): Promise<{ blob: Blob; filename: string }> {
    const e = ENDPOINTS[name];
    const { params, query, body } = req as { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown };
    let res: Response;
    try {
      res = await fetch(endpointUrl(API_PREFIX, name, params, query), {
        method: e.method,
        credentials: "same-origin",
        headers: this.csrf ? { "x-csrf-token": this.csrf } : {},
        body: body instanceof FormData ? body : undefined,
      });
    } catch {
      throw new ApiFailure(0, "network", NETWORK);
    }
    if (!res.ok) {
      const data: unknown = await res.json().catch(() => undefined);
      const err = ApiError.safeParse(data);
      if (err.success)
        throw new ApiFailure(res.status, err.data.error.code, err.data.error.message, err.data.error.currentVersion, err.data.error.fields);
      throw new ApiFailure(res.status, "http", { zh: `服务器返回错误（${res.status}）`, en: `server error (${res.status})` });
    }
    // filename*=UTF-8''<percent-encoded> (RFC 5987) first, then the plain fallback.
    const cd = res.headers.get("content-disposition") ?? "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    const plain = /filename="([^"]+)"/i.exec(cd);
    const filename = star ? decodeURIComponent(star[1]!) : (plain?.[1] ?? "download");
    return { blob: await res.blob(), filename };
  }

  async login(body: In<"session.login">["body"]): Promise<SessionView> {
    const s = await this.call("session.login", { body });
    this.csrf = s.csrfToken;
    return s;
  }
  async session(): Promise<SessionView> {
    const s = await this.call("session.get", {});
    this.csrf = s.csrfToken;
    return s;
  }
  logout(): Promise<void> {
    return this.call("session.logout", {}).then(() => undefined);
  }
  evaluations(query: ListQuery = {}): Promise<EvaluationSummary[]> {
    return this.call("evaluations.list", { query });
  }
  evaluation(id: string): Promise<EvaluationDetail> {
    return this.call("evaluations.get", { params: { id } });
  }
  update(id: string, body: In<"evaluations.update">["body"]): Promise<EvaluationDetail> {
    return this.call("evaluations.update", { params: { id }, body });
  }
  /** 提交 / 退回 / 审核通过 / 发布 / 更正 / 归档: one action of the status table (with the version it is based on). */
  transition(id: string, body: In<"evaluations.transition">["body"]): Promise<EvaluationDetail> {
    return this.call("evaluations.transition", { params: { id }, body });
  }
  create(body: In<"evaluations.create">["body"]): Promise<EvaluationDetail> {
    return this.call("evaluations.create", { body });
  }
  organisations(): Promise<OrganisationView[]> {
    return this.call("organisations.list", {});
  }
  templates(): Promise<TemplateView[]> {
    return this.call("templates.list", {});
  }
  /** A Jixiao file (.yaml / .json) as a new evaluation; the server reports line:column errors. */
  importFile(body: In<"exchange.importFile">["body"]): Promise<EvaluationDetail> {
    return this.call("exchange.importFile", { body });
  }
  /**
   * An .xlsx/.csv upload read into a Jixiao document (nothing stored yet). Cells in error fail
   * with 422 and one `fields` entry per cell ("评分表!E4"); with `partial` the rows in error are
   * left out and listed in `rejected`.
   */
  importTables(file: File, partial: boolean): Promise<ImportTablesView> {
    const form = new FormData();
    form.append(ENDPOINTS["exchange.importTables"].upload.field, file, file.name);
    return this.call("exchange.importTables", { query: { partial: partial ? "true" : undefined }, body: form });
  }
  portfolio(year?: number): Promise<PortfolioView> {
    return this.call("portfolio.get", { query: { year: year || undefined } });
  }
  revisions(id: string): Promise<Revision[]> {
    return this.call("evaluations.revisions", { params: { id } });
  }
  diff(id: string, from: number, to: number): Promise<DiffEntry[]> {
    return this.call("evaluations.diff", { params: { id }, query: { from, to } });
  }
  audit(id: string): Promise<AuditEntry[]> {
    return this.call("evaluations.audit", { params: { id } });
  }
  /** The OpenAPI document: the report tab lists whichever download endpoints exist. */
  async openApiPaths(): Promise<Record<string, Record<string, { summary?: string; tags?: string[] }>>> {
    const res = await fetch("/api/docs/json");
    if (!res.ok) return {};
    const doc = (await res.json()) as { paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    return doc.paths ?? {};
  }
}
