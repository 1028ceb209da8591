/**
 * Fonts in the manner of GB/T 9704 (党政机关公文格式): title in 方正小标宋简体 二号, first-level
 * headings 黑体, second-level 楷体_GB2312, body 仿宋_GB2312 三号. The .docx keeps these
 * official names (the reader's Word has them); the server maps them to Noto CJK with the
 * fontconfig file shipped beside this package (fonts/fonts.conf), passed to LibreOffice as
 * FONTCONFIG_FILE (pdf.ts). Sizes are in points.
 */
export const FONTS = {
  title: "方正小标宋简体",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  body: "仿宋_GB2312",
  pageNumber: "宋体",
} as const;

/** 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt. */
export const SIZES = { title: 22, body: 16, caption: 14, table: 12, pageNumber: 14 } as const;

/** CSS font stacks for HTML: the official face first, then what Windows, macOS and Linux have. */
export const CSS_FONTS = {
  title: `"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif`,
  heading1: `"黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif`,
  heading2: `"楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif`,
  body: `"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
} as const;
