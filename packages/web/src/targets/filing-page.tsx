/**
 * 一份绩效目标申报: the form (basics and the indicator grid) with the quality check beside it,
 * the buttons of the filing's status table (提交, 审核, 调整, 发起评价 — each one the caller lacks
 * is shown disabled and says why), the versions (编制 / 批复 / 调整) side by side with the reason,
 * and the reviews (完整性 / 相关性 / 适当性 / 可行性, the conclusion and 审核意见). The server's
 * `access` decides what the caller may do; the browser copies no status rule.
 */
import {
  CRITERION_RATING_LABELS,
  FILING_ACTION_LABELS,
  FILING_STAGE_LABELS,
  FILING_STATUS_LABELS,
  type FilingAction,
  type FilingDetail,
  type FilingReviewView,
  type OrganisationView,
  REVIEW_CONCLUSION_LABELS,
  REVIEW_CRITERION_LABELS,
  ROLE_LABELS,
  type ReviewConclusion,
  ReviewCriterion,
} from "@jixiao/api";
import type { EndpointResponse } from "@jixiao/api";
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../api.js";
import { type TextKey, localTime, useI18n } from "../i18n.js";
import { Link, useRouter } from "../router.js";
import { useSession } from "../session.js";
import { InvitationsCard, InviteButton } from "./filing-invite.js";
import { type FilingDoc, FilingBasics, FilingStatusTag, IndicatorGrid, QualityPanel, checkDraft } from "./filing-parts.js";
import { FilingWorkbookButtons } from "./form-workbook-buttons.js";

type Versions = EndpointResponse<"filings.versions">;
type Diff = EndpointResponse<"filings.diff">;

export function FilingPage({ id }: { id?: string }) {
  const { api } = useSession();
  const { t, pick, lang } = useI18n();
  const router = useRouter();
  const { message } = AntApp.useApp();
  const [detail, setDetail] = useState<FilingDetail | null>(null);
  const [draft, setDraft] = useState<FilingDoc | null>(null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const [reason, setReason] = useState("");
  const [tab, setTab] = useState("form");
  /** Bumped after every change of status or version, so the versions and reviews reload. */
  const [generation, setGeneration] = useState(0);

  const adopt = useCallback((d: FilingDetail) => {
    setDetail(d);
    setDraft(d.document as FilingDoc);
    setDirty(false);
    setGeneration((g) => g + 1);
  }, []);
  useEffect(() => {
    if (!id) return;
    api.call("filings.get", { params: { id } }).then(adopt, (e: unknown) => setError(e instanceof ApiFailure ? e : null));
  }, [api, id, adopt]);
  useEffect(() => (dirty ? router.guard(() => window.confirm(t("leaveWarning"))) : undefined), [dirty, router, t]);

  const deferred = useDeferredValue(draft);
  const problems = useMemo(() => (deferred ? checkDraft(deferred) : []), [deferred]);

  if (error)
    return (
      <Result status={error.status === 404 ? "404" : "error"} title={pick(error.text)} extra={<Link to="/targets">{t("filings")}</Link>} />
    );
  if (!detail || !draft) return <Skeleton active />;

  const edit = (d: FilingDoc) => {
    setDraft(d);
    setDirty(true);
  };
  const save = async () => {
    setSaving(true);
    try {
      adopt(
        await api.call("filings.update", {
          params: { id: detail.id },
          body: { version: detail.version, document: draft, reason: reason.trim() || undefined },
        }),
      );
      setReason("");
      void message.success(t("filingSaved"));
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setSaving(false);
    }
  };
  const returned = detail.lastReview && (detail.status === "returned" || detail.status === "rejected") ? detail.lastReview : null;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Card size="small">
        <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
          <Space wrap size={8}>
            <Link to="/targets">{t("filings")}</Link>
            <Typography.Text type="secondary">/</Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="filing-title">
              {detail.title}
            </Typography.Title>
            <FilingStatusTag status={detail.status} />
            <Tag>{t(`filingKind_${detail.kind}`)}</Tag>
            <Typography.Text type="secondary" data-testid="filing-version">
              v{detail.version}
              {detail.approvedVersion !== null ? ` · ${pick(FILING_STAGE_LABELS.approved)} v${detail.approvedVersion}` : ""}
            </Typography.Text>
            <Typography.Text type="secondary">
              {detail.organisationName} · {detail.fiscalYear}
            </Typography.Text>
          </Space>
          <Space wrap size={6}>
            {detail.access.edit && (
              <>
                <Input
                  size="small"
                  style={{ width: 200 }}
                  placeholder={t("reason")}
                  aria-label={t("reason")}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  maxLength={500}
                />
                <Button
                  size="small"
                  type="primary"
                  disabled={!dirty}
                  loading={saving}
                  onClick={() => void save()}
                  data-testid="filing-save"
                >
                  {t("save")}
                </Button>
              </>
            )}
            <FilingWorkbookButtons detail={detail} dirty={dirty} reason={reason} onReplaced={adopt} />
            <FilingActions detail={detail} dirty={dirty} onChanged={adopt} onReview={() => setTab("reviews")} />
          </Space>
        </Space>
        {dirty && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t("filingUnsaved")}
          </Typography.Text>
        )}
      </Card>
      {returned && (
        <Alert
          type={detail.status === "rejected" ? "error" : "warning"}
          showIcon
          data-testid="filing-banner"
          title={`${returned.reviewer}（${pick(ROLE_LABELS[returned.reviewerRole])}）${pick(REVIEW_CONCLUSION_LABELS[returned.conclusion])} · ${localTime(returned.createdAt, lang)}`}
          description={returned.opinion}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: "form",
            label: t("filingForm"),
            children: (
              <Space orientation="vertical" size={12} style={{ width: "100%" }}>
                <Card size="small" title={t("filingBasics")}>
                  <FilingBasics doc={draft} editable={detail.access.edit} onChange={edit} problems={problems} />
                </Card>
                <Row gutter={12} wrap={false} style={{ alignItems: "flex-start" }}>
                  <Col flex="auto" style={{ minWidth: 0 }}>
                    <Card size="small" title={t("filingIndicators")} styles={{ body: { padding: 0 } }}>
                      <IndicatorGrid
                        rows={draft.indicators}
                        editable={detail.access.edit}
                        problems={problems}
                        totalWeight={draft.totalWeight}
                        onChange={(indicators) => edit({ ...draft, indicators })}
                      />
                    </Card>
                  </Col>
                  <Col flex="330px" style={{ position: "sticky", top: 8 }}>
                    <QualityPanel problems={problems} />
                  </Col>
                </Row>
              </Space>
            ),
          },
          { key: "versions", label: t("filingVersions"), children: <VersionsTab detail={detail} generation={generation} /> },
          {
            key: "reviews",
            label: t("filingReviews"),
            children: <ReviewsTab detail={detail} generation={generation} dirty={dirty} onReviewed={adopt} />,
          },
        ]}
      />
    </Space>
  );
}

/** Why an action is not offered: the role may never do it, or not in this status. */
function useWhyNot() {
  const { may, session } = useSession();
  const { t, pick } = useI18n();
  return (action: string, status: FilingDetail["status"]): string =>
    may(action)
      ? t("filingNotNow", { status: pick(FILING_STATUS_LABELS[status]) })
      : t("filingNoRight", { role: pick(ROLE_LABELS[session.user.role]) });
}

/** One button per move of the status table; the ones the caller may not take now are disabled and say why. */
function FilingActions({
  detail,
  dirty,
  onChanged,
  onReview,
}: {
  detail: FilingDetail;
  dirty: boolean;
  onChanged: (d: FilingDetail) => void;
  onReview: () => void;
}) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const whyNot = useWhyNot();
  const [open, setOpen] = useState<"submit" | "adjust" | "evaluate" | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const can = (a: FilingAction) => detail.access.actions.includes(a);
  const button = (key: "submit" | "adjust", label: string) => {
    const ok = can(key);
    const b = (
      <Button size="small" disabled={!ok || dirty} onClick={() => (setReason(""), setOpen(key))} data-testid={`filing-action-${key}`}>
        {label}
      </Button>
    );
    return ok && !dirty ? b : <Tooltip title={dirty ? t("saveFirst") : whyNot(`filing.${key}`, detail.status)}>{b}</Tooltip>;
  };
  const transition = async (action: "submit" | "adjust") => {
    if (action === "adjust" && !reason.trim()) {
      void message.error(t("reasonRequired"));
      return;
    }
    setBusy(true);
    try {
      onChanged(
        await api.call("filings.transition", {
          params: { id: detail.id },
          body: { version: detail.version, action, reason: reason.trim() || undefined },
        }),
      );
      void message.success(pick(FILING_ACTION_LABELS[action]));
      setOpen(null);
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };
  const reviewOk = detail.access.review !== null;
  const reviewButton = (
    <Button size="small" disabled={!reviewOk} onClick={onReview} data-testid="filing-action-review">
      {t("filingReviewAction")}
    </Button>
  );
  const evalOk = detail.access.startEvaluation;
  const evalWhy = detail.evaluationId
    ? t("filingEvaluationExists")
    : detail.status !== "approved"
      ? t("filingStartEvaluationOnlyApproved")
      : whyNot("filing.startEvaluation", detail.status);
  const evalButton = (
    <Button
      size="small"
      type={evalOk ? "primary" : "default"}
      disabled={!evalOk}
      onClick={() => setOpen("evaluate")}
      data-testid="filing-start-evaluation"
    >
      {t("filingStartEvaluation")}
    </Button>
  );
  return (
    <Space size={4} wrap>
      {button("submit", pick(FILING_ACTION_LABELS.submit))}
      {reviewOk ? reviewButton : <Tooltip title={whyNot("filing.pass", detail.status)}>{reviewButton}</Tooltip>}
      <InviteButton detail={detail} onInvited={onChanged} />
      {button("adjust", pick(FILING_ACTION_LABELS.adjust))}
      {detail.evaluationId ? (
        <Link to={`/evaluations/${encodeURIComponent(detail.evaluationId)}`} data-testid="filing-evaluation-link">
          {t("filingOpenEvaluation")}
        </Link>
      ) : evalOk ? (
        evalButton
      ) : (
        <Tooltip title={evalWhy}>{evalButton}</Tooltip>
      )}
      <Modal
        open={open === "submit" || open === "adjust"}
        title={open ? `${pick(FILING_ACTION_LABELS[open === "adjust" ? "adjust" : "submit"])}「${detail.title}」？` : ""}
        okText={open === "adjust" ? pick(FILING_ACTION_LABELS.adjust) : pick(FILING_ACTION_LABELS.submit)}
        cancelText={t("cancel")}
        okButtonProps={{ loading: busy, disabled: open === "adjust" && !reason.trim() }}
        onOk={() => void transition(open === "adjust" ? "adjust" : "submit")}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        {open === "adjust" ? (
          <>
            <Typography.Paragraph type="secondary">{t("filingAdjustHint")}</Typography.Paragraph>
            <Input.TextArea
              aria-label={t("filingAdjustReason")}
              placeholder={t("filingAdjustReason")}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              rows={3}
              data-testid="filing-reason"
            />
          </>
        ) : (
          <Typography.Paragraph>{t("filingSubmitHint")}</Typography.Paragraph>
        )}
      </Modal>
      {open === "evaluate" && <StartEvaluationDialog detail={detail} onClose={() => setOpen(null)} />}
    </Space>
  );
}

/** 发起评价: from the approved version, by an agency of the region or as a self-evaluation. */
function StartEvaluationDialog({ detail, onClose }: { detail: FilingDetail; onClose: () => void }) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const router = useRouter();
  const { message } = AntApp.useApp();
  const [orgs, setOrgs] = useState<OrganisationView[]>([]);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.organisations().then(setOrgs, () => setOrgs([]));
  }, [api]);
  const agencies = orgs.filter((o) => o.kind === "agency");
  return (
    <Modal
      open
      title={t("filingStartEvaluation")}
      okText={t("filingStartEvaluation")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        try {
          const e = await api.call("filings.startEvaluation", { params: { id: detail.id }, body: { agencyId } });
          void message.success(t("filingEvaluationCreated"));
          router.navigate(`/evaluations/${encodeURIComponent(e.id)}`);
        } catch (err) {
          void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t("filingStartEvaluationHint")}</Typography.Paragraph>
      <Select
        style={{ width: "100%" }}
        value={agencyId ?? ""}
        aria-label={t("commissionAgency")}
        onChange={(v: string) => setAgencyId(v || null)}
        options={[{ value: "", label: t("filingSelfEvaluation") }, ...agencies.map((o) => ({ value: o.id, label: o.name }))]}
        data-testid="filing-agency"
      />
    </Modal>
  );
}

/** 版本: every version (编制 / 批复 / 调整) and two of them side by side, with the adjustment's reason. */
function VersionsTab({ detail, generation }: { detail: FilingDetail; generation: number }) {
  const { api } = useSession();
  const { t, pick, lang } = useI18n();
  const [versions, setVersions] = useState<Versions | null>(null);
  const [range, setRange] = useState<{ from?: number; to?: number }>({});
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call("filings.versions", { params: { id: detail.id } }).then(setVersions, () => setVersions([]));
  }, [api, detail.id, generation]);
  /**
   * What to compare by default: an approved filing that was adjusted — the approval before the
   * adjustment and this one; otherwise the server's default (the approved version and the current).
   */
  const shown = useMemo(() => {
    if (range.from !== undefined || range.to !== undefined || !versions) return range;
    const approvals = versions.filter((v) => v.stage === "approved").map((v) => v.version);
    return detail.status === "approved" && approvals.length >= 2 ? { from: approvals.at(-2), to: approvals.at(-1) } : {};
  }, [range, versions, detail.status]);
  useEffect(() => {
    if (detail.version < 2 || !versions) return;
    setError(null);
    api.call("filings.diff", { params: { id: detail.id }, query: shown }).then(setDiff, (e: unknown) => {
      setDiff(null);
      setError(e instanceof ApiFailure ? pick(e.text) : String(e));
    });
  }, [api, detail.id, detail.version, shown, versions, pick]);
  /** The reasons of the adjustments (调整) between the two versions: why the values changed. */
  const reasons = useMemo(() => {
    if (!diff || !versions) return null;
    const [lo, hi] = [Math.min(diff.from, diff.to), Math.max(diff.from, diff.to)];
    const r = versions.filter((v) => v.stage === "adjusted" && v.version > lo && v.version <= hi && v.reason).map((v) => v.reason!);
    return r.length ? r.join("；") : diff.reason;
  }, [diff, versions]);
  const options = (versions ?? []).map((v) => ({ value: v.version, label: `v${v.version} ${pick(FILING_STAGE_LABELS[v.stage])}` }));
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Card size="small" title={t("filingVersions")}>
        <Table
          size="small"
          rowKey="version"
          loading={versions === null}
          dataSource={versions ?? []}
          pagination={false}
          data-testid="filing-versions"
          columns={[
            { title: t("filingVersion"), dataIndex: "version", width: 70, render: (v: number) => `v${v}` },
            {
              title: t("filingStage"),
              dataIndex: "stage",
              width: 90,
              render: (s: keyof typeof FILING_STAGE_LABELS) => <Tag>{pick(FILING_STAGE_LABELS[s])}</Tag>,
            },
            {
              title: t("filingAuthor"),
              dataIndex: "author",
              width: 200,
              render: (a: string | null, r) => (a ? `${a}${r.authorRole ? `（${pick(ROLE_LABELS[r.authorRole])}）` : ""}` : "—"),
            },
            { title: t("filingVersionNote"), dataIndex: "reason", render: (r: string | null) => r ?? "—" },
            { title: t("time"), dataIndex: "createdAt", width: 170, render: (v: string) => localTime(v, lang) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t("filingCompare")}
        extra={
          <Space size={4}>
            <Select
              size="small"
              style={{ width: 130 }}
              placeholder={t("filingDiffFrom")}
              aria-label={t("filingDiffFrom")}
              allowClear
              options={options}
              value={shown.from}
              onChange={(from?: number) => setRange({ ...shown, from })}
            />
            →
            <Select
              size="small"
              style={{ width: 130 }}
              placeholder={t("filingDiffTo")}
              aria-label={t("filingDiffTo")}
              allowClear
              options={options}
              value={shown.to}
              onChange={(to?: number) => setRange({ ...shown, to })}
            />
          </Space>
        }
      >
        {detail.version < 2 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("filingOneVersion")} />
        ) : error ? (
          <Alert type="error" showIcon title={error} />
        ) : (
          <>
            {diff && (
              <Descriptions
                size="small"
                column={2}
                style={{ marginBottom: 8 }}
                items={[
                  {
                    key: "range",
                    label: t("filingCompare"),
                    children: (
                      <span data-testid="diff-range">
                        v{diff.from} → v{diff.to}
                      </span>
                    ),
                  },
                  { key: "reason", label: t("filingVersionReason"), children: <span data-testid="diff-reason">{reasons ?? "—"}</span> },
                ]}
              />
            )}
            <Table
              size="small"
              bordered
              loading={diff === null}
              rowKey={(_r, i) => String(i)}
              dataSource={diff?.changes ?? []}
              pagination={false}
              locale={{ emptyText: t("filingDiffNone") }}
              data-testid="filing-diff"
              columns={[
                {
                  title: t("filingDiffField"),
                  key: "label",
                  render: (_: unknown, c) => (
                    <Space size={4}>
                      <Tag color={c.kind === "added" ? "green" : c.kind === "removed" ? "red" : "blue"}>{t(`diff_${c.kind}`)}</Tag>
                      {pick(c.label)}
                    </Space>
                  ),
                },
                { title: t("filingDiffOld"), dataIndex: "before", width: "30%", render: (v: string | null) => v ?? "—" },
                {
                  title: t("filingDiffNew"),
                  dataIndex: "after",
                  width: "30%",
                  render: (v: string | null) => <Typography.Text strong>{v ?? "—"}</Typography.Text>,
                },
              ]}
            />
          </>
        )}
      </Card>
    </Space>
  );
}

type Rating = "meets" | "partly" | "fails";
type CriteriaState = Record<ReviewCriterion, { rating: Rating; opinion: string }>;
const freshCriteria = (): CriteriaState =>
  Object.fromEntries(ReviewCriterion.options.map((c) => [c, { rating: "meets" as Rating, opinion: "" }])) as CriteriaState;

/** 审核: the reviews so far and, for whoever may review now, the form (per criterion, conclusion, 审核意见). */
function ReviewsTab({
  detail,
  generation,
  dirty,
  onReviewed,
}: {
  detail: FilingDetail;
  generation: number;
  dirty: boolean;
  onReviewed: (d: FilingDetail) => void;
}) {
  const { api } = useSession();
  const { t, pick, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [reviews, setReviews] = useState<FilingReviewView[] | null>(null);
  const [criteria, setCriteria] = useState<CriteriaState>(freshCriteria);
  const [conclusion, setConclusion] = useState<ReviewConclusion | null>(null);
  const [opinion, setOpinion] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.call("filings.reviews", { params: { id: detail.id } }).then(setReviews, () => setReviews([]));
  }, [api, detail.id, generation]);
  const stage = detail.access.review;
  const conclusions: ReviewConclusion[] =
    stage === "expert"
      ? ["pass", "return", "reject"]
      : (["pass", "return", "reject"] as const).filter((c) => detail.access.actions.includes(c));
  const needsOpinion = conclusion === "return" || conclusion === "reject";
  const submit = async () => {
    if (!conclusion) return;
    setBusy(true);
    try {
      await api.call("filings.review", {
        params: { id: detail.id },
        body: { version: detail.version, criteria, conclusion, opinion: opinion.trim() },
      });
      void message.success(pick(REVIEW_CONCLUSION_LABELS[conclusion]));
      setCriteria(freshCriteria());
      setConclusion(null);
      setOpinion("");
      onReviewed(await api.call("filings.get", { params: { id: detail.id } }));
    } catch (err) {
      void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };
  const stageText = (s: string) => t(`reviewStage_${s}` as TextKey);
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      {stage && (
        <Card size="small" title={`${t("filingReviewForm")} · ${stageText(stage)}`} data-testid="review-form">
          {dirty && <Alert type="warning" showIcon title={t("saveFirst")} style={{ marginBottom: 8 }} />}
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="c"
            dataSource={ReviewCriterion.options.map((c) => ({ c }))}
            columns={[
              {
                title: t("filingReviewCriterion"),
                key: "c",
                width: 110,
                render: (_: unknown, r) => <Typography.Text strong>{pick(REVIEW_CRITERION_LABELS[r.c])}</Typography.Text>,
              },
              {
                title: t("filingReviewRating"),
                key: "rating",
                width: 250,
                render: (_: unknown, r) => (
                  <Radio.Group
                    value={criteria[r.c].rating}
                    aria-label={pick(REVIEW_CRITERION_LABELS[r.c])}
                    data-testid={`criterion-${r.c}`}
                    onChange={(e) => setCriteria((x) => ({ ...x, [r.c]: { ...x[r.c], rating: e.target.value as Rating } }))}
                    options={(["meets", "partly", "fails"] as const).map((v) => ({ value: v, label: pick(CRITERION_RATING_LABELS[v]) }))}
                  />
                ),
              },
              {
                title: t("filingReviewOpinion"),
                key: "opinion",
                render: (_: unknown, r) => (
                  <Input
                    value={criteria[r.c].opinion}
                    maxLength={2000}
                    aria-label={`${pick(REVIEW_CRITERION_LABELS[r.c])} ${t("filingReviewOpinion")}`}
                    onChange={(e) => setCriteria((x) => ({ ...x, [r.c]: { ...x[r.c], opinion: e.target.value } }))}
                  />
                ),
              },
            ]}
          />
          <Space orientation="vertical" style={{ width: "100%", marginTop: 12 }}>
            <Space wrap>
              <Typography.Text strong>{t("filingReviewConclusion")}</Typography.Text>
              <Radio.Group
                value={conclusion}
                onChange={(e) => setConclusion(e.target.value as ReviewConclusion)}
                optionType="button"
                data-testid="review-conclusion"
                options={conclusions.map((c) => ({ value: c, label: pick(REVIEW_CONCLUSION_LABELS[c]) }))}
              />
            </Space>
            <Input.TextArea
              rows={3}
              maxLength={4000}
              value={opinion}
              onChange={(e) => setOpinion(e.target.value)}
              aria-label={t("filingReviewComment")}
              placeholder={needsOpinion ? t("filingReviewCommentRequired") : t("filingReviewComment")}
              data-testid="review-opinion"
            />
            <Button
              type="primary"
              disabled={!conclusion || dirty || (needsOpinion && !opinion.trim())}
              loading={busy}
              onClick={() => void submit()}
              data-testid="review-submit"
            >
              {t("filingReviewSubmit")}
            </Button>
          </Space>
        </Card>
      )}
      <InvitationsCard detail={detail} generation={generation} />
      <Card size="small" title={t("filingReviewHistory")}>
        {reviews !== null && reviews.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("filingReviewNone")} />
        ) : (
          <Space orientation="vertical" style={{ width: "100%" }} data-testid="review-history">
            {(reviews ?? []).map((r) => (
              <Card
                key={r.id}
                size="small"
                type="inner"
                data-testid="review-entry"
                title={
                  <Space wrap size={6}>
                    <Tag>{stageText(r.stage)}</Tag>
                    <Tag color={r.conclusion === "pass" ? "success" : r.conclusion === "return" ? "warning" : "error"}>
                      {pick(REVIEW_CONCLUSION_LABELS[r.conclusion])}
                    </Tag>
                    <span>
                      {r.reviewer}（{pick(ROLE_LABELS[r.reviewerRole])}）
                    </span>
                    <Typography.Text type="secondary">
                      v{r.version} · {localTime(r.createdAt, lang)}
                    </Typography.Text>
                  </Space>
                }
              >
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2 }}
                  items={[
                    ...ReviewCriterion.options.map((c) => ({
                      key: c,
                      label: pick(REVIEW_CRITERION_LABELS[c]),
                      children: `${pick(CRITERION_RATING_LABELS[r.criteria[c].rating])}${r.criteria[c].opinion ? `：${r.criteria[c].opinion}` : ""}`,
                    })),
                    { key: "opinion", label: t("filingReviewComment"), span: 2, children: r.opinion || "—" },
                  ]}
                />
              </Card>
            ))}
          </Space>
        )}
      </Card>
    </Space>
  );
}
