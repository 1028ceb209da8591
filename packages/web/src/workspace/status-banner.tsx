/**
 * The status banner of the workspace: the last status change as the server recorded it (who, in
 * which role, when, why). 退回修改 shows the author who returned it, when and why; 已提交 and
 * 审核通过 say why the evaluation is read-only; 已发布 says it changes only by 更正, and the last
 * correction's note.
 */
import { type EvaluationDetail, ROLE_LABELS } from "@jixiao/api";
import { Alert } from "antd";
import { type TextKey, useI18n } from "../i18n.js";

/** "2024-05-06 14:03", local time. */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function StatusBanner({ detail }: { detail: EvaluationDetail }) {
  const { t, pick } = useI18n();
  const c = detail.lastStatusChange;
  if (!c || c.to !== detail.status) return null;
  const who = `${c.by ?? t("systemUser")}${c.byRole ? `（${pick(ROLE_LABELS[c.byRole])}）` : ""}`;
  const params = { who, date: when(c.at), reason: c.reason ?? "" };
  const key: TextKey | null =
    c.action === "return"
      ? "bannerReturned"
      : c.action === "submit"
        ? "bannerSubmitted"
        : c.action === "accept"
          ? "bannerAccepted"
          : c.action === "publish"
            ? "bannerPublished"
            : c.action === "correct"
              ? "bannerCorrected"
              : c.action === "archive"
                ? "bannerArchived"
                : null;
  if (!key) return null;
  const returned = c.action === "return";
  return (
    <Alert
      type={returned ? "warning" : "info"}
      showIcon
      style={{ marginBottom: 8 }}
      data-testid={`status-banner-${c.action}`}
      title={t(key, params)}
      description={returned && detail.access.update ? t("bannerReturnedHint") : undefined}
    />
  );
}
