/**
 * 预警灯: a light is never colour alone (accessibility) — each carries its word (红灯 …) and a
 * shape of its own (● ▲ ■ ◆), so it reads in greyscale print and for colour-blind readers.
 */
import { Tag, Tooltip } from "antd";
import { useI18n } from "../i18n.js";

export type Light = "red" | "yellow" | "green" | "blue";

export const LIGHTS: readonly Light[] = ["red", "yellow", "green", "blue"];

const STYLE: Record<Light, { color: string; background: string; border: string; shape: string; zh: string; en: string }> = {
  red: { color: "#a8071a", background: "#fff1f0", border: "#ffa39e", shape: "●", zh: "红灯", en: "Red" },
  yellow: { color: "#874d00", background: "#fffbe6", border: "#ffe58f", shape: "▲", zh: "黄灯", en: "Yellow" },
  green: { color: "#135200", background: "#f6ffed", border: "#b7eb8f", shape: "■", zh: "绿灯", en: "Green" },
  blue: { color: "#003eb3", background: "#e6f4ff", border: "#91caff", shape: "◆", zh: "蓝灯", en: "Blue" },
};

export function isLight(x: unknown): x is Light {
  return typeof x === "string" && x in STYLE;
}

/** The light's word in the reader's language ("红灯" / "Red"). */
export function lightText(light: Light, lang: "zh" | "en"): string {
  return STYLE[light][lang];
}

/** A light as a tag: shape, word and colour; `title` (the formula with its numbers) on hover. */
export function LightTag({ light, title, testId }: { light: Light | null | undefined; title?: string; testId?: string }) {
  const { lang } = useI18n();
  if (!light || !isLight(light)) return <Tag data-testid={testId}>—</Tag>;
  const s = STYLE[light];
  const tag = (
    <Tag
      data-testid={testId}
      data-light={light}
      style={{ color: s.color, background: s.background, borderColor: s.border, fontWeight: 500, marginInlineEnd: 0 }}
    >
      <span aria-hidden style={{ marginInlineEnd: 4 }}>
        {s.shape}
      </span>
      {s[lang]}
    </Tag>
  );
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}
