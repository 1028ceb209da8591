/** Who is logged in, what they may do, and the API client they use. */
import type { SessionView } from "@jixiao/api";
import { createContext, useContext } from "react";
import type { Api } from "./api.js";

export interface SessionState {
  api: Api;
  session: SessionView;
  /** The role may do `action` in general (the server still decides per evaluation). */
  may: (action: string) => boolean;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a session");
  return s;
}

/** Labels of the policy's actions (server policy.ts), for "what I may do". */
export const PERMISSION_LABELS: Record<string, { zh: string; en: string }> = {
  "evaluation.read": { zh: "查看评价", en: "view evaluations" },
  "evaluation.update": { zh: "编辑评价", en: "edit evaluations" },
  "evaluation.create": { zh: "新建评价", en: "create evaluations" },
  "evaluation.submit": { zh: "提交评价", en: "submit evaluations" },
  "evaluation.publish": { zh: "发布评价", en: "publish evaluations" },
  "evaluation.archive": { zh: "归档评价", en: "archive evaluations" },
  "evaluation.scoreAssigned": { zh: "为分配的指标评分", en: "score assigned indicators" },
  "organisation.read": { zh: "查看单位", en: "view organisations" },
  "organisation.manage": { zh: "管理单位", en: "manage organisations" },
  "user.manage": { zh: "管理用户", en: "manage users" },
  "audit.read": { zh: "查看审计记录", en: "read the audit trail" },
  "portfolio.read": { zh: "查看驾驶舱", en: "view the dashboard" },
};
