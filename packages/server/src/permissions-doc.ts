/**
 * docs/permissions.md, written from the policy's own tables (policy.ts: MATRIX, STATUS_TABLE,
 * ROLE_ORGANISATION_KINDS, PARENT_KINDS) so an auditor reads exactly what the server decides.
 * `npm run permissions` writes it; packages/server/test/permissions-doc.test.ts fails when the
 * committed file differs.
 */
import {
  ACTION_LABELS,
  FILING_ACTION_LABELS,
  FILING_STATUS_LABELS,
  MONITORING_KIND_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  type Bilingual,
  type EvaluationStatus,
  type FilingStatus,
  type MonitoringKind,
  type Role,
} from "@jixiao/api";
import {
  ACTION_NOTES,
  ANONYMOUS_ACTIONS,
  type Action,
  EDITABLE_STATUSES,
  FEEDBACK_STATUSES,
  FILING_EDITABLE,
  FILING_OPINION_STATUSES,
  FILING_STATUS_TABLE,
  MONITORING_REPORTERS,
  MATRIX,
  PARENT_KINDS,
  ROLES,
  ROLE_ORGANISATION_KINDS,
  SCOPE_LABELS,
  STATUS_TABLE,
} from "./policy.js";

const ACTION_NAMES: Record<Action, Bilingual> = {
  "evaluation.read": { zh: "查看评价", en: "read an evaluation" },
  "evaluation.readPublic": { zh: "查看公开信息", en: "read the public view" },
  "evaluation.create": { zh: "新建评价", en: "create an evaluation" },
  "evaluation.update": { zh: "编辑评价", en: "edit an evaluation" },
  "evaluation.scoreAssigned": { zh: "专家评分（分配的指标）", en: "score assigned indicators (expert panel)" },
  "evaluation.submit": { zh: "提交", en: "submit" },
  "evaluation.return": { zh: "退回", en: "return" },
  "evaluation.accept": { zh: "审核通过", en: "accept" },
  "evaluation.publish": { zh: "发布", en: "publish" },
  "evaluation.correct": { zh: "更正", en: "correct" },
  "evaluation.archive": { zh: "归档", en: "archive" },
  "panel.read": { zh: "查看专家评议", en: "read the expert panel" },
  "panel.manage": { zh: "组织专家评议", en: "run the expert panel" },
  "evidence.read": { zh: "查看、下载佐证材料", en: "list and download evidence" },
  "evidence.upload": { zh: "上传、删除佐证材料", en: "attach and remove evidence" },
  "note.read": { zh: "查看批注", en: "read review notes" },
  "note.create": { zh: "添加批注", en: "write review notes" },
  "note.resolve": { zh: "解决、重开批注", en: "resolve and reopen review notes" },
  "organisation.read": { zh: "查看单位", en: "list organisations" },
  "organisation.create": { zh: "新建单位", en: "create an organisation" },
  "user.read": { zh: "查看用户", en: "list users" },
  "user.create": { zh: "新建用户", en: "create a user" },
  "template.read": { zh: "查看、使用已保存模板", en: "list, read and use saved templates" },
  "template.create": { zh: "保存模板", en: "save a template" },
  "form.audit": { zh: "批量审核表格", en: "audit a batch of forms" },
  "portfolio.read": { zh: "查看驾驶舱", en: "view the dashboard" },
  "portfolio.whatif": {
    zh: "组合模拟（改变等级区间、分值或档次后的等级迁移）",
    en: "portfolio what-if (grade migration under changed bands, points or levels)",
  },
  "commission.read": { zh: "查看委托", en: "list commissions" },
  "commission.create": { zh: "新建委托", en: "commission an evaluation" },
  "dataRequest.read": { zh: "查看资料清单", en: "read data requests" },
  "dataRequest.create": { zh: "发出资料清单", en: "send a data request" },
  "dataRequest.answer": { zh: "填报资料清单", en: "fill a data request" },
  "dataRequest.review": { zh: "审核、采纳资料", en: "review and take in supplied data" },
  "feedback.read": { zh: "查看反馈意见", en: "read feedback" },
  "feedback.create": { zh: "提出反馈意见", en: "write feedback" },
  "feedback.answer": { zh: "答复反馈意见", en: "answer feedback" },
  "filing.read": { zh: "查看绩效目标申报", en: "read target filings" },
  "filing.create": { zh: "新建绩效目标申报", en: "file performance targets" },
  "filing.update": { zh: "编辑申报", en: "edit a filing" },
  "filing.submit": { zh: "提交申报", en: "submit a filing" },
  "filing.pass": { zh: "审核通过（批复）", en: "pass a filing (approve)" },
  "filing.return": { zh: "退回修改", en: "return a filing for revision" },
  "filing.reject": { zh: "不予通过", en: "reject a filing" },
  "filing.adjust": { zh: "调整绩效目标", en: "adjust approved targets" },
  "filing.opine": { zh: "提出审核意见（受邀）", en: "give an opinion (invited)" },
  "filing.invite": { zh: "邀请专家、第三方", en: "invite experts or an agency" },
  "filing.startEvaluation": { zh: "依据批复目标开展评价", en: "start an evaluation from approved targets" },
  "monitoring.read": { zh: "查看运行监控与预警", en: "read monitoring and its lights" },
  "monitoring.manage": { zh: "下达、修改监控任务", en: "issue and change monitoring tasks" },
  "monitoring.report": { zh: "报送监控表", en: "submit monitoring reports" },
  "monitoring.conclude": { zh: "财政处理意见", en: "record finance's conclusion" },
};

const KIND_LABELS: Record<string, Bilingual> = {
  region: { zh: "地区", en: "region" },
  department: { zh: "部门", en: "department" },
  unit: { zh: "单位", en: "unit" },
  agency: { zh: "评价机构", en: "agency" },
};

const both = (t: Bilingual) => `${t.zh} ${t.en}`;
const status = (s: EvaluationStatus) => `${STATUS_LABELS[s].zh} ${s}`;
const roleHead = (r: Role) => `${ROLE_LABELS[r].zh}<br>${r}`;
const kinds = (ks: readonly string[]) => ks.map((k) => both(KIND_LABELS[k] ?? { zh: k, en: k })).join("、");

/** The whole document, deterministic (no dates), ending in a newline. */
export function permissionsMarkdown(): string {
  const out: string[] = [];
  out.push("# 权限与状态流转 / Permissions and the status machine", "");
  out.push(
    "<!-- Generated from packages/server/src/policy.ts by `npm run permissions`; do not edit by hand (a test fails when this file is stale). -->",
    "",
  );
  out.push(
    "每一项访问决定都由 `packages/server/src/policy.ts` 一处作出，本文件由其数据表生成。",
    "Every access decision is made in one place, `packages/server/src/policy.ts`; this file is generated from its tables.",
    "",
  );

  out.push("## 角色 × 操作 / Role × action", "");
  out.push("格中为可执行的范围；空白为不可执行。/ Each cell is where the role may do the action; blank: nowhere.", "");
  out.push(`| 操作 / action | ${ROLES.map(roleHead).join(" | ")} | 附加条件 / conditions |`);
  out.push(`|---|${ROLES.map(() => "---").join("|")}|---|`);
  for (const action of Object.keys(MATRIX) as Action[]) {
    const cells = ROLES.map((r) => {
      const scope = MATRIX[action][r];
      return scope ? both(SCOPE_LABELS[scope]) : "";
    });
    const note = ACTION_NOTES[action];
    out.push(`| ${both(ACTION_NAMES[action])}<br>\`${action}\` | ${cells.join(" | ")} | ${note ? both(note) : ""} |`);
  }
  out.push("");
  out.push("范围 / scopes:", "");
  out.push("- 本辖区 own subtree — 资源所属单位是本人单位或其下级 / the resource's organisation is the caller's or below it");
  out.push(
    "- 本地区 own region — 资源属于本人所在地区（本人单位以上最近的地区）或其上级地区 / the resource is in the caller's region (the nearest region at or above the caller's organisation) or in a region above it",
  );
  out.push("- 受托评价 its agency's — 评价的评价机构是本人所在机构 / the evaluation is assigned to the caller's agency");
  out.push("- 分配给本人 assigned to them — 专家被分配了该评价的指标 / the expert is assigned indicators of the evaluation");
  out.push("- 已发布 published — 评价已发布 / the evaluation is published");
  out.push(
    "- 本辖区自评 own subtree, no agency — 本辖区内、无评价机构的评价（单位自评、部门评价）/ in the subtree and evaluated by no agency (a self-evaluation)",
  );
  out.push(
    "- 本辖区受托评价 own subtree, evaluated by an agency — 本辖区内、由评价机构评价：部门提供资料、提出反馈意见，不改评价机构的底稿 / in the subtree and evaluated by an agency: the department supplies data and feedback, never edits the agency's working papers",
  );
  out.push("- 委托给本机构 commissioned to its agency — 财政部门的委托指定了本人所在机构 / a commission names the caller's agency");
  out.push(
    "- 本部门及所属单位（主管部门）as the supervising department — 本人单位是申报单位的主管部门（其上最近的部门）/ the caller's organisation is the filing's supervising department (the nearest department at or above it)",
  );
  out.push("- 受邀 invited — 财政邀请本人对该申报提出意见 / finance invited the caller to give an opinion on the filing");
  out.push(
    "- 不限 any — 不针对某一资源；列出的内容仍按可见范围过滤 / no particular resource; what is listed is still filtered by visibility",
  );
  out.push("");
  out.push(
    "不可见的评价、模板与其他地区的单位一律答复“不存在”（404 或指明字段的 400），不透露其存在。/ Evaluations, templates and organisations outside the caller's reach answer as absent (404, or a 400 naming the field), never disclosing that they exist.",
    "",
  );

  out.push("## 绩效公开 / The public view", "");
  out.push(
    `未登录的公众（部署允许时，配置 \`JIXIAO_PUBLIC_ACCESS=anonymous\`，默认）可以：${(Object.keys(ANONYMOUS_ACTIONS) as Action[])
      .map((a) => `${both(ACTION_NAMES[a])}（\`${a}\`，${both(SCOPE_LABELS[ANONYMOUS_ACTIONS[a]!])}）`)
      .join("、")}；只读，按来源地址限速（429 与 \`Retry-After\`）。其余一切未登录的请求：401。`,
    "",
    "The public without an account (when the deployment allows it: `JIXIAO_PUBLIC_ACCESS=anonymous`, the default) may only read the public view of published evaluations, read-only and rate-limited by address (429 with `Retry-After`); every other request without a session is 401.",
    "",
    "公开的只有：标题、被评价单位、年度、类型、总分、等级、发布日期、一级指标的分值、得分与得分率、更正说明（日期与原因）、报告（HTML、PDF，按已发布版本生成）。访客账号与未登录的公众看到的相同：评价的修订历史、差异、审计记录、得分明细、核查、问题底稿、导出、专家评分、佐证材料、批注、资料清单与反馈意见一律答复“不存在”（404），不透露其存在。已归档的评价不再公开。",
    "",
    "Public are only: the title, the organisation evaluated, the year, the kind, the total, the grade, the publication date, each level-1 indicator's points, score and rate, the correction notes (date and reason) and the report (HTML, PDF, from the published revision). A visitor account sees the same as the public: an evaluation's revisions, differences, audit trail, detailed scores, checks, findings, exports, expert scores, evidence, review notes, data requests and feedback all answer as absent (404), never disclosing that they exist. An archived evaluation is no longer public.",
    "",
  );

  out.push("## 评价状态流转 / Status machine", "");
  out.push(
    `可编辑状态 / editable statuses: ${EDITABLE_STATUSES.map(status).join("、")}。其余状态只读；已发布的评价只能以“更正”修改。/ Other statuses are read-only; a published evaluation changes only by a correction.`,
    "",
  );
  out.push("| 当前状态 / from | 操作 / action | 结果状态 / to | 可执行角色 / who (in their scope) | 须填原因 / reason |");
  out.push("|---|---|---|---|---|");
  for (const t of STATUS_TABLE) {
    out.push(
      `| ${status(t.from)} | ${ACTION_LABELS[t.action].zh} ${t.action} | ${status(t.to)} | ${t.roles.map((r) => `${ROLE_LABELS[r].zh} ${r}`).join("、")} | ${t.reasonRequired ? "是 yes" : "否 no"} |`,
    );
  }
  out.push("");
  out.push(
    "表中没有的操作（包括停留在同一状态的操作，如对已发布的评价再次发布）一律拒绝：409 `invalid-transition`，并列出当前状态可执行的操作。表中有、但不是本人可执行的：403。缺少必填原因：400 `reason-required`（字段 `reason`）。每次状态变化恰好写入一个版本和一条审计记录。",
    "",
    "A move not in the table (including one that stays in the same status, such as publishing a published evaluation) is refused: 409 `invalid-transition`, naming the actions possible from the current status. A move in the table that is not the caller's: 403. A required reason missing: 400 `reason-required` (field `reason`). Every status change adds exactly one revision and one audit entry.",
    "",
    "更正 / correct: 已发布的评价在原处更正，保持已发布；更正的字段（`changes`）或完整文件（`document`）保存为一个新版本，原因即更正说明，每个更正字段记入审计（`evaluation.correct`）。公开的报告不因更正而撤下。/ A published evaluation is corrected in place and stays published: the corrected fields (`changes`) or the whole document (`document`) are saved as one revision whose reason is the correction note, each corrected field audited under `evaluation.correct`. The public report is never withdrawn for a correction.",
    "",
  );

  out.push(
    `资料清单与反馈意见 / data requests and feedback: 资料清单的发出、填报与采纳仅在${EDITABLE_STATUSES.map(status).join("、")}状态；反馈意见（征求意见稿）的提出与答复仅在${FEEDBACK_STATUSES.map(status).join("、")}状态——评价机构仍在工作、尚未报送财政时。采纳一项资料即把其数值写入评价（一个新版本，原因注明“来自资料清单 #n，由某人于某时提供”）。/ Data requests are sent, filled and taken in only while the evaluation is editable; feedback on the draft for comment is written and answered only while the agency still works on it, before it is submitted to the bureau. Taking an item in writes its value into the evaluation as a new revision whose reason names its source.`,
    "",
  );

  const filingStatus = (s: FilingStatus) => `${FILING_STATUS_LABELS[s].zh} ${s}`;
  out.push("## 绩效目标申报状态流转 / The target filing's status machine", "");
  out.push(
    `可编辑状态 / editable statuses: ${FILING_EDITABLE.map(filingStatus).join("、")}；审核中与已决定的申报锁定（保存：409 \`filing-locked\`）。/ Under review or decided, a filing is locked (saving: 409 \`filing-locked\`).`,
    "",
  );
  out.push("| 当前状态 / from | 操作 / action | 结果状态 / to | 可执行角色 / who | 须填原因 / reason |");
  out.push("|---|---|---|---|---|");
  for (const t of FILING_STATUS_TABLE) {
    const who = t.roles
      .map((r) => `${ROLE_LABELS[r].zh} ${r}（${t.from === "departmentReview" && r === "department" ? "主管部门" : "本辖区"}）`)
      .join("、");
    out.push(
      `| ${filingStatus(t.from)} | ${FILING_ACTION_LABELS[t.action].zh} ${t.action} | ${filingStatus(t.to)} | ${who} | ${t.reasonRequired ? "是 yes（审核意见）" : "否 no"} |`,
    );
  }
  out.push("");
  out.push(
    `审核（\`filings.review\`）按上表推进：部门审核由申报单位的主管部门（其上最近的部门）作出，财政审核由本辖区财政管理员作出；提交人不能审核自己提交的申报（403 \`own-submission\`）。每次审核逐项记录完整性、相关性、适当性、可行性的意见、结论与审核意见。受邀的专家或评价机构（\`filing.opine\`，由财政邀请）仅在${FILING_OPINION_STATUSES.map(filingStatus).join("、")}时提出意见，不改变状态。调整（\`adjust\`）保留批复版本，调整后的版本与之逐项对照（\`filings.diff\`）。/ A review moves the status by the table: the department review by the filing's 主管部门 (the nearest department above it), the finance review by the bureau's administrator; nobody reviews their own submission (403 \`own-submission\`). Each review records a rating and opinion per criterion (completeness, relevance, appropriateness, feasibility), the conclusion and the opinion. An expert or agency invited by finance gives an advisory opinion while under review, without moving the status. An adjustment keeps the approved version; the adjusted one is compared with it item by item.`,
    "",
  );
  out.push(
    `运行监控 / monitoring: ${(Object.keys(MONITORING_REPORTERS) as MonitoringKind[])
      .map((k) => `${MONITORING_KIND_LABELS[k].zh}由${MONITORING_REPORTERS[k].map((r) => ROLE_LABELS[r].zh).join("、")}报送`)
      .join(
        "；",
      )}；截止日后报送记为逾期，截止日已过仍未报送记为未报送。/ General monitoring is reported by the departments, key monitoring by the finance bureau; a report after the deadline is late, none by then is missing.`,
    "",
  );

  out.push("## 账号与单位 / Accounts and organisations", "");
  out.push("| 角色 / role | 账号所属单位 / the account belongs to |");
  out.push("|---|---|");
  for (const r of ROLES) out.push(`| ${ROLE_LABELS[r].zh} ${r} | ${kinds(ROLE_ORGANISATION_KINDS[r])} |`);
  out.push("");
  out.push("| 单位类型 / kind | 上级单位类型 / under |");
  out.push("|---|---|");
  for (const [k, parents] of Object.entries(PARENT_KINDS)) out.push(`| ${both(KIND_LABELS[k] ?? { zh: k, en: k })} | ${kinds(parents)} |`);
  out.push("");
  out.push(
    "通过接口新建的账号必须属于本辖区内的某个单位；专家与访客属于登记他们的地区（决定由谁管理该账号，不扩大其可见范围）。顶级地区由运维人员设立，不能通过接口新建。/ Every account created through the API belongs to an organisation in the administrator's subtree; experts and visitors belong to the region that registered them (which decides who administers the account, not what they see). Top-level regions are set up by the operator, never through the API.",
    "",
  );
  return out.join("\n");
}
