/** The CLI's own messages, in Chinese and English (the engine's are in its catalogue). */
import type { Bilingual, Lang } from "@jixiao/engine";

const TEXT: Record<string, Bilingual> = {
  "cli/description": {
    zh: "绩效（Jixiao）预算绩效评价工具：评分、核查、说明",
    en: "Jixiao budget performance evaluation: score, check, explain",
  },
  "cli/opt-lang": {
    zh: "输出语言（zh 或 en，默认 zh；也可设 JIXIAO_LANG）",
    en: "output language (zh or en, default zh; or set JIXIAO_LANG)",
  },
  "cli/opt-json": { zh: "以 JSON 输出", en: "print JSON" },
  "cli/opt-template": { zh: "模板名称（见 jixiao templates）", en: "template name (see jixiao templates)" },
  "cli/opt-output": { zh: "写入文件（默认输出到屏幕）", en: "write to a file (default: standard output)" },
  "cli/opt-year": { zh: "预算年度", en: "fiscal year" },
  "cli/opt-subject": { zh: "评价对象", en: "subject organisation" },
  "cli/opt-force": { zh: "覆盖已有文件", en: "overwrite an existing file" },
  "cli/arg-file": { zh: "评价文件（.yaml 或 .json）", en: "evaluation file (.yaml or .json)" },
  "cli/arg-path": {
    zh: "指标编号、名称或“名称/名称”路径；total 为总分",
    en: 'indicator id, name or "name/name" path; total for the total',
  },
  "cli/cmd-templates": { zh: "列出可用模板", en: "list the templates" },
  "cli/cmd-init": { zh: "由模板新建评价文件", en: "create an evaluation file from a template" },
  "cli/cmd-score": { zh: "计算得分、得分率、总分与等级", en: "compute scores, score rates, the total and the grade" },
  "cli/cmd-check": { zh: "核查数据一致性（有错误时退出码为 1）", en: "check consistency (exit 1 when there are errors)" },
  "cli/cmd-explain": { zh: "说明某个指标的得分如何得出", en: "explain how one indicator's score came about" },
  "cli/no-file": { zh: "无法读取文件 {file}：文件不存在", en: "cannot read {file}: no such file" },
  "cli/is-dir": { zh: "无法读取 {file}：这是一个目录，应为评价文件", en: "cannot read {file}: it is a directory, not an evaluation file" },
  "cli/unreadable": { zh: "无法读取文件 {file}", en: "cannot read {file}" },
  "cli/file-invalid": { zh: "{file}：共 {n} 处错误，未处理", en: "{file}: {n} error(s), nothing processed" },
  "cli/unknown-template": { zh: "没有名为“{name}”的模板；可用：{list}", en: 'no template named "{name}"; available: {list}' },
  "cli/bad-year": { zh: "年度“{value}”无效：应为 1990–2100 之间的整数", en: 'year "{value}" is invalid: expected an integer 1990–2100' },
  "cli/exists": { zh: "{file} 已存在；如需覆盖请加 --force", en: "{file} exists; add --force to overwrite it" },
  "cli/written": { zh: "已写入 {file}", en: "wrote {file}" },
  "cli/init-header": {
    zh: "由 jixiao init --template {template} 生成；请填写实际值后运行 jixiao check",
    en: "made by jixiao init --template {template}; fill in the actual values, then run jixiao check",
  },
  "cli/h-template": { zh: "模板", en: "template" },
  "cli/h-name": { zh: "名称", en: "name" },
  "cli/h-description": { zh: "说明", en: "description" },
  "cli/h-id": { zh: "编号", en: "id" },
  "cli/h-indicator": { zh: "指标", en: "indicator" },
  "cli/h-weight": { zh: "权重", en: "weight" },
  "cli/h-score": { zh: "得分", en: "score" },
  "cli/h-rate": { zh: "得分率", en: "rate" },
  "cli/total": { zh: "合计", en: "total" },
  "cli/grade": { zh: "等级", en: "grade" },
  "cli/na": { zh: "不适用", en: "n/a" },
  "cli/target": { zh: "指标值", en: "target" },
  "cli/actual": { zh: "实际值", en: "actual" },
  "cli/how": { zh: "计算", en: "how" },
  "cli/reason": { zh: "评分说明", en: "reason" },
  "cli/check-summary": {
    zh: "{file}：{error} 个错误，{warning} 个警告，{info} 条提示",
    en: "{file}: {error} error(s), {warning} warning(s), {info} note(s)",
  },
  "cli/sev-error": { zh: "错误", en: "error" },
  "cli/sev-warning": { zh: "警告", en: "warning" },
  "cli/sev-info": { zh: "提示", en: "note" },
  "cli/verified": {
    zh: "已复核的报告数字（{n} 个，按所载精度一致）：",
    en: "printed figures recomputed ({n}, agreeing at their printed precision):",
  },
  "cli/printed": { zh: "报告", en: "printed" },
  "cli/recomputed": { zh: "重算", en: "recomputed" },
  "cli/formulas": { zh: "共性指标（由数据计算）：", en: "standard formulas (computed from the data):" },
  "cli/met": { zh: "，在目标 {target} 内 ✓", en: ", meets {target} ✓" },
  "cli/missed": { zh: "，未达目标 {target} ✗", en: ", misses {target} ✗" },
  "cli/over-staffed": { zh: "（未空编，表中记为“-”）", en: ' (no vacancy: printed as "-")' },
  "cli/findings": { zh: "按规则提示的问题：", en: "findings suggested by the rules:" },
  "cli/no-node": { zh: "找不到指标“{path}”。可用的有：{ids} …", en: 'no indicator "{path}". Available: {ids} …' },
  "cli/cmd-serve": {
    zh: "启动网页与 API 服务（默认 SQLite，设置 DATABASE_URL 则用 PostgreSQL）",
    en: "run the web app and API (SQLite by default; PostgreSQL when DATABASE_URL is set)",
  },
  "cli/opt-port": { zh: "端口（默认 3000，或环境变量 PORT）", en: "port (default 3000, or PORT)" },
  "cli/cmd-backup": {
    zh: "备份整个数据库到文件（SQLite 与 PostgreSQL 通用格式）",
    en: "back up the whole database to a file (one format for SQLite and PostgreSQL)",
  },
  "cli/cmd-restore": { zh: "从备份文件恢复到空数据库", en: "restore a backup into an empty database" },
  "cli/arg-backup": { zh: "备份文件（.jsonl）", en: "backup file (.jsonl)" },
  "cli/backup-done": { zh: "已备份 {rows} 行到 {file}（来源：{where}）", en: "backed up {rows} rows to {file} (from {where})" },
  "cli/restore-done": { zh: "已从 {file} 恢复 {rows} 行（目标：{where}）", en: "restored {rows} rows from {file} (into {where})" },
  "cli/cmd-audit": {
    zh: "审计日志：verify 校验哈希链与签名（HMAC）、修订、评价状态和角色，发现篡改或删除；seal 为旧数据库的日志签名（仅一次）",
    en: "audit log: verify the hash chain and its signatures (HMAC), revisions, evaluation states and roles, detecting edits and deletions; seal signs an older database's log (once)",
  },
  "cli/audit-usage": { zh: "用法：jixiao audit-log verify | seal", en: "usage: jixiao audit-log verify | seal" },
  "cli/audit-checked": {
    zh: "已校验：{n} 条审计记录（头部在第 {head} 条；签名密钥 {keys}，来自 {source}），{revisions} 个修订的 sha256，{evaluations} 个评价的当前文档与状态，{users} 个用户的角色",
    en: "checked: {n} audit entries (head at #{head}; signed with key {keys}, from {source}), the sha256 of {revisions} revisions, the current document and status of {evaluations} evaluations, the roles of {users} users",
  },
  "cli/audit-ok": {
    zh: "审计日志完整：{n} 条记录，哈希链与签名校验通过",
    en: "audit log intact: {n} entries, hash chain and signatures verified",
  },
  "cli/audit-bad": {
    zh: "审计日志被改动：{entries} 条记录中发现 {n} 处问题",
    en: "audit log tampered with: {n} problem(s) in {entries} entries",
  },
  "cli/audit-first": { zh: "  第一处问题在第 #{seq} 条：{reason}", en: "  first bad entry #{seq}: {reason}" },
  "cli/audit-sealed": {
    zh: "已签名 {n} 条旧审计记录，并补记 {revisions} 个修订和 {users} 个用户的角色（密钥 {key}）",
    en: "signed {n} earlier audit entries and recorded {revisions} revisions and the roles of {users} users (key {key})",
  },
  "cli/cmd-report": {
    zh: "生成评价报告（docx、pdf、html 或 md；含编号表格、图表与绑定数据的正文）",
    en: "write the evaluation report (docx, pdf, html or md: numbered tables, charts, narrative bound to the data)",
  },
  "cli/opt-format": {
    zh: "格式：docx、pdf、html、md（默认按 -o 的扩展名，否则 md）",
    en: "format: docx, pdf, html, md (default: from the -o extension, else md)",
  },
  "cli/opt-report-template": {
    zh: "报告模板：seed（阳泉样式，默认）或 cn-2020（财预〔2020〕10号 提纲）",
    en: "report template: seed (the Yangquan outline, default) or cn-2020 (the national outline)",
  },
  "cli/opt-report-output": {
    zh: "写入文件（md、html 默认输出到屏幕；docx、pdf 必须指定）",
    en: "write to a file (md and html default to standard output; docx and pdf need one)",
  },
  "cli/unknown-report-template": {
    zh: "没有名为“{name}”的报告模板；可用：{list}",
    en: 'no report template named "{name}"; available: {list}',
  },
  "cli/report-needs-output": {
    zh: "{format} 是二进制格式，请用 -o 指定输出文件",
    en: "{format} is a binary format: give an output file with -o",
  },
  "cli/opt-template-docx": {
    zh: "用事务所自己的 Word 模板（.docx，含 {{meta.title}}、{{total}}、{{#indicators}}…{{/indicators}} 等占位符）生成 docx 或 pdf",
    en: "fill the firm's own Word template (.docx with placeholders such as {{meta.title}}, {{total}}, {{#indicators}}…{{/indicators}}) to docx or pdf",
  },
  "cli/template-docx-format": {
    zh: "--template-docx 生成 docx 或 pdf，不能生成 {format}",
    en: "--template-docx writes docx or pdf, not {format}",
  },
  "cli/report-not-written": { zh: "报告未生成", en: "no report written" },
  "cli/report-pdf-failed": { zh: "无法转换为 PDF：{message}", en: "cannot convert to PDF: {message}" },
  "cli/report-written": { zh: "已写入 {file}（{format}，{kb} KB）", en: "wrote {file} ({format}, {kb} KB)" },
  "cli/internal": { zh: "内部错误：{message}", en: "internal error: {message}" },
  // ── Excel in and out, the auditor (exchange-commands.ts) ──
  "cli/audit-conclusion": {
    zh: "总分：表列 {total}，重算 {recomputed}；等级：表列 {grade}，重算 {computedGrade}；一级指标：{level1}",
    en: "total: printed {total}, recomputed {recomputed}; grade: printed {grade}, recomputed {computedGrade}; level 1: {level1}",
  },
  "cli/opt-audit-out": {
    zh: "审核多个文件或文件夹，写出汇总工作簿（每个文件一行，另有全部诊断）",
    en: "audit several files or folders and write a summary workbook (one row per form, and every diagnostic)",
  },
  "cli/audit-many-needs-out": {
    zh: "审核多个文件或文件夹时请用 --out 汇总.xlsx 指定汇总工作簿",
    en: "auditing several files or a folder needs --out summary.xlsx",
  },
  "cli/audit-many": {
    zh: "已写入 {file}：{n} 个文件，{errors} 个有错误，{clean} 个无错误，{unreadable} 个无法读取",
    en: "wrote {file}: {n} file(s), {errors} with errors, {clean} without, {unreadable} unreadable",
  },
  "cli/audit-figures": { zh: "已核对的数字：", en: "figures verified:" },
  "cli/cmd-template": { zh: "下载模板（template xlsx 名称）", en: "download a template (template xlsx NAME)" },
  "cli/cmd-template-xlsx": {
    zh: "生成 .xlsx 模板：年度绩效目标表、评分表、人员情况、资金情况、全部",
    en: "write an .xlsx template: 年度绩效目标表 (goals), 评分表 (scores), 人员情况 (staff), 资金情况 (funds), 全部 (all)",
  },
  "cli/arg-xlsx-template": { zh: "模板名称：{list}", en: "template name: {list}" },
  "cli/opt-xlsx-output": { zh: "写入的 .xlsx 文件", en: "the .xlsx file to write" },
  "cli/opt-from": {
    zh: "评分表的指标体系取自哪个模板（project、department、self-evaluation）",
    en: "which template the score sheet's indicator tree comes from (project, department, self-evaluation)",
  },
  "cli/unknown-xlsx-template": {
    zh: "没有名为“{name}”的 .xlsx 模板；可用：{list}",
    en: 'no .xlsx template named "{name}"; available: {list}',
  },
  "cli/cmd-import": {
    zh: "由 .xlsx 或 .csv 表格导入评价文件（单元格错误逐一列出，退出码 2）",
    en: "import an evaluation from an .xlsx or .csv table (every bad cell is listed; exit 2)",
  },
  "cli/arg-import-file": {
    zh: ".xlsx 工作簿或 .csv 文件（UTF-8、GB18030、UTF-16）",
    en: ".xlsx workbook or .csv file (UTF-8, GB18030, UTF-16)",
  },
  "cli/opt-import-output": {
    zh: "写入评价文件（.yaml；默认输出到屏幕）",
    en: "write the evaluation file (.yaml; default: standard output)",
  },
  "cli/opt-partial": { zh: "只导入无误的行，并列出每个未导入的行", en: "import the valid rows and list every rejected row" },
  "cli/bad-type": {
    zh: "{file}：不支持的文件类型“{ext}”，应为 {expected}",
    en: '{file}: unsupported file type "{ext}", expected {expected}',
  },
  "cli/rejected-row": { zh: "未导入的行：", en: "rejected row:" },
  "cli/import-failed": {
    zh: "{file}：共 {n} 处错误，未导入（加 --partial 可只导入无误的行）",
    en: "{file}: {n} error(s), nothing imported (--partial imports the valid rows)",
  },
  "cli/import-unreadable": { zh: "{file}：文件无法读取，未导入", en: "{file}: the file cannot be read; nothing imported" },
  "cli/import-failed-partial": {
    zh: "{file}：共 {n} 处错误（基本信息或整体结构有误，不能部分导入），未导入",
    en: "{file}: {n} error(s) in the basic information or the structure (not importable in part), nothing imported",
  },
  "cli/import-header": { zh: "由 jixiao import {file} 生成", en: "made by jixiao import {file}" },
  "cli/imported": {
    zh: "已写入 {file}（表格：{tables}；未导入的行：{rejected}）",
    en: "wrote {file} (tables: {tables}; rejected rows: {rejected})",
  },
  "cli/cmd-export": {
    zh: "导出为 .xlsx 工作簿：所有得分、小计、得分率、总分与等级均为可重算的公式",
    en: "export as an .xlsx workbook: every score, subtotal, rate, the total and the grade are live formulas",
  },
  "cli/opt-export-format": { zh: "格式（xlsx）", en: "format (xlsx)" },
  "cli/bad-export-format": { zh: "不支持的导出格式“{format}”：应为 xlsx", en: 'unsupported export format "{format}": expected xlsx' },
  "cli/exported": { zh: "已写入 {file}（{n} 个计算单元格为公式）", en: "wrote {file} ({n} computed cells as formulas)" },
  "cli/cmd-audit-report": {
    zh: "审核已发布的评价报告或自评表（.docx、.txt、.xlsx、.pdf）：提取表格并核查（有错误时退出码为 1）",
    en: "audit a published report or self-evaluation form (.docx, .txt, .xlsx, .pdf): extract its tables and check them (exit 1 on errors)",
  },
  "cli/arg-audit-file": {
    zh: "报告文件（.docx、.txt、.xlsx、.pdf），或多个文件、文件夹（配合 --out）",
    en: "report file (.docx, .txt, .xlsx, .pdf), or several files or folders (with --out)",
  },
  "cli/opt-audit-model": { zh: "把提取出的模型写入 .yaml 文件", en: "write the extracted model to a .yaml file" },
  "cli/audit-unreadable": { zh: "无法读取 {file}：{detail}", en: "cannot read {file}: {detail}" },
  "cli/not-office": {
    zh: "不是有效的 {ext} 文件（应为 Office 文档的 zip 压缩包，文件可能已损坏或改过扩展名）",
    en: "not a valid {ext} file (expected an Office zip package; the file may be damaged or renamed)",
  },
  "cli/audit-summary": {
    zh: "{file}：{error} 个错误，{warning} 个警告，{info} 条提示；已复核 {verified} 个报告数字",
    en: "{file}: {error} error(s), {warning} warning(s), {info} note(s); {verified} printed figures recomputed",
  },
  "cli/audit-table": { zh: "表格", en: "table" },
  "cli/rows": { zh: "行", en: "rows" },
  "cli/table-row": { zh: " 第{n}行", en: " row {n}" },
  "cli/kind-scores": { zh: "指标得分", en: "indicator scores" },
  "cli/kind-goals": { zh: "年度绩效目标", en: "annual goals" },
  "cli/kind-staff": { zh: "人员情况", en: "staffing" },
  "cli/kind-funds": { zh: "资金情况", en: "funds" },
  "cli/kind-counts": { zh: "统计", en: "counts" },
  "cli/cmd-batch": {
    zh: "批量评分（和核查）评价文件、文件夹或 JSON Lines，每个评价一行汇总（有错误时退出码为 1）",
    en: "score (and check) evaluation files, folders or JSON Lines in bulk, one summary row per evaluation (exit 1 on errors)",
  },
  "cli/arg-batch-paths": {
    zh: "评价文件（.yaml/.json）、文件夹或 JSON Lines 文件（.jsonl，每行一个评价）",
    en: "evaluation files (.yaml/.json), folders, or JSON Lines files (.jsonl, one evaluation a line)",
  },
  "cli/opt-batch-check": { zh: "同时核查数据一致性（计入错误和警告数）", en: "also run the checks (counted as errors and warnings)" },
  "cli/opt-batch-out": {
    zh: "汇总写入文件：.csv（Excel 可直接打开）、.xlsx 或 .jsonl；默认在屏幕上列表",
    en: "write the summary to a file: .csv (opens in Excel), .xlsx or .jsonl; default a table on standard output",
  },
  "cli/opt-jobs": { zh: "并行线程数（默认为 CPU 核数）", en: "worker threads (default: the number of CPUs)" },
  "cli/batch-bad-out": {
    zh: "无法写入 {file}：汇总文件应为 .csv、.xlsx 或 .jsonl",
    en: "cannot write {file}: the summary must be .csv, .xlsx or .jsonl",
  },
  "cli/bad-jobs": { zh: "--jobs “{value}” 无效：应为 1–256 的整数", en: '--jobs "{value}" is invalid: expected an integer 1–256' },
  "cli/batch-not-json": { zh: "{where}：不是有效的 JSON（{detail}）", en: "{where}: not valid JSON ({detail})" },
  "cli/batch-more": { zh: "（另有 {n} 处错误）", en: " (and {n} more error(s))" },
  "cli/batch-a-filing": {
    zh: "{file}：这是绩效目标申报表，不是评价文件（请用 jixiao targets check）",
    en: "{file}: this is a performance target filing, not an evaluation (use jixiao targets check)",
  },
  "cli/batch-a-monitoring": {
    zh: "{file}：这是运行监控表，不是评价文件（请用 jixiao monitor）",
    en: "{file}: this is an in-year monitoring report, not an evaluation (use jixiao monitor)",
  },
  "cli/batch-done": {
    zh: "共 {n} 个评价，{errors} 个有错误（其中 {unreadable} 个无法读取）",
    en: "{n} evaluation(s), {errors} with errors ({unreadable} could not be read)",
  },
  "cli/h-source": { zh: "来源", en: "source" },
  "cli/h-title": { zh: "标题", en: "title" },
  "cli/h-partial": { zh: "部分合计", en: "partial total" },
  "cli/h-unscored": { zh: "未评分", en: "unscored" },
  "cli/h-errors": { zh: "错误", en: "errors" },
  "cli/h-warnings": { zh: "警告", en: "warnings" },
  // whatif (whatif-command.ts) and explain total's robustness
  "cli/cmd-whatif": {
    zh: "组合模拟：改变等级区间、指标分值或定性档次比例，看一批评价的等级如何迁移（谁升谁降）",
    en: "portfolio what-if: change grade bands, indicator points or qualitative levels and see how a set of evaluations' grades move",
  },
  "cli/opt-whatif-bands": { zh: "新的等级区间，如 优:90,良:80,中:60,差:0", en: "new grade bands, e.g. 优:90,良:80,中:60,差:0" },
  "cli/opt-whatif-weight": {
    zh: "指标新分值（路径=分值，可多次），如 履职效能=25 或 产出/数量=8；得分率不变",
    en: "an indicator's new points (path=points, repeatable), e.g. 履职效能=25 or 产出/数量=8; its score rate is kept",
  },
  "cli/opt-whatif-level": {
    zh: "定性档次的新比例（档次=比例，可多次），如 部分达成=0.7",
    en: "a qualitative level's new fraction (level=fraction, repeatable), e.g. 部分达成=0.7",
  },
  "cli/whatif-bad-pair": { zh: "{option} “{value}” 无效：应写作 {form}", en: '{option} "{value}" is invalid: write it as {form}' },
  "cli/whatif-bad-number": {
    zh: "{option} 的数值“{value}”无效：应为非负数，至多 4 位小数",
    en: '{option}: "{value}" is not a non-negative number with at most 4 places',
  },
  "cli/whatif-unmatched": {
    zh: "路径“{path}”在 {n} 个评价中找不到指标",
    en: 'the path "{path}" matched no indicator in {n} evaluation(s)',
  },
  "cli/whatif-more": { zh: "……另有 {n} 个评价等级变化（--json 列出全部）", en: "… {n} more change grade (--json lists all)" },
  "cli/whatif-unreadable": { zh: "{n} 个来源无法读取（见上方错误）", en: "{n} source(s) could not be read (see the errors above)" },
  // targets check / monitor (targets-command.ts)
  "cli/cmd-targets": { zh: "绩效目标申报表", en: "performance target filings" },
  "cli/cmd-targets-check": {
    zh: "绩效目标质量审核：可衡量性、方向、单位、上年实际、产出与效益、权重（有错误时退出码为 1）",
    en: "target-quality check: measurability, direction, units, last year's actual, outputs vs outcomes, weights (exit 1 on errors)",
  },
  "cli/arg-filing": { zh: "绩效目标申报文件（.yaml 或 .json）", en: "target filing (.yaml or .json)" },
  "cli/targets-summary": {
    zh: "{file}（{name}，{rows} 行指标）：{error} 个错误，{warning} 个警告，{info} 个提示",
    en: "{file} ({name}, {rows} indicator rows): {error} error(s), {warning} warning(s), {info} note(s)",
  },
  "cli/cmd-monitor": {
    zh: "运行监控预警：预算执行与目标完成的红黄绿蓝灯",
    en: "in-year monitoring: red / yellow / green / blue lights for budget execution and target completion",
  },
  "cli/arg-monitoring": { zh: "运行监控表文件（.yaml 或 .json）", en: "monitoring report (.yaml or .json)" },
  "cli/opt-month": { zh: "监控期间 1–M 月的 M（1–12）", en: "the months elapsed, M of 1–M (1–12)" },
  "cli/opt-today": {
    zh: "判断是否逾期未报的日期（YYYY-MM-DD，默认今天）",
    en: "the date for a missing report (YYYY-MM-DD, default today)",
  },
  "cli/bad-month": { zh: "月份“{value}”无效：应为 1–12 的整数", en: 'month "{value}" is invalid: expected an integer 1–12' },
  "cli/bad-today": { zh: "日期“{value}”无效：应为 YYYY-MM-DD", en: 'date "{value}" is invalid: expected YYYY-MM-DD' },
  "cli/monitor-head": { zh: "{name}（1–{month} 月）：{light}", en: "{name} (months 1–{month}): {light}" },
  "cli/monitor-timeliness": { zh: "报送及时性", en: "timeliness" },
  "cli/monitor-budget": { zh: "预算执行", en: "budget" },
  "cli/h-row": { zh: "行", en: "row" },
  "cli/h-ratio": { zh: "进度%", en: "ratio %" },
  "cli/h-light": { zh: "预警", en: "light" },
};

export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const entry = TEXT[key];
  if (!entry) return key;
  return entry[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
