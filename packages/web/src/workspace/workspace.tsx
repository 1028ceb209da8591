/**
 * The evaluation workspace: loads the evaluation, keeps the draft, scores it live in the
 * browser on every change, saves with the version it was based on, and opens the conflict
 * view on 409 (keeping everything the user typed).
 */
import { SaveOutlined, UndoOutlined } from "@ant-design/icons";
import { type EvaluationAccess, type EvaluationDetail, ROLE_LABELS } from "@jixiao/api";
import { distanceToNextGrade, formatScore, gradeRobustness } from "@jixiao/engine";
import { Alert, App as AntApp, Button, Card, Input, Modal, Result, Skeleton, Space, Tabs, Tag, Tooltip, Typography } from "antd";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { GradeTag } from "../pages/evaluation-list.js";
import { Link, useRouter } from "../router.js";
import { useSession } from "../session.js";
import { editRights } from "./access.js";
import { WorkbookButtons } from "./workbook-buttons.js";
import { type Filler, type ReportsPure, loadReports, reportNumbering } from "./placeholders.js";
import { ChecksTab } from "./checks-tab.js";
import { ConflictView } from "./conflict.js";
import { REVEAL_EVENT, type WorkspaceActions, WorkspaceActionsContext, type WorkspaceData, WorkspaceDataContext } from "./context.js";
import { type Doc, type Path, type Scored, evaluateDocument, fieldId, setAt } from "./document.js";
import { FindingsTab } from "./findings-tab.js";
import { GoalsTab } from "./goals-tab.js";
import { HistoryTab } from "./history-tab.js";
import { RequestsTab } from "./requests-tab.js";
import { OverviewTab } from "./overview-tab.js";
import { ReportTab } from "./report-tab.js";
import { ScoringTab } from "./scoring-tab.js";
import { StatusBanner } from "./status-banner.js";

const TABS = ["overview", "goals", "scoring", "checks", "findings", "requests", "history", "report"] as const;
const never = (): boolean => false;

export function WorkspacePage({ id, tab }: { id: string; tab: string }) {
  const session = useSession();
  const { api } = session;
  const { t, pick } = useI18n();
  const router = useRouter();
  const { message } = AntApp.useApp();
  const [detail, setDetail] = useState<EvaluationDetail | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [draft, setDraft] = useState<Doc | null>(null);
  const [reason, setReason] = useState("");
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<EvaluationDetail | null>(null);
  /** 更正: a published evaluation opened for a correction (policy: the `correct` action). */
  const [correcting, setCorrecting] = useState(false);
  const lastGood = useRef<Scored | null>(null);

  useEffect(() => {
    let live = true;
    api.evaluation(id).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        setDraft(d.document as Doc);
      },
      (e: unknown) => live && setFailure(e instanceof ApiFailure ? e : new ApiFailure(0, "error", { zh: String(e), en: String(e) })),
    );
    return () => {
      live = false;
    };
  }, [api, id]);

  const evaluated = useMemo(() => (draft ? evaluateDocument(draft) : null), [draft]);
  if (evaluated?.ok) lastGood.current = evaluated;
  // Every edit makes a new draft object (immutable updates), so identity is the cheap test.
  const dirty = !!detail && !!draft && draft !== detail.document;
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirtyRef.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    const unguard = router.guard(() => {
      if (!dirtyRef.current) return true;
      // Tabs of the same evaluation are not a departure.
      return window.confirm(t("leaveWarning"));
    });
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      unguard();
    };
  }, [router, t]);

  // What this user may change, as the server said with the evaluation (policy.ts decides).
  // While correcting, everything is editable; the save is then the `correct` action, with its reason.
  const rights = useMemo(
    () => (detail ? editRights(correcting ? { ...detail.access, update: true } : detail.access, detail.document) : null),
    [detail, correcting],
  );
  const editable = rights?.all ?? false;
  const canSave = rights?.some ?? false;
  const mayEdit = rights?.mayEdit ?? never;
  const setTab = useCallback(
    (k: string) => {
      const to = `/evaluations/${encodeURIComponent(id)}${k === "overview" ? "" : `/${k}`}`;
      window.history.replaceState(null, "", to);
      window.dispatchEvent(new PopStateEvent("popstate"));
    },
    [id],
  );
  const set = useCallback((path: Path, value: unknown) => setDraft((d) => (d ? setAt(d, path, value) : d)), []);
  const update = useCallback((f: (d: Doc) => Doc) => setDraft((d) => (d ? f(d) : d)), []);
  const goTo = useCallback(
    (path: Path) => {
      const top = path[0];
      const target =
        top === "indicators"
          ? "scoring"
          : top === "goals"
            ? "goals"
            : top === "findings" || top === "recommendations"
              ? "findings"
              : "overview";
      setTab(target);
      // A diagnostic about an indicator node is about its value: focus its actual value when
      // it has that input (a leaf), else the closest field.
      const field = top === "indicators" && typeof path[path.length - 1] === "number" ? [...path, "actual"] : path;
      window.setTimeout(() => {
        window.dispatchEvent(new CustomEvent(REVEAL_EVENT, { detail: path }));
        focusPath(field);
      }, 60);
    },
    [setTab],
  );

  const save = async (doc: Doc, version: number) => {
    if (correcting && !reason.trim()) {
      void message.error(t("reasonRequired"));
      return;
    }
    setSaving(true);
    try {
      const saved = correcting
        ? await api.transition(id, { version, action: "correct", document: doc, reason: reason.trim() })
        : await api.update(id, { version, document: doc, reason: reason.trim() || undefined });
      setDetail(saved);
      setDraft(saved.document as Doc);
      setConflict(null);
      setCorrecting(false);
      setReason("");
      void message.success(`${t("saved")}（${t("version")} ${saved.version}）`);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 409) {
        setConflict(await api.evaluation(id));
      } else {
        void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const deferred = useDeferredValue(lastGood.current);
  // 等级稳健性 from the deferred scores: typing is never slowed by the search (tens of ms at most).
  const robustness = useMemo(() => (deferred ? gradeRobustness(deferred.evaluation, deferred.score) : undefined), [deferred]);
  const reload = useCallback(
    () =>
      void api.evaluation(id).then((d) => {
        setDetail(d);
        setDraft(d.document as Doc);
      }),
    [api, id],
  );
  const actions = useMemo<WorkspaceActions>(
    // `detail` is set whenever the providers render (the page shows a skeleton before).
    () => ({ id, editable, mayEdit, canSave, set, update, goTo, detail: detail as EvaluationDetail, reload }),
    [id, editable, mayEdit, canSave, set, update, goTo, detail, reload],
  );
  const scoredNow = lastGood.current;
  // Placeholders fill from the deferred draft: typing a text is never slowed by building them.
  const deferredDraft = useDeferredValue(draft);
  const [reports, setReports] = useState<ReportsPure | null>(null);
  const placeholders = useMemo(
    () => lazyFiller(reports, deferred, deferredDraft, () => void loadReports().then(setReports)),
    [reports, deferred, deferredDraft],
  );
  const data = useMemo<WorkspaceData | null>(
    () => (draft && evaluated ? { draft, evaluated, scored: scoredNow, placeholders } : null),
    [draft, evaluated, scoredNow, placeholders],
  );

  if (failure) {
    return (
      <Result
        status={failure.status === 404 ? "404" : failure.status === 403 ? "403" : "error"}
        title={failure.status === 404 ? t("notFound") : pick(failure.text)}
        subTitle={failure.status === 404 && pick(failure.text) !== t("notFound") ? pick(failure.text) : undefined}
        extra={<Link to="/evaluations">{t("back")}</Link>}
      />
    );
  }
  if (!detail || !data || !evaluated) return <Skeleton active />;

  const score = lastGood.current?.score;
  const next = score ? distanceToNextGrade(score) : undefined;
  const current = TABS.includes(tab as (typeof TABS)[number]) ? tab : "overview";
  return (
    <WorkspaceActionsContext.Provider value={actions}>
      <WorkspaceDataContext.Provider value={data}>
        <Card size="small" styles={{ body: { padding: "8px 16px" } }} style={{ marginBottom: 8 }}>
          <div style={{ display: "flex", alignItems: "center", gap: 16, flexWrap: "wrap" }}>
            <div style={{ flex: "1 1 360px", minWidth: 0 }}>
              <Typography.Title level={5} style={{ margin: 0 }} ellipsis={{ tooltip: detail.title }} data-testid="evaluation-title">
                {detail.title}
              </Typography.Title>
              <Space size={6} wrap>
                <Typography.Text type="secondary">{detail.organisationName}</Typography.Text>
                <Tag data-testid="status">{t(`status_${detail.status}`)}</Tag>
                {correcting && (
                  <Tooltip title={t("correctingHint")}>
                    <Tag color="orange" data-testid="correcting">
                      {t("correcting")}
                    </Tag>
                  </Tooltip>
                )}
                <Typography.Text type="secondary">
                  {t("version")} {detail.version}
                </Typography.Text>
                {!canSave && (
                  <Tooltip title={`${t("readOnlyHint")}（${pick(ROLE_LABELS[session.session.user.role])}）`}>
                    <Tag color="default" data-testid="read-only">
                      {t("readOnly")}
                    </Tag>
                  </Tooltip>
                )}
                {!editable && (rights?.assignedPaths.length ?? 0) > 0 && (
                  <Tooltip title={t("expertPanelHint")}>
                    <Tag color="blue" data-testid="assigned-only">
                      {t("assignedOnly", { n: String(rights?.assignedPaths.length ?? 0) })}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            </div>
            <Space size={12} align="center" aria-live="polite">
              <span>
                <Typography.Text type="secondary">
                  {score && score.total === undefined && score.unscored > 0 ? t("partialTotal") : t("total")}{" "}
                </Typography.Text>
                <Typography.Text strong style={{ fontSize: 22 }} data-testid="total">
                  {score?.total !== undefined
                    ? score.total.toFixed(2)
                    : score?.partialTotal !== undefined
                      ? score.partialTotal.toFixed(2)
                      : "—"}
                </Typography.Text>
                {score && score.unscored > 0 && (
                  <Tag color="orange" style={{ marginLeft: 8 }} data-testid="unscored">
                    {t("unscoredCount", { n: score.unscored })}
                  </Tag>
                )}
              </span>
              <span data-testid="grade">
                {score && score.unscored > 0 ? <Tag>{t("noGrade")}</Tag> : <GradeTag grade={score?.grade ?? null} />}
              </span>
              {next && (
                <Tooltip title={pick(next.explanation)}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="next-grade">
                    {t("nextGrade", { grade: next.grade, points: formatScore(next.needed) })}
                  </Typography.Text>
                </Tooltip>
              )}
              {robustness && (
                <Tooltip title={pick(robustness.explanation)}>
                  <Tag color={robustness.robust ? "green" : "orange"} data-testid="robustness">
                    {t(robustness.robust ? "robust" : "notRobust")}
                  </Tag>
                </Tooltip>
              )}
            </Space>
            {!conflict && !correcting && (
              <StatusActions
                detail={detail}
                dirty={dirty}
                onCorrect={() => setCorrecting(true)}
                onChanged={(d) => {
                  setDetail(d);
                  setDraft(d.document as Doc);
                }}
              />
            )}
            {!conflict && (
              <WorkbookButtons
                detail={detail}
                canReplace={editable && !correcting}
                dirty={dirty}
                onReplaced={(d) => {
                  setDetail(d);
                  setDraft(d.document as Doc);
                }}
              />
            )}
            {canSave && !conflict && (
              <Space>
                {dirty && (
                  <Tag color="orange" data-testid="dirty">
                    {t("unsaved")}
                  </Tag>
                )}
                <Input
                  size="small"
                  placeholder={correcting ? t("actionReason") : t("reason")}
                  aria-label={t("reason")}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  style={{ width: 160 }}
                  maxLength={500}
                />
                <Button
                  icon={<UndoOutlined />}
                  disabled={!dirty && !correcting}
                  onClick={() => {
                    setDraft(detail.document as Doc);
                    setCorrecting(false);
                  }}
                >
                  {t("discard")}
                </Button>
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  disabled={!dirty}
                  loading={saving}
                  onClick={() => void save(draft!, detail.version)}
                  data-testid="save"
                >
                  {correcting ? t("saveCorrection") : t("save")}
                </Button>
              </Space>
            )}
          </div>
          {!evaluated.ok && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={
                <span>
                  {t("invalidDoc")}
                  {evaluated.problems.slice(0, 3).map((p) => (
                    <span key={p.path + p.code}>
                      {p.path}：{pick(p.message)}；
                    </span>
                  ))}
                </span>
              }
            />
          )}
        </Card>
        <StatusBanner detail={detail} />
        {conflict ? (
          <ConflictView
            base={detail.document as Doc}
            mine={draft!}
            theirs={conflict}
            saving={saving}
            onCancel={() => setConflict(null)}
            onMerge={(merged) => void save(merged, conflict.version)}
          />
        ) : (
          <Tabs
            activeKey={current}
            onChange={setTab}
            destroyOnHidden
            size="small"
            items={[
              { key: "overview", label: t("tabOverview"), children: <OverviewTab /> },
              { key: "goals", label: t("tabGoals"), children: <GoalsTab /> },
              { key: "scoring", label: t("tabScoring"), children: <ScoringTab /> },
              { key: "checks", label: t("tabChecks"), children: <ChecksTab scored={deferred} /> },
              { key: "findings", label: t("tabFindings"), children: <FindingsTab scored={deferred} /> },
              // 资料清单 and 反馈意见: only where an agency evaluates and this user may see them (policy.ts).
              ...((detail.access.collaboration ?? []).length > 0
                ? [
                    {
                      key: "requests",
                      label: t("tabRequests"),
                      children: (
                        <RequestsTab
                          detail={detail}
                          dirty={dirty}
                          onTaken={() =>
                            void api.evaluation(id).then((d) => {
                              setDetail(d);
                              setDraft(d.document as Doc);
                            })
                          }
                        />
                      ),
                    },
                  ]
                : []),
              { key: "history", label: t("tabHistory"), children: <HistoryTab version={detail.version} /> },
              { key: "report", label: t("tabReport"), children: <ReportTab title={detail.title} /> },
            ]}
          />
        )}
      </WorkspaceDataContext.Provider>
    </WorkspaceActionsContext.Provider>
  );
}

/**
 * The placeholder scope of `scored`, with the table numbers of `draft`, built once when first
 * asked for; before @jixiao/reports/pure has loaded, asking starts the load.
 */
function lazyFiller(reports: ReportsPure | null, scored: Scored | null, draft: Doc | null, load: () => void): () => Filler | null {
  let filler: Filler | null | undefined;
  return () => {
    if (!reports) {
      load();
      return null;
    }
    if (filler === undefined)
      filler =
        scored && draft
          ? { reports, scope: new reports.PlaceholderScope(scored.evaluation, scored.score, reportNumbering(reports, draft)) }
          : null;
    return filler;
  };
}

/** Focus the input for `path`, or the closest enclosing element that has an id. */
export function focusPath(path: Path, attempt = 0): void {
  for (let n = path.length; n > 0; n--) {
    const el = document.getElementById(fieldId(path.slice(0, n)));
    if (el) {
      el.scrollIntoView({ block: "center" });
      const input = el.matches("input,textarea") ? el : el.querySelector<HTMLElement>("input,textarea");
      (input ?? el).focus();
      el.classList.add("jx-flash");
      window.setTimeout(() => el.classList.remove("jx-flash"), 1600);
      return;
    }
  }
  if (attempt < 10) window.setTimeout(() => focusPath(path, attempt + 1), 80);
}

/**
 * 提交 / 退回 / 审核通过 / 发布 / 更正 / 归档: exactly the actions the server's `access` lists for
 * this user now (policy.ts's status table decides; no status rule is copied here). An action that
 * needs a reason asks for it; 更正 opens the evaluation for a correction instead.
 */
function StatusActions({
  detail,
  dirty,
  onChanged,
  onCorrect,
}: {
  detail: EvaluationDetail;
  dirty: boolean;
  onChanged: (d: EvaluationDetail) => void;
  onCorrect: () => void;
}) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState<EvaluationAccess["actions"][number] | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  /** 提交 refused for open review notes (批注): the server's message, and the reason to submit anyway. */
  const [openNotes, setOpenNotes] = useState<string | null>(null);
  const [overrideNotes, setOverrideNotes] = useState("");
  if (detail.access.actions.length === 0) return null;
  const run = async () => {
    if (!open) return;
    if (open.reasonRequired && !reason.trim()) {
      void message.error(t("reasonRequired"));
      return;
    }
    setBusy(true);
    try {
      onChanged(
        await api.transition(detail.id, {
          version: detail.version,
          action: open.action,
          reason: reason.trim() || undefined,
          overrideNotes: openNotes !== null && overrideNotes.trim() ? overrideNotes.trim() : undefined,
        }),
      );
      void message.success(t(`status_${open.to}`));
      setOpen(null);
      setReason("");
      setOpenNotes(null);
      setOverrideNotes("");
    } catch (err) {
      if (err instanceof ApiFailure && err.code === "open-notes") setOpenNotes(pick(err.text));
      else void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      {detail.access.actions.map((a) => (
        <Button
          key={a.action}
          size="small"
          data-testid={`action-${a.action}`}
          onClick={() => (a.action === "correct" ? onCorrect() : (setReason(""), setOpenNotes(null), setOpen(a)))}
        >
          {t(`action_${a.action}`)}
        </Button>
      ))}
      <Modal
        open={open !== null}
        title={open ? `${t(`action_${open.action}`)}「${detail.title}」？` : ""}
        okText={open ? t(`action_${open.action}`) : ""}
        cancelText={t("cancel")}
        okButtonProps={{
          disabled: dirty || (!!open?.reasonRequired && !reason.trim()) || (openNotes !== null && !overrideNotes.trim()),
          loading: busy,
        }}
        onOk={() => void run()}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        {dirty && <Alert type="warning" showIcon title={t("saveFirst")} style={{ marginBottom: 8 }} />}
        <Input.TextArea
          aria-label={open?.reasonRequired ? t("actionReason") : t("actionReasonOptional")}
          placeholder={open?.reasonRequired ? t("actionReason") : t("actionReasonOptional")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          rows={3}
          data-testid="action-reason"
        />
        {openNotes !== null && (
          <>
            <Alert
              type="warning"
              showIcon
              title={t("overrideNotesTitle")}
              description={openNotes}
              style={{ margin: "8px 0" }}
              data-testid="open-notes"
            />
            <Input.TextArea
              aria-label={t("overrideNotes")}
              placeholder={t("overrideNotes")}
              value={overrideNotes}
              onChange={(e) => setOverrideNotes(e.target.value)}
              maxLength={500}
              rows={2}
              data-testid="override-notes"
            />
          </>
        )}
      </Modal>
    </Space>
  );
}
