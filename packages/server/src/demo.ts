/**
 * Demo data for a first run: the real Yangquan 2021 evaluation, plus a handful of departments
 * and years that are clearly marked synthetic (（合成示例）), and one user per role whose
 * password is generated, printed once and written to DATA_DIR/demo-users.txt.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Role, TransitionAction } from "@jixiao/api";
import {
  type EvaluationInput,
  type IndicatorInput,
  buildTemplate,
  isNumericTarget,
  loadEvaluation,
  parseTarget,
  scoreEvaluation,
  seededRandom,
  validateEvaluation,
} from "@jixiao/engine";
import { parse } from "yaml";
import type { App } from "./app.js";
import type { OrganisationsTable } from "./db/database.js";
import type { Principal } from "./policy.js";
import { OrganisationRepository } from "./repositories/organisation-repository.js";
import { seedTargets } from "./demo-targets.js";
import { hashPassword } from "./services/auth-service.js";
import { UserRepository } from "./repositories/user-repository.js";

export const YANGQUAN_FILE = new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url);

/** Fill a template's leaves with plausible actual values (synthetic). */
export function fillSynthetic(doc: EvaluationInput, seed: number, quality: number): EvaluationInput {
  const rnd = seededRandom(seed);
  const fill = (n: IndicatorInput): IndicatorInput => {
    if (n.children && n.children.length > 0) return { ...n, children: n.children.map(fill) };
    const out: IndicatorInput = { ...n };
    delete out["formula"];
    const t = typeof n["target"] === "string" ? parseTarget(n["target"]) : undefined;
    const rule = n["rule"] as { type?: string; threshold?: number | string } | undefined;
    const good = rnd() < quality;
    if (rule?.type === "checklist" || rule?.type === "deduction") {
      // Every checklist item assessed (a template leaves them open).
      if (rule.type === "checklist") {
        const items = (rule as { items?: Array<Record<string, unknown>> }).items ?? [];
        out["rule"] = { ...rule, items: items.map((i) => ({ ...i, met: true })) } as IndicatorInput["rule"];
      }
      if (!good) out["deductions"] = [{ reason: "抽查发现资料不完整（合成示例）", points: 0.5 }];
      return out;
    }
    if (rule?.type === "step") {
      const th = Number(rule.threshold ?? 100);
      const below = (rule as { when?: string }).when === "below";
      const off = 3 + rnd() * 8;
      out["actual"] = Math.round((good ? th : below ? th - off : th + off) * 100) / 100;
      return out;
    }
    if (!t || !isNumericTarget(t)) {
      out["actual"] = good ? "完全达成" : rnd() < 0.7 ? "部分达成" : "未达成";
      return out;
    }
    if (t.op === "between") {
      const lo = Number(t.min!.toFixed());
      const hi = Number(t.max!.toFixed());
      out["actual"] = good ? Math.round((lo + (hi - lo) * rnd()) * 100) / 100 : Math.round((hi + 2 + rnd() * 10) * 100) / 100;
      return out;
    }
    const v = Number(t.value!.toFixed());
    const reverse = t.op === "lte" || t.op === "lt";
    const factor = good ? (reverse ? 0.9 : 1 + rnd() * 0.05) : reverse ? 1.1 + rnd() * 0.3 : 0.75 + rnd() * 0.2;
    out["actual"] = Math.round(v * factor * 100) / 100;
    return out;
  };
  return { ...doc, indicators: doc.indicators.map(fill) };
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  password: string;
}

/** Seed demo data into an empty database. Returns the users created (with passwords). */
export async function seedDemo(app: App): Promise<DemoUser[]> {
  const { store, services } = app;
  const now = services.clock().toISOString();
  const orgs = new OrganisationRepository(store.db);
  const org = async (name: string, kind: OrganisationsTable["kind"], parent: string | null): Promise<string> => {
    const id = services.ids();
    await orgs.insert({ id, parent_id: parent, name, kind, created_at: now });
    return id;
  };
  const region = await org("阳泉市", "region", null);
  const hrss = await org("阳泉市人力资源和社会保障局", "department", region);
  const yq = loadEvaluation(readFileSync(YANGQUAN_FILE, "utf8"), "yangquan-hrss-2021.yaml");
  if (!yq.ok) throw new Error("the Yangquan example does not load");
  for (const u of yq.evaluation.organisation?.units ?? []) if (!u.isDepartment) await org(u.name, "unit", hrss);
  const agency = await org("山西中凯资产评估有限公司", "agency", region);
  const synthetic = [
    await org("阳泉市教育局（合成示例）", "department", region),
    await org("阳泉市卫生健康委员会（合成示例）", "department", region),
    await org("阳泉市交通运输局（合成示例）", "department", region),
    await org("阳泉市农业农村局（合成示例）", "department", region),
  ];

  const users: DemoUser[] = [
    { username: "admin", displayName: "财政局绩效科（演示）", role: "finance_admin", organisationId: region, password: "" },
    { username: "evaluator", displayName: "第三方评价机构（演示）", role: "evaluator", organisationId: agency, password: "" },
    { username: "department", displayName: "人社局财务科（演示）", role: "department", organisationId: hrss, password: "" },
    // 主管部门's own review of its units' target filings (nobody reviews what they submitted).
    { username: "reviewer", displayName: "人社局绩效审核岗（演示）", role: "department", organisationId: hrss, password: "" },
    { username: "expert", displayName: "评审专家（演示）", role: "expert", organisationId: region, password: "" },
    { username: "expert2", displayName: "评审专家乙（演示）", role: "expert", organisationId: region, password: "" },
    { username: "visitor", displayName: "公众访客（演示）", role: "visitor", organisationId: region, password: "" },
  ];
  const ids = new Map<string, string>();
  for (const u of users) {
    u.password = randomBytes(9).toString("base64url");
    const id = services.ids();
    ids.set(u.username, id);
    const hash = await hashPassword(u.password, services.config.passwordCost);
    await store.db.transaction().execute(async (tx) => {
      await new UserRepository(tx).insert({
        id,
        username: u.username,
        display_name: u.displayName,
        password_hash: hash,
        role: u.role,
        organisation_id: u.organisationId,
        disabled: 0,
        created_at: now,
      });
      // Roles are audited (verifyAuditLog compares every user's role with the last one recorded).
      await services.audit.append(tx, [
        {
          at: now,
          userId: null,
          action: "user.create",
          entity: "user",
          entityId: id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({ username: u.username, role: u.role, organisationId: u.organisationId }),
          reason: "演示数据 / demo data",
        },
      ]);
    });
  }
  const admin: Principal = { id: ids.get("admin")!, role: "finance_admin", organisationId: region };
  const evaluator: Principal = { id: ids.get("evaluator")!, role: "evaluator", organisationId: agency };
  const ev = services.evaluations;
  /** Walk an evaluation along the status table, each action by the role the table names. */
  const walk = async (id: string, steps: Array<[Principal, TransitionAction, string?]>) => {
    let version = (await ev.get(admin, id)).version;
    for (const [who, action, reason] of steps) version = (await ev.transition(who, id, { version, action, reason })).version;
  };
  const toPublished: Array<[Principal, TransitionAction, string?]> = [
    [evaluator, "submit"],
    [admin, "accept"],
    [admin, "publish"],
  ];

  const real = await services.evaluations.create(admin, {
    organisationId: hrss,
    agencyId: agency,
    document: parse(readFileSync(YANGQUAN_FILE, "utf8")) as unknown,
    reason: "演示数据：阳泉市人社局 2021 年度部门整体支出绩效评价（真实报告）",
  });
  await services.evaluations.assignExpert(admin, real.id, ids.get("expert")!, ["A", "B"]);
  await walk(real.id, toPublished);

  let seed = 1;
  for (const [i, orgId] of synthetic.entries()) {
    for (const year of [2022, 2023, 2024]) {
      const template = (i + year) % 3 === 0 ? "project" : "department";
      const base = buildTemplate(template, { fiscalYear: year, subject: "（合成示例）" });
      const doc = fillSynthetic(base, seed++, 0.55 + ((i * 7 + year) % 5) * 0.1);
      doc.meta = {
        ...doc.meta,
        title: `${["教育局", "卫健委", "交通运输局", "农业农村局"][i]}${year}年度${template === "project" ? "重点项目" : "部门整体"}支出绩效评价（合成示例）`,
        subject: `（合成示例）`,
      };
      const created = await services.evaluations.create(admin, {
        organisationId: orgId,
        agencyId: agency,
        document: doc,
        reason: "合成示例数据",
      });
      // 2022 published; 2023 one in each status of the review (published, submitted, returned, accepted); 2024 drafts.
      if (year === 2022) await walk(created.id, toPublished);
      // 2022, after publication: the transport bureau's corrected (更正, its note public), the agriculture bureau's archived.
      if (year === 2022 && i === 2) {
        const { version } = await ev.get(admin, created.id);
        await ev.transition(admin, created.id, {
          version,
          action: "correct",
          reason: "报告编号印制有误，更正为阳财绩〔2023〕12号（合成示例）",
          changes: [{ path: ["meta", "reportNo"], value: "阳财绩〔2023〕12号" }],
        });
      }
      if (year === 2022 && i === 3) await walk(created.id, [[admin, "archive"]]);
      if (year === 2023) {
        const steps: Array<Array<[Principal, TransitionAction, string?]>> = [
          toPublished,
          [[evaluator, "submit"]],
          [
            [evaluator, "submit"],
            [admin, "return", "合成示例：请补充资金使用佐证材料"],
          ],
          [
            [evaluator, "submit"],
            [admin, "accept"],
          ],
        ];
        await walk(created.id, steps[i]!);
      }
    }
  }
  await seedCollaboration(
    app,
    { admin, evaluator, department: { id: ids.get("department")!, role: "department", organisationId: hrss } },
    hrss,
    agency,
  );
  await seedWorkingPapers(app, { admin, evaluator }, [ids.get("expert")!, ids.get("expert2")!], region, hrss, agency);
  const units = await store.db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("parent_id", "=", hrss)
    .orderBy("created_at")
    .orderBy("name")
    .execute();
  await seedTargets(
    app,
    {
      admin,
      department: { id: ids.get("department")!, role: "department", organisationId: hrss },
      reviewer: { id: ids.get("reviewer")!, role: "department", organisationId: hrss },
    },
    units,
  );
  return users;
}

/** A one-page PDF that says what it is (evidence in the demo). */
function demoPdf(text: string): Uint8Array {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A 1×1 PNG (a site photo stands in for the demo). */
const DEMO_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"),
  (c) => c.charCodeAt(0),
);

/**
 * 专家评议, 佐证材料, 批注: the agency's 项目支出 evaluation of the HRSS bureau's training
 * subsidies, a draft; two experts scored one indicator independently and disagree (9 and 5 of
 * 10: the spread is flagged, the evaluator has yet to adopt or override); a PDF and a photo are
 * attached; the bureau left an open review note, which holds 提交 up until it is resolved.
 */
async function seedWorkingPapers(
  app: App,
  who: { admin: Principal; evaluator: Principal },
  experts: readonly string[],
  region: string,
  hrss: string,
  agency: string,
): Promise<void> {
  const { services } = app;
  const base = buildTemplate("project", { fiscalYear: 2024, subject: "阳泉市人力资源和社会保障局" });
  const doc = fillSynthetic(base, 2024, 0.8);
  doc.meta = { ...doc.meta, title: "阳泉市人社局职业技能培训补贴项目2024年度绩效评价（专家评议演示）" };
  const created = await services.evaluations.create(who.admin, {
    organisationId: hrss,
    agencyId: agency,
    document: doc,
    reason: "演示数据：专家评议、佐证材料与批注",
  });
  const v = validateEvaluation(created.document);
  if (!v.ok) return;
  const leaves = scoreEvaluation(v.evaluation).all.filter((n) => n.children.length === 0 && n.weight.greaterThanOrEqualTo(5));
  const [first, second] = leaves;
  if (!first || !second) return;
  for (const expert of experts) await services.evaluations.assignExpert(who.evaluator, created.id, expert, [first.id]);
  const points = Number(first.weight.toFixed());
  for (const [i, expert] of experts.entries()) {
    const p: Principal = { id: expert, role: "expert", organisationId: region };
    await services.panel.score(p, created.id, first.id, {
      score: i === 0 ? Math.round(points * 0.9 * 2) / 2 : Math.round(points * 0.5 * 2) / 2,
      comment: i === 0 ? "培训组织规范，结业考核记录完整" : "抽查发现部分学员签到记录缺失，培训效果证明不足",
      deductions: [],
      submit: true,
    });
  }
  await services.evidence.upload(who.evaluator, created.id, first.id, "培训签到表.pdf", demoPdf("Training attendance sheet (demo)"));
  await services.evidence.upload(who.evaluator, created.id, second.id, "现场核查照片.png", DEMO_PNG);
  await services.notes.create(who.admin, created.id, {
    path: [...first.path, "actual"],
    text: "培训人数与签到表人数不一致，请核实后说明",
  });
}

/**
 * 委托, 资料清单, 反馈意见: the bureau commissions the agency to evaluate a project of the HRSS
 * bureau; the agency creates it from the 项目支出 template and sends a data request, which the
 * department has answered (for the agency to take in); one feedback round on the draft.
 */
async function seedCollaboration(
  app: App,
  who: { admin: Principal; evaluator: Principal; department: Principal },
  hrss: string,
  agency: string,
): Promise<void> {
  const { collaboration, evaluations } = app.services;
  const commission = await collaboration.createCommission(who.admin, {
    organisationId: hrss,
    fiscalYear: 2024,
    kind: "项目支出",
    agencyId: agency,
    title: "阳泉市人社局2024年度职业技能培训项目支出绩效评价（合成示例）",
    project: "职业技能培训补贴项目（合成示例）",
  });
  const e = await evaluations.create(who.evaluator, {
    organisationId: hrss,
    template: "project",
    commissionId: commission.id,
    reason: "在委托任务中新建（合成示例）",
  });
  // The first leaf indicator: its actual value is what the agency asks for.
  const path: Array<string | number> = ["indicators", 0];
  let node = (e.document as { indicators: IndicatorInput[] }).indicators[0]!;
  while (node.children && node.children.length > 0) {
    path.push("children", 0);
    node = node.children[0]!;
  }
  const request = await collaboration.createDataRequest(who.evaluator, e.id, {
    title: "2024年度基础数据（合成示例）",
    note: "请于5个工作日内提供",
    items: [
      { kind: "output", label: node.name, path: [...path, "actual"] },
      { kind: "staffing", label: "编制数与实有在职人数" },
      { kind: "file", label: "培训签到表、结业证书发放台账" },
    ],
  });
  await collaboration.answerDataRequest(who.department, e.id, request.number, {
    items: [
      { itemId: request.items[0]!.id, value: "5230", note: "培训管理系统导出（合成示例）" },
      { itemId: request.items[1]!.id, value: "编制 69 人，实有在职 59 人" },
    ],
  });
  const feedback = await collaboration.createFeedback(who.department, e.id, {
    section: "三、存在的问题及原因分析",
    text: "培训合格率的统计口径应为结业考核合格人数，请按台账核实（合成示例）",
  });
  await collaboration.answerFeedback(who.evaluator, e.id, feedback.number, {
    text: "已按结业考核台账重新核实，合格率调整为 93.20%，结论不变（合成示例）",
  });
}

/** The demo accounts' usernames (one per role). */
export const DEMO_USERNAMES = ["admin", "evaluator", "department", "expert", "visitor"] as const;

/**
 * Load the demo data at start-up when `JIXIAO_DEMO` asks for it, print the passwords and save
 * them (SQLite): `auto` (the default) on the first start, into a database with no accounts;
 * `always` also into a database that has accounts already (an operator's PostgreSQL), once —
 * not while any demo account exists, so restarts never load it twice; `never` not at all.
 * Returns the accounts created (none when nothing was loaded).
 */
export async function seedDemoIfWanted(app: App, log: (line: string) => void): Promise<DemoUser[]> {
  const mode = app.services.config.demo;
  if (mode === "never") return [];
  const db = app.store.db;
  const anyone = await db.selectFrom("users").select("id").limit(1).execute();
  if (anyone.length > 0) {
    if (mode === "auto") return [];
    const present = await db.selectFrom("users").select("username").where("username", "in", DEMO_USERNAMES).execute();
    if (present.length > 0) {
      log(`演示数据已存在，未再加载 / demo data present already (${present.map((u) => u.username).join(", ")}): not loaded again`);
      return [];
    }
  }
  const users = await seedDemo(app);
  const lines = [
    "演示账号（仅在加载演示数据时生成）/ demo accounts (generated when the demo data is loaded):",
    ...users.map((u) => `  ${u.username.padEnd(10)} ${u.password}   ${u.displayName}`),
  ];
  for (const l of lines) log(l);
  if (app.store.dialect === "sqlite")
    writeFileSync(join(app.services.config.dataDir, "demo-users.txt"), lines.join("\n") + "\n", { mode: 0o600 });
  return users;
}
