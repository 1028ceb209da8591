/**
 * Errors the service raises on purpose. Routes turn them into JSON with the HTTP status; any
 * other exception is a 500 with no internals shown.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface FieldError {
  path: string;
  message: Bilingual;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly extra: { fields?: FieldError[]; currentVersion?: number; retryAfter?: number } = {},
  ) {
    super(text.en);
    this.name = "AppError";
  }
}

export const notFound = (what: Bilingual = { zh: "资源", en: "resource" }) =>
  new AppError(404, "not-found", { zh: `${what.zh}不存在或无权访问`, en: `${what.en} not found` });
export const forbidden = () => new AppError(403, "forbidden", { zh: "没有执行此操作的权限", en: "you may not do this" });
export const unauthenticated = () => new AppError(401, "unauthenticated", { zh: "请先登录", en: "please log in" });
export const conflict = (currentVersion: number) =>
  new AppError(
    409,
    "version-conflict",
    {
      zh: `他人已先保存（当前版本 ${currentVersion}），请查看差异后再保存`,
      en: `someone saved first (current version ${currentVersion}); review the changes and save again`,
    },
    { currentVersion },
  );
export const badRequest = (code: string, text: Bilingual, fields?: FieldError[]) => new AppError(400, code, text, { fields });
