/**
 * 邀请专家、第三方: the finance bureau invites experts or an agency's evaluators to give an
 * advisory opinion on a filing under review (filings.invite), and sees who is invited, by whom,
 * when, and whether each has given an opinion yet (filings.invitations). An invitee reads the
 * filing and gives opinions while it is under review (部门审核 / 财政审核); the opinions are among
 * the reviews and move no status. The server decides who may invite (access.invite).
 */
import { UserAddOutlined } from "@ant-design/icons";
import { type FilingDetail, type FilingInvitationView, ROLE_LABELS, type UserView } from "@jixiao/api";
import { App as AntApp, Button, Card, Empty, List, Modal, Select, Space, Tag, Tooltip, Typography } from "antd";
import { useEffect, useState } from "react";
import { ApiFailure } from "../api.js";
import { localTime, useI18n } from "../i18n.js";
import { useSession } from "../session.js";

/** Invitees give opinions only in these statuses (the policy's FILING_OPINION_STATUSES). */
const UNDER_REVIEW: readonly FilingDetail["status"][] = ["departmentReview", "financeReview"];

/** The 邀请专家/第三方 button and its dialog; shown to whoever may invite, enabled while the filing is under review. */
export function InviteButton({ detail, onInvited }: { detail: FilingDetail; onInvited: (d: FilingDetail) => void }) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [invited, setInvited] = useState<FilingInvitationView[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    api.call("users.list", {}).then(
      (u) => setUsers(u.filter((x) => x.role === "expert" || x.role === "evaluator")),
      () => setUsers([]),
    );
    api.call("filings.invitations", { params: { id: detail.id } }).then(setInvited, () => setInvited([]));
  }, [api, open, detail.id]);
  if (!detail.access.invite) return null;
  const ok = UNDER_REVIEW.includes(detail.status);
  const button = (
    <Button
      size="small"
      icon={<UserAddOutlined />}
      disabled={!ok}
      onClick={() => (setChosen([]), setOpen(true))}
      data-testid="filing-invite"
    >
      {t("filingInvite")}
    </Button>
  );
  const invite = async () => {
    setBusy(true);
    try {
      for (const userId of chosen) await api.call("filings.invite", { params: { id: detail.id, userId } });
      void message.success(t("filingInvitedCount", { n: chosen.length }));
      setOpen(false);
      onInvited(await api.call("filings.get", { params: { id: detail.id } }));
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };
  const already = new Set(invited.map((i) => i.userId));
  return (
    <>
      {ok ? button : <Tooltip title={t("filingInviteOnlyUnderReview")}>{button}</Tooltip>}
      <Modal
        open={open}
        title={`${t("filingInvite")}「${detail.title}」`}
        okText={t("filingInvite")}
        cancelText={t("cancel")}
        okButtonProps={{ disabled: chosen.length === 0, loading: busy }}
        onOk={() => void invite()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t("filingInviteHint")}</Typography.Paragraph>
        <Select
          mode="multiple"
          style={{ width: "100%" }}
          loading={users === null}
          value={chosen}
          onChange={(v: string[]) => setChosen(v)}
          aria-label={t("filingInviteWho")}
          placeholder={t("filingInviteWho")}
          notFoundContent={users === null ? undefined : t("filingInviteNobody")}
          showSearch={{ optionFilterProp: "label" }}
          data-testid="invite-users"
          options={(users ?? []).map((u) => ({
            value: u.id,
            disabled: already.has(u.id),
            label: `${u.displayName}（${pick(ROLE_LABELS[u.role])}）${already.has(u.id) ? ` · ${t("filingAlreadyInvited")}` : ""}`,
          }))}
        />
      </Modal>
    </>
  );
}

/** 受邀专家、第三方: who is invited, by whom and when, and the opinions each has given; for whoever may invite. */
export function InvitationsCard({ detail, generation }: { detail: FilingDetail; generation: number }) {
  const { api } = useSession();
  const { t, pick, lang } = useI18n();
  const [rows, setRows] = useState<FilingInvitationView[] | null>(null);
  useEffect(() => {
    if (!detail.access.invite) return;
    api.call("filings.invitations", { params: { id: detail.id } }).then(setRows, () => setRows([]));
  }, [api, detail.id, detail.access.invite, generation]);
  if (!detail.access.invite) return null;
  return (
    <Card size="small" title={t("filingInvitations")} data-testid="invitations" loading={rows === null}>
      {rows !== null && rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("filingInvitationsNone")} />
      ) : (
        <List
          size="small"
          dataSource={rows ?? []}
          renderItem={(r) => (
            <List.Item data-testid="invitation" data-user={r.userId} style={{ paddingInline: 0 }}>
              <Space wrap size={8}>
                <Typography.Text strong>{r.name}</Typography.Text>
                <Tag>{pick(ROLE_LABELS[r.role])}</Tag>
                <Typography.Text type="secondary">
                  {t("filingInvitedBy", { by: r.invitedBy ?? "—", at: localTime(r.invitedAt, lang) })}
                </Typography.Text>
                {r.opinions > 0 ? <Tag color="success">{t("filingOpinions", { n: r.opinions })}</Tag> : <Tag>{t("filingNoOpinion")}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
