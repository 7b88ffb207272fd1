import uPlot from 'uplot';
import { h } from '../dom.js';
import { count } from './fleet-format.js';

export interface ChartSeries {
  label: string;
  colour: string;
  /** Dashed, so the two lines differ in more than colour. */
  dashed?: boolean;
}

const HEIGHT = 180;

/**
 * One small time-series chart (uPlot on a canvas) of per-second counts over the window, with the
 * same numbers as text beside it: the total and peak of each series, which screen readers read
 * and tests compare with the API. Resizes with its card, down to a phone's width.
 */
export function trafficChart(id: string, title: string, series: ChartSeries[]) {
  const plotBox = h('div', { class: 'chart-plot', role: 'img', 'aria-labelledby': `${id}-heading` });
  const totals = h('ul', { class: 'chart-totals', 'aria-label': `${title}, last 15 minutes` });
  const root = h(
    'figure',
    { class: 'card chart', id },
    h('figcaption', {}, h('h2', { id: `${id}-heading` }, title)),
    totals,
    plotBox,
  );
  let plot: uPlot | undefined;
  let resize: ResizeObserver | undefined;

  const width = () => Math.max(200, Math.floor(plotBox.clientWidth || 300));

  function create(data: uPlot.AlignedData): uPlot {
    const made = new uPlot(
      {
        width: width(),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { stroke: '#5b6470', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d5d9e0' } },
          { stroke: '#5b6470', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d5d9e0' }, size: 44 },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.colour,
            width: 2,
            points: { show: false },
            ...(s.dashed ? { dash: [6, 4] } : {}),
          })),
        ],
      },
      data,
      plotBox,
    );
    resize = new ResizeObserver(() => made.setSize({ width: width(), height: HEIGHT }));
    resize.observe(plotBox);
    return made;
  }

  /** `start`: epoch seconds of the first value; `values`: one array per series, a value per second. */
  function show(start: number, values: number[][]): void {
    const length = values[0]?.length ?? 0;
    const xs = Array.from({ length }, (_, index) => start + index);
    const data = [xs, ...values] as uPlot.AlignedData;
    if (plot) plot.setData(data);
    else plot = create(data);
    const described: string[] = [];
    totals.replaceChildren(
      ...series.map((s, index) => {
        const points = values[index] ?? [];
        const total = points.reduce((sum, value) => sum + value, 0);
        const peak = points.reduce((max, value) => Math.max(max, value), 0);
        described.push(`${s.label}: ${count(total)} in all, at most ${count(peak)} per second`);
        const swatch = h('span', { class: `swatch-line${s.dashed ? ' dashed' : ''}`, 'aria-hidden': 'true' });
        // Through the CSSOM, not a style attribute: the console's CSP allows no inline styles.
        swatch.style.borderColor = s.colour;
        return h(
          'li',
          { 'data-series': s.label },
          swatch,
          `${s.label}: `,
          h('strong', { 'data-total': total }, count(total)),
          h('span', { class: 'muted' }, ` (peak ${count(peak)}/s)`),
        );
      }),
    );
    plotBox.setAttribute('aria-label', `${title} over the last 15 minutes. ${described.join('. ')}.`);
  }

  return {
    root,
    show,
    dispose(): void {
      resize?.disconnect();
      plot?.destroy();
    },
  };
}
