/**
 * Qualitative vocabulary (定性表述) as data: what people write in the 实际完成值 column of a
 * 绩效自评表, mapped to the three levels of 财预〔2020〕10号 — fully achieved (完全达成),
 * partly achieved (部分达成), not achieved (未达成). A scheme can add its own words
 * (`scheme.qualitativeWords`), since provinces word it differently.
 */
import { normalise } from "./quantity.js";

export type Achievement = "full" | "partial" | "none";

/** The level names of the default scheme, by achievement. */
export const LEVEL_NAMES: Readonly<Record<Achievement, string>> = { full: "完全达成", partial: "部分达成", none: "未达成" };

/** Words seen in real forms. Exact matches (after normalisation) come first. */
export const DEFAULT_LEXICON: Readonly<Record<Achievement, readonly string[]>> = {
  full: [
    "完全达成",
    "达成",
    "已达成",
    "全部达成",
    "达成预期",
    "达成预期指标",
    "达成预期目标",
    "达成目标",
    "达成年度目标",
    "达到预期",
    "达到预期指标",
    "达到预期目标",
    "达到预期效果",
    "达到目标",
    "达到要求",
    "达到",
    "已达到",
    "达标",
    "已达标",
    "全部达标",
    "完成",
    "已完成",
    "全部完成",
    "全面完成",
    "圆满完成",
    "顺利完成",
    "按时完成",
    "按期完成",
    "如期完成",
    "按计划完成",
    "完成目标",
    "完成任务",
    "已完成任务",
    "足额完成",
    "保质保量完成",
    "实现",
    "已实现",
    "实现目标",
    "全部实现",
    "落实",
    "已落实",
    "全部落实",
    "有效",
    "明显",
    "显著",
    "好",
    "良好",
    "较高",
    "高",
    "优",
    "优秀",
    "满意",
    "非常满意",
    "很满意",
    "合格",
    "全部合格",
    "规范",
    "健全",
    "完善",
    "通过",
    "已通过",
    "是",
    "及时",
    "按时",
    "按期",
    "准时",
    "符合",
    "符合要求",
    "符合规定",
    "合规",
    "达效",
    "有所提升",
    "提升",
    "提高",
    "有所提高",
    "改善",
    "有效改善",
    "增强",
    "稳定",
    "持续",
    "正常",
    "正常运行",
    "长期",
    "可持续",
    "无投诉",
    "零投诉",
    "未发生",
    "无事故",
    "未发生事故",
    "无违规",
    "无违纪",
    "100%",
    "√",
    "✓",
    "yes",
    "Y",
  ],
  partial: [
    "部分达成",
    "基本达成",
    "基本达到",
    "基本达到预期",
    "基本达标",
    "基本完成",
    "部分完成",
    "大部分完成",
    "基本实现",
    "部分实现",
    "基本落实",
    "较好",
    "一般",
    "基本满意",
    "较满意",
    "比较满意",
    "基本规范",
    "较规范",
    "基本健全",
    "基本完善",
    "基本合格",
    "基本符合",
    "基本及时",
    "较及时",
    "较为明显",
    "较明显",
    "有所改善",
    "中",
    "中等",
    "尚可",
    "基本有效",
    "较有效",
  ],
  none: [
    "未达成",
    "未达到",
    "未达标",
    "未达预期",
    "未完成",
    "没有完成",
    "未实现",
    "未落实",
    "未按时完成",
    "未通过",
    "否",
    "差",
    "较差",
    "不及时",
    "不合格",
    "不满意",
    "不规范",
    "不健全",
    "不完善",
    "不符合",
    "无效",
    "不明显",
    "没有",
    "×",
    "✗",
    "no",
    "N",
  ],
};

/** A lexicon: normalised word → achievement. */
export type Lexicon = ReadonlyMap<string, Achievement>;

const key = (word: string): string => normalise(word).toLowerCase();

function build(extra?: Readonly<Record<string, readonly string[]>>, levelOf?: (levelName: string) => Achievement | undefined): Lexicon {
  const map = new Map<string, Achievement>();
  for (const a of ["full", "partial", "none"] as const) for (const w of DEFAULT_LEXICON[a]) map.set(key(w), a);
  if (extra && levelOf) {
    for (const [level, words] of Object.entries(extra)) {
      const a = levelOf(level);
      if (a) for (const w of words) map.set(key(w), a);
    }
  }
  return map;
}

/** The default lexicon. */
export const DEFAULT_LEXICON_MAP: Lexicon = build();

/** The default lexicon with a scheme's own words (level name → words) added. */
export function lexiconWith(
  extra: Readonly<Record<string, readonly string[]>> | undefined,
  levelOf: (levelName: string) => Achievement | undefined,
): Lexicon {
  return extra && Object.keys(extra).length > 0 ? build(extra, levelOf) : DEFAULT_LEXICON_MAP;
}

/** Patterns for phrases not in the lexicon: "基本按计划完成", "已全部完工", "未按期完成". */
const PATTERNS: Array<[RegExp, Achievement]> = [
  [/^(?:未|没有|尚未|没|未能|不能|无法|存在)/, "none"],
  // "1-2期未能及时培训": a part named, and it was missed.
  [/^\d[^未没不]*(?:未|没有|未能|不)/, "partial"],
  [/^(?:基本|部分|大部分|大部|多数|大致|初步|较为|比较)/, "partial"],
  [
    /^(?:已|均已|已经|全部|全面|完全|均|圆满|顺利|按时|按期|如期|按计划|足额|及时)(?:完成|达成|达到|实现|落实|完工|竣工|验收|到位|发放|拨付|支付|开展|建成|通过)/,
    "full",
  ],
  [/^(?:完成|达成|达到|实现)(?:了)?(?:预期|年度|既定|计划|目标|全部|任务)/, "full"],
  [/^(?:明显|显著|有效|大幅|稳步|持续|进一步|全面)?(?:改善|提升|提高|增强|增加|改进|好转|减轻|降低|下降|加强|优化)/, "full"],
  [/(?:得到|有效|明显|显著|大幅|稳步|持续)?(?:改善|提升|提高|增强|改进|好转|减轻|加强|优化)$/, "full"],
];

/**
 * How a written actual reads: its achievement, and how it was decided.
 * @example readAchievement("达成预期指标") // { achievement: "full", how: "lexicon" }
 */
export function readAchievement(
  text: string,
  lexicon: Lexicon = DEFAULT_LEXICON_MAP,
  target?: string,
): { achievement: Achievement; how: "lexicon" | "pattern" | "same-as-target" } | undefined {
  const k = key(text);
  if (k === "") return undefined;
  if (target !== undefined && key(target) === k) return { achievement: "full", how: "same-as-target" };
  const hit = lexicon.get(k);
  if (hit) return { achievement: hit, how: "lexicon" };
  for (const [re, a] of PATTERNS) if (re.test(k)) return { achievement: a, how: "pattern" };
  // The target's own words, completed: target "有效改善" / actual "有效改善了人居环境".
  if (target !== undefined && key(target).length >= 2 && k.startsWith(key(target)) && !/^(?:未|不|没)/.test(k))
    return { achievement: "full", how: "same-as-target" };
  return undefined;
}

/** A scheme's own words as normalised word → level name (checked before the lexicon). */
export function wordLevels(extra: Readonly<Record<string, readonly string[]>>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [level, words] of Object.entries(extra)) for (const w of words) map.set(key(w), level);
  return map;
}

/** The lookup key of a word (normalised, lower case). */
export const wordKey = key;
