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
  seededRandom,
} from "@jixiao/engine";
import { parse } from "yaml";
import type { App } from "./app.js";
import type { OrganisationsTable } from "./db/database.js";
import type { Principal } from "./policy.js";
import { OrganisationRepository } from "./repositories/organisation-repository.js";
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
    { username: "expert", displayName: "评审专家（演示）", role: "expert", organisationId: region, password: "" },
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
  return users;
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
