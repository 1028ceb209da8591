/**
 * 资料清单 and 反馈意见: the agency sends data requests (each item a label and, optionally, the place
 * in the evaluation its value goes), the audited department fills them, the agency takes each
 * answered value in (a new revision naming its source) or returns it with a comment; below, the
 * department's feedback on the draft for comment and the agency's answers. What this user may do is
 * the server's `access.collaboration` (policy.ts decides).
 */
import { PlusOutlined } from "@ant-design/icons";
import {
  DATA_ITEM_KIND_LABELS,
  DATA_ITEM_STATUS_LABELS,
  type DataItemKind,
  type DataRequestView,
  type EvaluationDetail,
  type FeedbackView,
  describePath,
} from "@jixiao/api";
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../api.js";
import { localTime, useI18n } from "../i18n.js";
import { useSession } from "../session.js";

type Path = Array<string | number>;
const STATUS_COLORS = { open: "default", answered: "blue", taken: "green", returned: "orange" } as const;

/** The places a supplied value can go: every leaf indicator's actual, funds lines' figures, units' staffing. */
export function dataTargets(doc: unknown): Array<{ kind: DataItemKind; path: Path }> {
  const out: Array<{ kind: DataItemKind; path: Path }> = [];
  const d = doc as {
    indicators?: Array<Record<string, unknown>>;
    funds?: { lines?: unknown[] };
    organisation?: { units?: unknown[] };
  };
  const walk = (nodes: Array<Record<string, unknown>>, at: Path) =>
    nodes.forEach((n, i) => {
      const kids = n["children"] as Array<Record<string, unknown>> | undefined;
      if (kids && kids.length > 0) walk(kids, [...at, i, "children"]);
      else out.push({ kind: "output", path: [...at, i, "actual"] });
    });
  walk(d.indicators ?? [], ["indicators"]);
  (d.funds?.lines ?? []).forEach((_, i) => {
    for (const f of ["adjustedBudget", "actual"]) out.push({ kind: "funds", path: ["funds", "lines", i, f] });
  });
  (d.organisation?.units ?? []).forEach((_, i) => {
    for (const f of ["quota", "inPost"]) out.push({ kind: "staffing", path: ["organisation", "units", i, f] });
  });
  return out;
}

export function RequestsTab({ detail, dirty, onTaken }: { detail: EvaluationDetail; dirty: boolean; onTaken: () => void }) {
  const { api } = useSession();
  const { t, pick, lang } = useI18n();
  const { message } = AntApp.useApp();
  const may = useCallback((a: string) => (detail.access.collaboration ?? []).includes(a), [detail.access.collaboration]);
  const [requests, setRequests] = useState<DataRequestView[] | null>(null);
  const [feedback, setFeedback] = useState<FeedbackView[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [filling, setFilling] = useState<DataRequestView | null>(null);
  const [returning, setReturning] = useState<{ num: number; itemId: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = useCallback((e: unknown) => void message.error(e instanceof ApiFailure ? pick(e.text) : String(e)), [message, pick]);
  const load = useCallback(() => {
    if (may("dataRequest.read")) api.call("requests.list", { params: { id: detail.id } }).then(setRequests, fail);
    if (may("feedback.read")) api.call("feedback.list", { params: { id: detail.id } }).then(setFeedback, fail);
  }, [api, detail.id, may, fail]);
  useEffect(load, [load, detail.version]);

  const replace = (r: DataRequestView) => setRequests((list) => (list ?? []).map((x) => (x.id === r.id ? r : x)));
  const take = async (num: number, itemId: string) => {
    setBusy(true);
    try {
      replace(
        await api.call("requests.review", {
          params: { id: detail.id, number: num, itemId },
          body: { decision: "take", version: detail.version },
        }),
      );
      void message.success(t("takeIn"));
      onTaken();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  if (!may("dataRequest.read") && !may("feedback.read")) return <Empty description={t("empty")} />;
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={12}>
      {may("dataRequest.answer") || may("feedback.create") ? <Alert type="info" showIcon title={t("independenceHint")} /> : null}
      {may("dataRequest.read") && (
        <Card
          size="small"
          title={t("dataRequests")}
          data-testid="data-requests"
          extra={
            may("dataRequest.create") && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-data-request">
                {t("newDataRequest")}
              </Button>
            )
          }
        >
          {requests !== null && requests.length === 0 && <Empty description={t("noDataRequests")} />}
          {(requests ?? []).map((r) => (
            <Card
              key={r.id}
              type="inner"
              size="small"
              style={{ marginBottom: 8 }}
              title={`#${r.number} ${r.title}`}
              data-testid={`data-request-${r.number}`}
              extra={
                <Space size={8}>
                  <Typography.Text type="secondary">
                    {r.createdBy} · {localTime(r.createdAt, lang)}
                  </Typography.Text>
                  {may("dataRequest.answer") && r.items.some((i) => i.status !== "taken") && (
                    <Button size="small" type="primary" onClick={() => setFilling(r)} data-testid={`fill-${r.number}`}>
                      {t("fillRequest")}
                    </Button>
                  )}
                </Space>
              }
            >
              {r.note && <Typography.Paragraph type="secondary">{r.note}</Typography.Paragraph>}
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={r.items}
                columns={[
                  { title: t("itemKind"), dataIndex: "kind", width: 70, render: (k: DataItemKind) => pick(DATA_ITEM_KIND_LABELS[k]) },
                  { title: t("itemLabel"), dataIndex: "label", width: 180 },
                  {
                    title: t("itemTarget"),
                    key: "target",
                    width: 200,
                    render: (_: unknown, i) =>
                      i.target ? pick(i.target) : <Typography.Text type="secondary">{t("itemTargetNone")}</Typography.Text>,
                  },
                  {
                    title: t("itemValue"),
                    key: "value",
                    render: (_: unknown, i) =>
                      i.value === null ? (
                        <Typography.Text type="secondary">—</Typography.Text>
                      ) : (
                        <div>
                          <Typography.Text strong>{i.value}</Typography.Text>
                          {i.note && <Typography.Text type="secondary">（{i.note}）</Typography.Text>}
                          <div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t("suppliedBy", { name: i.answeredBy ?? "—", at: localTime(i.answeredAt, lang) })}
                            </Typography.Text>
                          </div>
                          {i.comment && (
                            <div>
                              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                                {t("returnComment")}：{i.comment}
                              </Typography.Text>
                            </div>
                          )}
                        </div>
                      ),
                  },
                  {
                    title: t("itemStatus"),
                    key: "status",
                    width: 190,
                    render: (_: unknown, i) => (
                      <Space size={4} wrap>
                        <Tag color={STATUS_COLORS[i.status]} data-testid={`item-status-${r.number}-${i.position}`}>
                          {pick(DATA_ITEM_STATUS_LABELS[i.status])}
                        </Tag>
                        {i.takenVersion !== null && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t("takenInVersion", { v: i.takenVersion })}
                          </Typography.Text>
                        )}
                        {may("dataRequest.review") && i.status === "answered" && (
                          <>
                            {i.path && (
                              <Tooltip title={dirty ? t("saveBeforeTakeIn") : undefined}>
                                <Button
                                  size="small"
                                  type="primary"
                                  disabled={dirty}
                                  loading={busy}
                                  onClick={() => void take(r.number, i.id)}
                                  data-testid={`take-${r.number}-${i.position}`}
                                >
                                  {t("takeIn")}
                                </Button>
                              </Tooltip>
                            )}
                            <Button size="small" onClick={() => setReturning({ num: r.number, itemId: i.id })}>
                              {t("returnItem")}
                            </Button>
                          </>
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
          ))}
        </Card>
      )}
      {may("feedback.read") && (
        <FeedbackCard
          detail={detail}
          items={feedback}
          mayWrite={may("feedback.create")}
          mayAnswer={may("feedback.answer")}
          onChanged={(f) => setFeedback((list) => [...(list ?? []).filter((x) => x.id !== f.id), f].sort((a, b) => a.number - b.number))}
          fail={fail}
        />
      )}
      {creating && (
        <NewRequestDialog
          detail={detail}
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setRequests((list) => [...(list ?? []), r]);
          }}
        />
      )}
      {filling && (
        <FillDialog
          detail={detail}
          request={filling}
          onClose={() => setFilling(null)}
          onFilled={(r) => {
            setFilling(null);
            replace(r);
          }}
        />
      )}
      {returning && (
        <ReturnDialog
          onClose={() => setReturning(null)}
          onReturn={async (comment) => {
            try {
              replace(
                await api.call("requests.review", {
                  params: { id: detail.id, number: returning.num, itemId: returning.itemId },
                  body: { decision: "return", comment },
                }),
              );
              setReturning(null);
            } catch (e) {
              fail(e);
            }
          }}
        />
      )}
    </Space>
  );
}

function NewRequestDialog({
  detail,
  onClose,
  onCreated,
}: {
  detail: EvaluationDetail;
  onClose: () => void;
  onCreated: (r: DataRequestView) => void;
}) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ title: string; note?: string; items: Array<{ kind: DataItemKind; label: string; target?: string }> }>();
  const [busy, setBusy] = useState(false);
  const targets = useMemo(
    () => dataTargets(detail.document).map((x) => ({ ...x, key: JSON.stringify(x.path), label: describePath(detail.document, x.path) })),
    [detail.document],
  );
  return (
    <Modal
      open
      width={760}
      title={t("newDataRequest")}
      okText={t("newDataRequest")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          onCreated(
            await api.call("requests.create", {
              params: { id: detail.id },
              body: {
                title: v.title,
                ...(v.note ? { note: v.note } : {}),
                items: v.items.map((i) => ({
                  kind: i.kind,
                  label: i.label,
                  ...(i.target ? { path: JSON.parse(i.target) as Path } : {}),
                })),
              },
            }),
          );
        } catch (e) {
          void message.error(e instanceof ApiFailure ? pick(e.text) : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ title: "基础数据", items: [{ kind: "output", label: "" }] }}>
        <Form.Item label={t("requestTitle")} name="title" rules={[{ required: true, message: t("required") }, { max: 200 }]}>
          <Input maxLength={200} data-testid="request-title" />
        </Form.Item>
        <Form.Item label={t("requestNote")} name="note">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap data-testid="request-item">
                  <Form.Item name={[f.name, "kind"]} rules={[{ required: true, message: t("required") }]}>
                    <Select
                      style={{ width: 90 }}
                      aria-label={t("itemKind")}
                      options={Object.entries(DATA_ITEM_KIND_LABELS).map(([k, l]) => ({ value: k, label: pick(l) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "label"]} rules={[{ required: true, message: t("required") }, { max: 200 }]}>
                    <Input placeholder={t("itemLabel")} aria-label={t("itemLabel")} style={{ width: 200 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const kind = form.getFieldValue(["items", f.name, "kind"]) as DataItemKind | undefined;
                      return (
                        <Form.Item name={[f.name, "target"]}>
                          <Select
                            allowClear
                            showSearch={{ optionFilterProp: "label" }}
                            placeholder={t("itemTarget")}
                            aria-label={t("itemTarget")}
                            style={{ width: 300 }}
                            options={targets
                              .filter((x) => !kind || kind === "other" || x.kind === kind)
                              .map((x) => ({ value: x.key, label: pick(x.label) }))}
                            onChange={(v?: string) => {
                              // The label follows the chosen place until typed over.
                              const chosen = targets.find((x) => x.key === v);
                              if (chosen && !form.getFieldValue(["items", f.name, "label"]))
                                form.setFieldValue(["items", f.name, "label"], pick(chosen.label));
                            }}
                          />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>−</Button>}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: "output", label: "" })} disabled={fields.length >= 100}>
                {t("addItem")}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function FillDialog({
  detail,
  request,
  onClose,
  onFilled,
}: {
  detail: EvaluationDetail;
  request: DataRequestView;
  onClose: () => void;
  onFilled: (r: DataRequestView) => void;
}) {
  const { api } = useSession();
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const open = request.items.filter((i) => i.status !== "taken");
  const [values, setValues] = useState<Record<string, { value: string; note: string }>>(() =>
    Object.fromEntries(open.map((i) => [i.id, { value: i.value ?? "", note: i.note ?? "" }])),
  );
  const [busy, setBusy] = useState(false);
  const filled = open.filter((i) => values[i.id]!.value.trim());
  return (
    <Modal
      open
      width={720}
      title={`${t("fillRequest")}：#${request.number} ${request.title}`}
      okText={t("submitAnswers")}
      cancelText={t("cancel")}
      okButtonProps={{ disabled: filled.length === 0, loading: busy }}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        try {
          onFilled(
            await api.call("requests.answer", {
              params: { id: detail.id, number: request.number },
              body: {
                items: filled.map((i) => ({
                  itemId: i.id,
                  value: values[i.id]!.value.trim(),
                  ...(values[i.id]!.note.trim() ? { note: values[i.id]!.note.trim() } : {}),
                })),
              },
            }),
          );
        } catch (e) {
          void message.error(e instanceof ApiFailure ? pick(e.text) : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={open}
        columns={[
          {
            title: t("itemLabel"),
            key: "label",
            render: (_: unknown, i) => (
              <div>
                {i.label}
                {i.comment && (
                  <div>
                    <Typography.Text type="warning" style={{ fontSize: 12 }}>
                      {t("returnComment")}：{i.comment}
                    </Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t("itemValue"),
            key: "value",
            width: 220,
            render: (_: unknown, i) => (
              <Input
                aria-label={`${i.label} ${t("itemValue")}`}
                data-testid={`fill-value-${i.position}`}
                maxLength={2000}
                value={values[i.id]!.value}
                onChange={(e) => setValues((v) => ({ ...v, [i.id]: { ...v[i.id]!, value: e.target.value } }))}
              />
            ),
          },
          {
            title: t("itemNote"),
            key: "note",
            width: 200,
            render: (_: unknown, i) => (
              <Input
                aria-label={`${i.label} ${t("itemNote")}`}
                maxLength={2000}
                value={values[i.id]!.note}
                onChange={(e) => setValues((v) => ({ ...v, [i.id]: { ...v[i.id]!, note: e.target.value } }))}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}

function ReturnDialog({ onClose, onReturn }: { onClose: () => void; onReturn: (comment: string) => Promise<void> }) {
  const { t } = useI18n();
  const [comment, setComment] = useState("");
  return (
    <Modal
      open
      title={t("returnItem")}
      okText={t("returnItem")}
      cancelText={t("cancel")}
      okButtonProps={{ disabled: !comment.trim() }}
      onCancel={onClose}
      onOk={() => onReturn(comment.trim())}
    >
      <Input.TextArea
        rows={3}
        maxLength={2000}
        placeholder={t("returnComment")}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
    </Modal>
  );
}

function FeedbackCard({
  detail,
  items,
  mayWrite,
  mayAnswer,
  onChanged,
  fail,
}: {
  detail: EvaluationDetail;
  items: FeedbackView[] | null;
  mayWrite: boolean;
  mayAnswer: boolean;
  onChanged: (f: FeedbackView) => void;
  fail: (e: unknown) => void;
}) {
  const { api } = useSession();
  const { t, lang } = useI18n();
  const [section, setSection] = useState("");
  const [text, setText] = useState("");
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const open = detail.status === "draft" || detail.status === "returned";
  return (
    <Card size="small" title={t("feedback")} data-testid="feedback">
      {!open && <Alert type="info" showIcon title={t("feedbackClosed")} style={{ marginBottom: 8 }} />}
      {items !== null && items.length === 0 && <Empty description={t("noFeedback")} />}
      {(items ?? []).map((f) => (
        <Card key={f.id} type="inner" size="small" style={{ marginBottom: 8 }} data-testid={`feedback-${f.number}`}>
          <Typography.Text type="secondary">
            #{f.number} {f.section ? `【${f.section}】` : ""}
            {f.createdBy} · {localTime(f.createdAt, lang)}
          </Typography.Text>
          <Typography.Paragraph style={{ margin: "4px 0" }}>{f.text}</Typography.Paragraph>
          {f.answer !== null ? (
            <Alert
              type="success"
              title={`${t("feedbackAnswer")}（${f.answeredBy ?? ""} · ${localTime(f.answeredAt, lang)}）：${f.answer}`}
              data-testid={`feedback-answer-${f.number}`}
            />
          ) : (
            mayAnswer && (
              <Space.Compact style={{ width: "100%" }}>
                <Input
                  aria-label={t("answerFeedback")}
                  placeholder={t("answerFeedback")}
                  maxLength={2000}
                  value={answers[f.number] ?? ""}
                  onChange={(e) => setAnswers((a) => ({ ...a, [f.number]: e.target.value }))}
                />
                <Button
                  disabled={!(answers[f.number] ?? "").trim()}
                  onClick={() =>
                    api
                      .call("feedback.answer", { params: { id: detail.id, number: f.number }, body: { text: answers[f.number]!.trim() } })
                      .then(onChanged, fail)
                  }
                >
                  {t("answerFeedback")}
                </Button>
              </Space.Compact>
            )
          )}
        </Card>
      ))}
      {mayWrite && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Input
            placeholder={t("feedbackSection")}
            aria-label={t("feedbackSection")}
            maxLength={200}
            value={section}
            onChange={(e) => setSection(e.target.value)}
          />
          <Input.TextArea
            rows={3}
            placeholder={t("feedbackText")}
            aria-label={t("feedbackText")}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="feedback-text"
          />
          <Button
            type="primary"
            disabled={!text.trim()}
            onClick={() =>
              api
                .call("feedback.create", {
                  params: { id: detail.id },
                  body: { text: text.trim(), ...(section.trim() ? { section: section.trim() } : {}) },
                })
                .then((f) => {
                  onChanged(f);
                  setText("");
                  setSection("");
                }, fail)
            }
          >
            {t("writeFeedback")}
          </Button>
        </Space>
      )}
    </Card>
  );
}
