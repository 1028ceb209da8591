/**
 * Every user-facing message of the server, in Chinese and English, in one catalogue (the engine's
 * are in @jixiao/engine's messages.ts, the exchange's in its own). A domain error names its
 * message by key (errors.ts); an error's key is its stable `code`, optionally followed by
 * `/variant` when one code has several texts. Keys under `field/` are the messages of one field
 * problem, `thing/` what was not found, `kind/` organisation kinds and `limit/` limits inside messages.
 *
 * Parameters fill `{name}`; a bilingual parameter is shown in the message's language, a list is
 * joined with 、 in Chinese and ", " in English.
 */
import type { Bilingual, Lang } from "@jixiao/engine";

const catalogue = {
  // ── what was not found ──
  "thing/resource": { zh: "资源", en: "resource" },
  "thing/evaluation": { zh: "评价", en: "evaluation" },
  "thing/template": { zh: "模板", en: "template" },
  "thing/indicator": { zh: "指标“{id}”", en: 'indicator "{id}"' },
  "thing/version": { zh: "第 {version} 版", en: "version {version}" },

  // ── organisation kinds ──
  "kind/region": { zh: "地区", en: "region" },
  "kind/department": { zh: "部门", en: "department" },
  "kind/unit": { zh: "单位", en: "unit" },
  "kind/agency": { zh: "评价机构", en: "agency" },

  // ── access ──
  "not-found": { zh: "{what}不存在或无权访问", en: "{what} not found" },
  forbidden: { zh: "没有执行此操作的权限", en: "you may not do this" },
  unauthenticated: { zh: "请先登录", en: "please log in" },
  csrf: { zh: "缺少或错误的 CSRF 令牌（请刷新页面后重试）", en: "missing or wrong CSRF token (reload the page and try again)" },

  // ── accounts ──
  "bad-credentials": { zh: "用户名或密码错误", en: "wrong username or password" },
  "bad-credentials/current-password": { zh: "当前密码不正确", en: "the current password is wrong" },
  "password-unchanged": { zh: "新密码不能与当前密码相同", en: "the new password must differ from the current one" },
  "login-throttled/seconds": { zh: "密码错误次数过多，请 {n} 秒后再试", en: "too many wrong passwords; try again in {n} seconds" },
  "login-throttled/minutes": { zh: "密码错误次数过多，请 {n} 分钟后再试", en: "too many wrong passwords; try again in {n} minutes" },
  "username-taken": { zh: "用户名“{username}”已被使用", en: 'username "{username}" is taken' },
  "field/taken": { zh: "已被使用", en: "taken" },

  // ── organisations and users ──
  "unknown-organisation": { zh: "所选单位不存在", en: "unknown organisation" },
  "field/no-such-organisation": { zh: "单位不存在", en: "no such organisation" },
  "unknown-organisation/subtree": { zh: "所选单位不存在或不在本辖区", en: "unknown organisation, or outside your subtree" },
  "field/organisation-in-subtree": { zh: "应为本辖区内的单位", en: "must be an organisation in your subtree" },
  "organisation-kind": { zh: "{parent}下不能设立{kind}", en: "a {kind} cannot be created under a {parent}" },
  "field/parent-kinds": { zh: "应设在：{kinds}之下", en: "belongs under: {kinds}" },
  "role-organisation": { zh: "该角色的账号不能设在{kind}", en: "a {role} account cannot belong to a {kind}" },
  "field/role-kinds": { zh: "应为：{kinds}", en: "must be a {kinds_or}" },

  // ── evaluations ──
  "version-conflict": {
    zh: "他人已先保存（当前版本 {version}），请查看差异后再保存",
    en: "someone saved first (current version {version}); review the changes and save again",
  },
  "invalid-document": { zh: "评价文件有 {count} 处错误", en: "the evaluation document has {count} error(s)" },
  "invalid-document/export": { zh: "评价文件无效，无法导出", en: "the evaluation document is invalid: nothing to export" },
  "invalid-document/report": { zh: "评价文件无效，无法生成报告", en: "the evaluation document is invalid: no report" },
  "invalid-file": { zh: "文件 {filename} 有 {count} 处错误", en: "{filename} has {count} error(s)" },
  "bad-path": { zh: "第 {index} 项修改的路径无效：{problem}", en: "change {index} has an invalid path: {problem}" },
  "unknown-agency": { zh: "所选评价机构不存在或不在本地区", en: "unknown agency, or not one of this region's" },
  "field/agency-of-region": { zh: "应为本地区的评价机构", en: "must be an agency of this region" },
  "unknown-template": { zh: "没有名为“{name}”的模板", en: 'no template "{name}"' },
  "field/template-ids": { zh: "可用：{ids}，或已保存模板的 id", en: "one of: {ids}, or a saved template's id" },
  "missing-source": { zh: "请指定模板（template）或上传评价文件（document）", en: "give a template or a document" },
  "field/template-or-document": { zh: "缺少模板或文件", en: "template or document required" },
  "invalid-transition": {
    zh: "{from}状态下不能{action}（可以：{allowed}）",
    en: "cannot {action} an evaluation that is {from} (possible: {allowed})",
  },
  "invalid-transition/none": { zh: "{from}状态下不能{action}", en: "cannot {action} an evaluation that is {from}" },
  "reason-required": { zh: "{action}须填写原因", en: "{action} needs a reason" },
  "field/reason": { zh: "请填写原因", en: "a reason is required" },
  "changes-required": {
    zh: "更正须给出更正的内容：changes 或 document 二选一",
    en: "a correction needs the corrected fields: changes or document, one of the two",
  },
  "field/corrected-fields": { zh: "请给出更正的字段（或完整的 document）", en: "give the corrected fields (or the whole document)" },
  "unexpected-changes": { zh: "{action}不能同时修改内容", en: "{action} does not change the document" },
  "field/only-with-correct": { zh: "仅更正时可给出", en: "only with correct" },
  "unknown-expert": { zh: "所选专家不存在", en: "no such expert" },
  "field/expert-id": { zh: "应为专家账号的 id", en: "must be the id of an expert's account" },
  "duplicate-node": { zh: "指标“{id}”重复", en: 'indicator "{id}" is listed twice' },
  "field/duplicate": { zh: "重复", en: "duplicate" },
  "unknown-node": { zh: "没有 id 为“{id}”的指标", en: 'no indicator "{id}"' },
  "field/no-such-indicator": { zh: "指标不存在", en: "no such indicator" },

  // ── templates ──
  "two-sources": {
    zh: "请只给出一个来源：评价（fromEvaluationId）或文件（document）",
    en: "give one source: fromEvaluationId or document",
  },
  "field/either-evaluation": { zh: "与 fromEvaluationId 二选一", en: "either this or fromEvaluationId" },
  "missing-source/template": { zh: "请指定来源：评价（fromEvaluationId）或文件（document）", en: "give fromEvaluationId or document" },
  "field/source-required": { zh: "缺少来源", en: "a source is required" },
  "template-name-taken": { zh: "已有名为“{name}”的模板", en: 'a template named "{name}" exists' },

  // ── Excel, uploads, reports ──
  "unsupported-file": {
    zh: "不支持的文件类型：{filename}（应为 .xlsx 或 .csv）",
    en: "unsupported file type: {filename} (expected .xlsx or .csv)",
  },
  "form-xlsx-only": {
    zh: "不支持的文件类型：{filename}（申报表、监控表应为 .xlsx 工作簿）",
    en: "unsupported file type: {filename} (a target filing form or a monitoring form is an .xlsx workbook)",
  },
  "field/xlsx-only": { zh: "应为 .xlsx 文件", en: "must be an .xlsx file" },
  "audit-zip-only": {
    zh: "不支持的文件类型：{filename}（应为 .zip 压缩包，内含 .docx、.xlsx、.txt 或 .pdf 表格）",
    en: "unsupported file type: {filename} (expected a .zip of .docx, .xlsx, .txt or .pdf forms)",
  },
  /** The text is the worker's (audit-forms.ts): the archive's limit, or why it holds nothing to audit. */
  "audit-zip-refused": { zh: "{text}", en: "{text}" },
  "import-failed": { zh: "{filename}：共 {count} 处错误，未导入", en: "{filename}: {count} error(s), nothing imported" },
  "unknown-template/xlsx": { zh: "没有名为“{name}”的模板；可用：{names}", en: 'no template "{name}"; available: {ids}' },
  "not-multipart": {
    zh: "请以 multipart/form-data 上传一个 .xlsx 或 .csv 文件",
    en: "upload one .xlsx or .csv file as multipart/form-data",
  },
  "no-file": { zh: "没有上传文件", en: "no file was uploaded" },
  "bad-multipart": {
    zh: "上传内容不完整或格式错误：应为 multipart/form-data，含一个文件字段 file",
    en: 'the upload is truncated or malformed: expected multipart/form-data with one file field "file"',
  },
  "field/unreadable": { zh: "无法读取：{reason}", en: "cannot be read: {reason}" },
  "upload-too-large-or-slow": {
    zh: "{filename} 过大或读取过慢，未导入（{why}）",
    en: "{filename} is too large or too slow to read and was not imported ({why})",
  },
  "limit/seconds": { zh: "超过 {seconds} 秒", en: "over {seconds} s" },
  "limit/memory": { zh: "超过 {mb} MB 内存", en: "over {mb} MB of memory" },
  busy: { zh: "正在读取的上传过多，请稍后再试", en: "too many uploads are being read; try again shortly" },
  "unknown-report-template": { zh: "没有名为“{name}”的报告模板", en: 'no report template "{name}"' },
  "field/report-template-ids": { zh: "可用：{ids}", en: "one of: {ids}" },
  /** The text is the report package's own (PlaceholderError.text). */
  "report-placeholder": { zh: "{text}", en: "{text}" },
  "report-placeholder/field": {
    zh: "占位符 {placeholder} 无法填写：{reason}",
    en: "placeholder {placeholder} cannot be filled: {reason}",
  },
  "word-template": { zh: "{text}", en: "{text}" },
  "word-template/field": {
    zh: "Word 模板 {where}：占位符 {placeholder} 无法填写：{reason}",
    en: "Word template {where}: placeholder {placeholder} cannot be filled: {reason}",
  },
  "word-template-too-large": { zh: "{text}", en: "{text}" },
  "word-template-type": { zh: "“{name}”不是 Word 文档（.docx）", en: '"{name}" is not a Word document (.docx)' },
  "field/word-template-type": { zh: "应为 .docx 格式的 Word 模板", en: "expected a Word template in .docx format" },
  "pdf-unavailable": {
    zh: "暂时无法生成 PDF（{reason}），请下载 DOCX",
    en: "PDF conversion is unavailable ({reason}); download the DOCX",
  },

  // ── commissions, data requests and feedback (commission-service.ts) ──
  "thing/commission": { zh: "委托", en: "commission" },
  "thing/data-request": { zh: "资料清单 #{number}", en: "data request #{number}" },
  "thing/data-item": { zh: "资料项", en: "data item" },
  "thing/feedback": { zh: "反馈意见 #{number}", en: "feedback #{number}" },
  "forbidden-independence": {
    zh: "本评价由评价机构“{agency}”承担，被评价部门只能查看、填报资料清单和提出反馈意见，不能修改评价机构的工作底稿",
    en: 'this evaluation is the work of the agency "{agency}": the audited department reads it, fills data requests and writes feedback, but does not edit the agency\'s working papers',
  },
  "forbidden-commission": {
    zh: "评价机构只能在委托给本机构的任务中新建评价",
    en: "an agency creates evaluations only within a commission to it",
  },
  "commission-taken": { zh: "此委托已有评价", en: "this commission has an evaluation already" },
  "commission-mismatch": { zh: "与委托不一致", en: "does not match the commission" },
  "evaluation-type-required": {
    zh: "无评价机构时请选择单位自评或部门评价",
    en: "without an agency, choose a self-evaluation or a department evaluation",
  },
  "item-not-answered": { zh: "此项尚未填报", en: "this item has not been answered" },
  "item-taken": { zh: "此项已采纳，不能再改", en: "this item has been taken in and cannot change" },
  "item-no-target": { zh: "此项没有对应的评价字段，无法写入", en: "this item has no place in the evaluation to write to" },
  "item-value-invalid": { zh: "数值不能写入“{target}”：{problem}", en: 'the value cannot be written to "{target}": {problem}' },
  "comment-required": { zh: "退回时请写明意见", en: "a comment is required to return an item" },
  "version-required": { zh: "采纳时请给出评价的版本号", en: "give the evaluation's version to take a value in" },
  "field/no-such-item": { zh: "清单中没有此项", en: "no such item in this request" },
  "field/no-such-place": { zh: "评价中没有这个位置", en: "no such place in the evaluation" },
  "too-many": { zh: "数量已达上限（最多 {max} 个）", en: "too many (at most {max})" },
  "field/too-many": { zh: "最多 {max} 个", en: "at most {max}" },
  "field/evaluation-type": { zh: "应为单位自评或部门评价", en: "must be a self-evaluation or a department evaluation" },
  "field/commission-agency": { zh: "评价机构由委托决定", en: "the agency is the commission's" },

  // ── 专家评议, 佐证材料, 批注 (panel-service.ts, evidence-service.ts, note-service.ts) ──
  "thing/evidence": { zh: "佐证材料", en: "evidence file" },
  "thing/note": { zh: "批注", en: "review note" },
  "not-assigned": { zh: "此指标未分配给您评分", en: "this indicator is not assigned to you" },
  "panel-submitted": { zh: "您已提交此指标的评分，不能再改", en: "you have submitted your score of this indicator; it cannot change" },
  "score-range": { zh: "评分 {score} 超出本指标分值 0–{points}", en: "the score {score} is outside 0–{points}, this indicator's points" },
  "field/score-range": { zh: "应在 0–{points} 之间", en: "must be between 0 and {points}" },
  "panel-leaf-only": { zh: "专家评议只用于末级指标", en: "an expert panel scores leaf indicators only" },
  "panel-incomplete": {
    zh: "还有 {pending} 位专家未提交评分：全部提交后才能采纳，或附原因改定",
    en: "{pending} experts have not submitted: adopt once all have, or override with a reason",
  },
  "panel-empty": { zh: "此指标没有分配专家", en: "no experts are assigned to this indicator" },
  "override-required": { zh: "改定时请给出分数和原因", en: "an override needs a score and a reason" },
  "field/override-score": { zh: "请填写改定的分数", en: "give the score" },
  "open-notes": {
    zh: "还有 {count} 条未解决的批注：请先解决，或写明不影响提交的原因",
    en: "{count} review notes are open: resolve them, or say why they do not hold the submission up",
  },
  "field/override-notes": { zh: "有 {count} 条未解决的批注，请写明原因", en: "{count} open notes: give a reason" },
  "evidence-too-large": { zh: "文件“{name}”超过 {limit}", en: 'the file "{name}" is larger than {limit}' },
  "evidence-total": {
    zh: "本评价的佐证材料合计将超过 {limit}（已有 {used}）",
    en: "this evaluation's evidence would exceed {limit} in all ({used} already)",
  },
  "evidence-count": { zh: "本评价的佐证材料已达 {limit} 个", en: "this evaluation has {limit} evidence files already" },
  "evidence-type": {
    zh: "不支持的文件类型：仅限 PDF、图片（PNG、JPEG、GIF、WebP）和 Office 文件，按内容识别",
    en: "unsupported file type: PDF, images (PNG, JPEG, GIF, WebP) and Office files only, recognised by content",
  },
  "field/evidence-type": { zh: "内容不是 PDF、图片或 Office 文件", en: "the content is not a PDF, an image or an Office file" },
  "evidence-extension": {
    zh: "文件扩展名“{ext}”与内容（{type}）不符",
    en: 'the extension ".{ext}" does not match the content ({type})',
  },
  "field/evidence-extension": { zh: "应为 {extensions}", en: "should be {extensions}" },
  "evidence-empty": { zh: "文件是空的", en: "the file is empty" },
  "evidence-filename": { zh: "文件名应为 1–{max} 个字符", en: "the file name must have 1–{max} characters" },
  "field/filename": { zh: "文件名应为 1–{max} 个字符", en: "a file name of 1–{max} characters" },
  "too-many-notes": { zh: "本评价的批注已达 {limit} 条", en: "this evaluation has {limit} review notes already" },
  "note-path": { zh: "评价中没有这一位置：{path}", en: "no such place in the evaluation: {path}" },
  "field/no-such-path": { zh: "评价中不存在", en: "not in the evaluation" },

  // ── database constraints (db/constraint-errors.ts) ──
  "username-taken/constraint": { zh: "用户名已被使用", en: "this username is taken" },
  "duplicate-node/constraint": { zh: "指标重复", en: "an indicator is listed twice" },
  "template-name-taken/constraint": { zh: "模板名称已存在", en: "a template with this name exists" },
  "already-exists": { zh: "已存在相同的记录", en: "such a record exists already" },
  "unknown-reference": { zh: "引用的对象不存在或已被删除", en: "a referenced record does not exist (or was removed)" },
  "missing-value": { zh: "缺少必填内容", en: "a required value is missing" },

  // ── the request itself (http.ts) ──
  "invalid-request": { zh: "请求有 {count} 处错误", en: "the request has {count} error(s)" },
  "invalid-request/issue": { zh: "{issue}：{detail}", en: "{detail}" },
  "issue/invalid_type": { zh: "类型错误或缺少字段", en: "wrong type or missing field" },
  "issue/unrecognized_keys": { zh: "含有未知字段", en: "unknown field" },
  "issue/invalid_value": { zh: "取值无效", en: "invalid value" },
  "issue/too_small": { zh: "取值过小或过短", en: "too small or too short" },
  "issue/too_big": { zh: "取值过大或过长", en: "too big or too long" },
  "issue/invalid_format": { zh: "格式错误", en: "bad format" },
  "issue/invalid_union": { zh: "取值不符合任何允许的形式", en: "matches none of the allowed forms" },
  "issue/custom": { zh: "取值无效", en: "invalid value" },
  "body-too-large": { zh: "请求内容过大", en: "request body too large" },
  "unsupported-media-type": { zh: "不支持的内容类型，请使用 application/json", en: "unsupported content type: use application/json" },
  "invalid-json": { zh: "请求内容不是有效的 JSON", en: "the request body is not valid JSON" },
  "bad-request": { zh: "请求无效", en: "{detail}" },
  internal: { zh: "服务器内部错误，已记录", en: "internal server error (logged)" },
  "not-found/route": { zh: "没有这个地址：{method} {path}", en: "no such route: {method} {path}" },

  // ── what-if (whatif-service.ts) ──
  "whatif-changes": { zh: "模拟条件无效：{detail}", en: "the what-if changes are invalid: {detail}" },
  "field/whatif-changes": { zh: "{detail}", en: "{detail}" },
  "thing/region": { zh: "地区“{id}”", en: 'region "{id}"' },

  // ── 绩效公开: the public view ──
  "public-throttled": { zh: "请求过于频繁，请 {n} 秒后再试", en: "too many requests; try again in {n} seconds" },
  "public-report-format": { zh: "公开的报告只提供 HTML 和 PDF", en: "the public report is offered as HTML or PDF only" },
  "field/public-report-format": { zh: "应为 html 或 pdf", en: "html or pdf" },
  "correction-unchanged": { zh: "更正没有改变任何内容", en: "the correction changes nothing" },
  "field/correction-unchanged": { zh: "请给出与已发布版本不同的更正内容", en: "give what differs from the published revision" },

  // ── 目标管理 + 运行监控 (target-service.ts, monitoring-service.ts) ──
  "thing/filing": { zh: "绩效目标申报", en: "target filing" },
  "thing/monitoring-task": { zh: "监控任务", en: "monitoring task" },
  "thing/monitoring-report": { zh: "监控表", en: "monitoring report" },
  "invalid-filing": { zh: "申报表有 {count} 处错误", en: "the filing has {count} error(s)" },
  "invalid-monitoring-report": { zh: "监控表有 {count} 处错误", en: "the monitoring report has {count} error(s)" },
  "filing-locked": {
    zh: "申报处于“{status}”状态，已锁定：只有编制、退回修改或调整中的申报可以修改",
    en: "the filing is {status} and locked: only a draft, a returned filing or one being adjusted can be changed",
  },
  "filing-transition": {
    zh: "“{from}”状态的申报不能{action}；可执行：{allowed}",
    en: "a filing that is {from} cannot be {action}; possible: {allowed}",
  },
  "filing-transition/none": { zh: "“{from}”状态的申报不能{action}", en: "a filing that is {from} cannot be {action}" },
  "own-submission": { zh: "不能审核本人提交的申报", en: "you may not review a filing you submitted" },
  "opinion-required": { zh: "{conclusion}时请写明审核意见", en: "an opinion is required to {conclusion}" },
  "field/opinion": { zh: "请写明审核意见", en: "give the review opinion" },
  "field/adjust-reason": { zh: "请写明调整原因", en: "give the reason for the adjustment" },
  "filing-year-mismatch": { zh: "申报表的年度与所选单位的申报不一致", en: "the filing's year does not match" },
  "filing-not-approved": { zh: "只有已批复的申报可以{what}", en: "only an approved filing can {what}" },
  "filing-evaluation-exists": { zh: "此申报已开展评价", en: "an evaluation was already started from this filing" },
  "filing-kind-mismatch": { zh: "申报类型不能修改（原为“{kind}”）", en: 'the kind of a filing cannot change (it is "{kind}")' },
  "field/filing-kind": { zh: "应为“{kind}”", en: 'must be "{kind}"' },
  "unknown-invitee": { zh: "只能邀请专家或评价机构的用户", en: "only an expert or an agency's evaluator can be invited" },
  "field/invitee": { zh: "应为专家或评价机构用户", en: "must be an expert or an evaluator" },
  "unknown-filing": { zh: "所选申报不存在、未批复或不在本辖区", en: "unknown filing, not approved, or outside your subtree" },
  "field/approved-filing": { zh: "应为本辖区内已批复的项目申报", en: "must be an approved filing in your subtree" },
  "not-covered": { zh: "此项目不在该监控任务中", en: "this project is not covered by the task" },
  "not-reporter": {
    zh: "{kind}由{roles}报送",
    en: "{kind} is reported by: {roles}",
  },
  "task-has-reports": { zh: "监控任务已有报送，不能撤销", en: "the task has reports and cannot be withdrawn" },
  "project-reported": { zh: "已报送的项目不能移出任务", en: "a project that reported cannot leave the task" },
  "field/project-reported": { zh: "已报送：{titles}", en: "reported: {titles}" },
  "report-mismatch": {
    zh: "监控表的{what}与任务不一致（任务：{expected}，表中：{found}）",
    en: "the report's {what} does not match the task (task: {expected}, report: {found})",
  },
  "field/report-mismatch": { zh: "应为 {expected}", en: "must be {expected}" },
  "no-monitoring-task": { zh: "没有监控任务", en: "no monitoring task" },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof catalogue;

/** A parameter: text or a number as is, bilingual text in the message's language, a list joined. */
export type MessageParam = string | number | Bilingual | ReadonlyArray<string | Bilingual>;
export type MessageParams = Readonly<Record<string, MessageParam>>;

const JOIN: Record<Lang, string> = { zh: "、", en: ", " };

function show(v: MessageParam, lang: Lang): string {
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v)) return (v as ReadonlyArray<string | Bilingual>).map((x) => show(x, lang)).join(JOIN[lang]);
  return (v as Bilingual)[lang];
}

const fill = (template: string, params: MessageParams, lang: Lang): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === undefined ? `{${k}}` : show(v, lang);
  });

/** A catalogue message with its parameters, in both languages. */
export function message(key: MessageKey, params: MessageParams = {}): Bilingual {
  const t = catalogue[key];
  return { zh: fill(t.zh, params, "zh"), en: fill(t.en, params, "en") };
}

/** Every key (the catalogue test checks each renders without a stray placeholder). */
export const MESSAGE_KEYS = Object.keys(catalogue) as MessageKey[];
