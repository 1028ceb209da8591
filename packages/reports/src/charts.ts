/**
 * Charts as SVG, drawn by ECharts' server-side SVG renderer (no DOM, no browser). Labels are the
 * exact printed texts ("70.80%", "6,561.92"); only bar heights and pie angles use binary numbers,
 * which is geometry, not a figure anyone reads.
 */
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { ChartBlock } from "./structure.js";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

/** Sans-serif CJK faces, first the server's (Noto), then what Windows and macOS have. */
export const CHART_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimHei, 'PingFang SC', sans-serif";

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 600, height: 320 };

const COLORS = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#833c0b"];

/** The chart as a standalone SVG document. */
export function chartSvg(chart: Pick<ChartBlock, "type" | "data" | "unit" | "max">, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const c = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    const printed = chart.data.map((d) => d.printed);
    const common = { animation: false, color: COLORS, textStyle: { fontFamily: CHART_FONT, fontSize: 13, color: "#222" } };
    if (chart.type === "bar") {
      c.setOption({
        ...common,
        grid: { left: 56, right: 24, top: 28, bottom: 40 },
        xAxis: { type: "category", data: chart.data.map((d) => d.label), axisLabel: { interval: 0, fontFamily: CHART_FONT } },
        yAxis: {
          type: "value",
          min: 0,
          max: chart.max,
          axisLabel: { formatter: `{value}${chart.unit}`, fontFamily: CHART_FONT },
          splitLine: { lineStyle: { color: "#ddd" } },
        },
        series: [
          {
            type: "bar",
            barMaxWidth: 56,
            data: chart.data.map((d) => Number(d.value)),
            label: {
              show: true,
              position: "top",
              fontFamily: CHART_FONT,
              formatter: (p: { dataIndex: number }) => printed[p.dataIndex] ?? "",
            },
          },
        ],
      });
    } else {
      c.setOption({
        ...common,
        legend: { orient: "vertical", left: 8, top: "middle", textStyle: { fontFamily: CHART_FONT } },
        series: [
          {
            type: "pie",
            radius: ["30%", "62%"],
            center: ["62%", "52%"],
            data: chart.data.map((d) => ({ name: d.label, value: Number(d.value) })),
            label: { fontFamily: CHART_FONT, formatter: (p: { dataIndex: number }) => `${printed[p.dataIndex] ?? ""}${chart.unit}` },
          },
        ],
      });
    }
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}
