/**
 * Published 绩效目标申报表 and 绩效监控表 rebuilt as .xlsx under test/fixtures/forms/<id>/ (issue
 * 15): each `form.xlsx` lays the form out as its page prints it (its labels, merged cells, blank
 * rows, the cells' texts exactly as published, number cells where the page shows numbers) and
 * `source.json` beside it keeps the address, the organisation and how the layout was rebuilt.
 * The figures and words are the published ones; a contact line with a person's name and phone
 * number is left out. Run once; the files are committed:
 * `node --conditions=jixiao-src --import tsx packages/exchange/test/fixtures-src/make-forms.mts`
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { type CellSpec, type SheetSpec, writeWorkbook } from "@jixiao/exchange";

type Put = string | number | { number: number; numFmt: string } | undefined;

/** A sheet from rows of cells (undefined: nothing written) and merges in A1 notation. */
function sheet(name: string, widths: number[], rows: Put[][], merges: string[]): SheetSpec {
  const cells: SheetSpec["cells"] = [];
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === undefined) return;
      const cell: CellSpec =
        typeof v === "number"
          ? { number: v, style: "amount" }
          : typeof v === "object"
            ? { number: v.number, numFmt: v.numFmt, style: "count" }
            : { text: v, style: r === 0 ? "title" : "text" };
      cells.push({ row: r + 1, col: c + 1, cell });
    }),
  );
  const parse = (a: string): { row: number; col: number } => {
    const m = /^([A-Z])(\d+)$/.exec(a)!;
    return { col: m[1]!.charCodeAt(0) - 64, row: Number(m[2]) };
  };
  return {
    name,
    widths,
    cells,
    merges: merges.map((m) => {
      const [a, b] = m.split(":").map(parse);
      return { top: a!.row, left: a!.col, bottom: b!.row, right: b!.col };
    }),
  };
}

interface Source {
  title: string;
  url: string;
  organisation: string;
  year: number;
  kind: "申报表" | "监控表";
  layout: string;
  notes: string[];
}

const OUT = new URL("../fixtures/forms/", import.meta.url);

async function write(id: string, s: SheetSpec, source: Source): Promise<void> {
  const dir = new URL(`${id}/`, OUT);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL("form.xlsx", dir), await writeWorkbook([s], { title: source.title }));
  writeFileSync(new URL("source.json", dir), `${JSON.stringify(source, null, 2)}\n`);
}

// ── 湘潭 2023 雾炮车降尘抑尘服务: 指标值及单位 glued, blank 效益 rows, a vertical 本年度绩效指标 label ──
const goal = "通过采购雾炮车降尘抑尘服务，服务周期2023.07-2024.01，全市空气质量达到优良";
await write(
  "xiangtan-2023-wupaoche",
  sheet(
    "Sheet1",
    [14, 14, 18, 30, 16, 12],
    [
      ["2023年项目支出绩效目标申报表"],
      ["填报单位：（盖章）", undefined, undefined, undefined, "单位：万元"],
      ["项目支出名称", "雾炮车降尘抑尘服务", undefined, "预算部门", "湘潭市环境卫生管理处"],
      ["年度本级 预算金额", "250万", undefined, "该项目支出上级资金", "0"],
      ["项目支出实施期", "2023.07-2024.01"],
      ["实施期绩效目标", goal],
      ["本年度绩效目标", goal],
      ["本年度 绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
      [undefined, "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"],
      [undefined, undefined, undefined, "雾炮车风炮射程", "≥80M", "计划标准"],
      [undefined, undefined, "质量指标", "服务周期内空气质量", "优良", "计划标准"],
      [undefined, undefined, "时效指标", "服务周期", "2023.07-2024.01", "计划标准"],
      [undefined, undefined, "成本指标", "控制在预算成本内", "250万", "计划标准"],
      [undefined, "效益指标", "经济效益指标"],
      [undefined, undefined, "社会效益指标", "服务周期内，市民对空气质量改善的满意程度", "≥85%", "计划标准"],
      [undefined, undefined, "生态效益指标"],
      [undefined, undefined, "可持续影响指标"],
      [undefined, "满意度指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "计划标准"],
      ["财政部门审核意见"],
    ],
    [
      "A1:F1",
      "A2:D2",
      "E2:F2",
      "B3:C3",
      "E3:F3",
      "B4:C4",
      "E4:F4",
      "B5:F5",
      "B6:F6",
      "B7:F7",
      "A8:A18",
      "B9:B13",
      "C9:C10",
      "B14:B17",
      "B19:F19",
    ],
  ),
  {
    title: "湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表",
    url: "http://xtcg.xiangtan.gov.cn/15068/15075/26693/content_1250928.html",
    organisation: "湘潭市城市管理和综合执法局 / 湘潭市环境卫生管理处",
    year: 2023,
    kind: "申报表",
    layout:
      "Six columns as the page's table: the header block as label | value pairs, '本年度 绩效指标' merged down column A beside the indicator table, 一级/二级指标 merged down, 经济效益/生态效益/可持续影响 rows left blank as published.",
    notes: [
      "指标值 carries its operator and unit in one cell (10辆, ≥80M, 250万, ≥85%).",
      "The line 填表人 / 联系电话 / 单位负责人签字 below the table is left out (a person's name and phone number).",
    ],
  },
);

// ── 乌海 2021 再生资源回收市场管理经费: 指标性质 | 目标值 | 计量单位 split, Excel date serials ──
const serial = { number: 44561, numFmt: "#,##0" };
await write(
  "wuhai-2021-zaisheng",
  sheet(
    "项目绩效目标表",
    [12, 12, 22, 9, 9, 10, 10, 7, 8],
    [
      ["再生资源回收市场管理经费项目绩效目标表"],
      ["(2021年)"],
      ["项目名称", "再生资源回收市场管理经费"],
      ["项目类别", "(31)部门预算项目"],
      ["归口科室", "(08)经济贸易科"],
      ["主管部门", "(433)乌海市供销合作社联合社(部门)"],
      ["实施单位", "(433001)乌海市供销合作社联合社"],
      ["投入目标 (万元)", "资金来源", undefined, undefined, undefined, "年初安排金额(万元)"],
      [undefined, "资金总额", undefined, undefined, undefined, 3],
      [undefined, "其中: 财政拨款数", undefined, undefined, undefined, 3],
      [undefined, "其他资金", undefined, undefined, undefined, 0],
      [
        "年度目标",
        "围绕国家关于建设节约型社会和发展循环经济的要求，在充分规范整合和利用现有再生资源回收渠道的基础上，合理布局，规范建设。达成以下目标： 目标1：聘用人员1人，出差8人 目标2：聘用人员在岗率100% 目标3：2021年12月31日前完成 目标4：年度预算总金额3万元 目标5：促进资源循环和高效利用，改善城乡生态环境。",
      ],
      ["绩效指标(权重分值90分,其中产出指标权重分值50分,效益指标权重分值30分,满意度指标权重分值10分)"],
      ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位", "分值", "备注"],
      ["产出指标", "数量指标", "出差人数", "正向", "=", 8, undefined, 4],
      ["产出指标", "数量指标", "出差人次", "正向", "=", 24, "人/次", 4],
      ["产出指标", "质量指标", "工作任务完成率", "正向", "=", 100, "%", 4],
      ["产出指标", "时效指标", "项目财政资金到位时间", "正向", "=", serial, serial, 10],
      ["产出指标", "时效指标", "财政资金到位及时支付率", "正向", "=", 100, "%", 4],
      ["产出指标", "时效指标", "工作计划按时完成时间", "正向", "=", serial, serial, 4],
      ["产出指标", "成本指标", "出差单位成本", "反向", "=", 0, "万元/人", 4],
      ["产出指标", "成本指标", "出差总成本", "反向", "=", 1, "万元", 4],
      ["产出指标", "成本指标", "劳务人员总成本", "反向", "=", 2, "万元", 4],
      ["产出指标", "成本指标", "办公费总成本", "反向", "=", 0, "万元", 4],
      ["产出指标", "成本指标", "年度预算总成本", "反向", "=", 3, "万元", 4],
    ],
    [
      "A1:I1",
      "A2:I2",
      "B3:I3",
      "B4:I4",
      "B5:I5",
      "B6:I6",
      "B7:I7",
      "A8:A11",
      "B8:E8",
      "F8:I8",
      "B9:E9",
      "F9:I9",
      "B10:E10",
      "F10:I10",
      "B11:E11",
      "F11:I11",
      "B12:I12",
      "A13:I13",
    ],
  ),
  {
    title: "再生资源回收市场管理经费项目绩效目标表（2021年）",
    url: "http://gxs.wuhai.gov.cn/whsgxshzslhs/1096934/sjtj/1341823/index.html",
    organisation: "乌海市供销合作社联合社",
    year: 2021,
    kind: "申报表",
    layout:
      "Nine columns as published (一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标方向 | 目标值 | 计量单位 | 分值 | 备注), every row repeating its 一级/二级 names; 投入目标 as label | amount rows.",
    notes: [
      "The two 时效 rows print 44,561 as both 目标值 and 计量单位: an Excel date serial (2021-12-31, the 年度目标's '2021年12月31日前完成') shown as a number; kept as the number 44561 formatted #,##0 in both cells.",
      "出差人数 has no 计量单位 as published.",
      "The stored copy of the page stops after the 产出指标 rows (年度预算总成本); the 效益 and 满意度 rows (30 + 10 points by the caption) are not in it and are not invented here.",
    ],
  },
);

// ── 黄石 2019 申遗经费 监控表: 1-6月执行数, no 调整后预算, 一级 names under 绩效指标 ──
await write(
  "huangshi-2019-shenyi-jiankong",
  sheet(
    "监控表",
    [10, 10, 18, 22, 30, 16, 10],
    [
      ["黄石市项目支出绩效监控表 (申遗)"],
      ["(2019年度)"],
      ["项目单位(盖章):", undefined, undefined, undefined, "单位:万元"],
      ["项目名称", "申遗经费"],
      ["主管部门", "黄石市文化和旅游局", undefined, "项目执行单位", "黄石市文物局(湖北水泥遗址博物馆)"],
      ["项目属性", "1、持续性项目 □ 2、新增性项目 □"],
      ["项目类型", "1、常年性项目 □ √ 2、延续性项目 □ 3、一次性项目 □"],
      [undefined, "1、部门预算项目 □ 2、省直专项 □ 3、省对下转移支付项目 □"],
      ["项目资金 (万元)", undefined, undefined, "年初预算数", "1-6月执行数", "全年预计执行数"],
      ["年度资金总额:", undefined, undefined, 220, 87.57],
      ["其中:当年一般公共预算拨款", undefined, undefined, 220, 87.57],
      ["绩效指标", "一级 指标", "指标名称", "指标值", "半年度 指标执行情况", "完成目标可能性(确定能、有可能、不可能)", "备注"],
      ["产 出 指 标", "质量"],
      [undefined, "时效"],
      [undefined, "成本", undefined, "年度预算220万元", "按进度执行,已使用约40%", "确定能"],
      [
        "效 益 指 标",
        "社会效益",
        undefined,
        undefined,
        "开展黄石矿冶工业遗产突出普遍价值研究、学术交流、对外宣传等工作，先后举办有社会影响力的活动5场；成立黄石矿冶文化研究中心暨矿冶文学陈列馆，凸显黄石工业遗产文化价值，推动申遗工作。",
        "确定能",
      ],
      ["偏差或不能完成目标原因分析"],
      ["相关建议或举措"],
      [
        "注: 1.完成目标可能性：对应所设定的实现绩效目标的路径，分确定能、有可能、不可能三级综合判断完成的可能性。 2.如“完成目标可能性”出现“有可能”、“不可能”选项，请分别在“偏差或不能完成目标原因分析”与“相关建议或举措”栏填写从相关原因及拟采取的措施",
      ],
    ],
    [
      "A1:G1",
      "A2:G2",
      "A3:D3",
      "E3:G3",
      "B4:G4",
      "B5:C5",
      "E5:G5",
      "B6:G6",
      "A7:A8",
      "B7:G7",
      "B8:G8",
      "A9:C9",
      "F9:G9",
      "A10:C10",
      "F10:G10",
      "A11:C11",
      "F11:G11",
      "A13:A15",
      "B17:G17",
      "A18:A18",
      "B18:G18",
      "A19:G19",
    ],
  ),
  {
    title: "黄石市项目支出绩效监控表（申遗）2019年度",
    url: "http://hsgyyc.com/xwdt_10201/gsgg_10206/201908/t20190821_663302.html",
    organisation: "黄石市文化和旅游局 / 黄石市文物局（湖北水泥遗址博物馆）",
    year: 2019,
    kind: "监控表",
    layout:
      "Seven columns as the page's header row (绩效指标 | 一级指标 | 指标名称 | 指标值 | 半年度指标执行情况 | 完成目标可能性 | 备注); the 一级 names (产出指标, 效益指标) sit under the merged 绩效指标 label and the 二级 names (质量, 时效, 成本, 社会效益) under 一级指标, as printed.",
    notes: [
      "The page's text lost some column boundaries. 成本: '年度预算220万元' is read as 指标值 and '按进度执行,已使用约40%' as 半年度指标执行情况, the 指标名称 cell blank. 社会效益: the long text is read as 半年度指标执行情况 (it reports what was done), 指标名称 and 指标值 blank.",
      "No 调整后预算 column and no 全年预计执行数 figure were published.",
    ],
  },
);
console.log("wrote", OUT.pathname);
