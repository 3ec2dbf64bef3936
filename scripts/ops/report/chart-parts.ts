import type { ChartConfiguration, ChartDataset } from 'chart.js' with {
  'resolution-mode': 'import',
};

/** How the page formats a chart's values (ticks and tooltips). */
export type ValueFormat = 'count' | 'percent' | 'number';

/** One chart of the report: what the page draws and the sentence under it. */
export interface ChartSpec {
  readonly id: string;
  /** Where the page puts it: the overview grid, or with the data-quality rules. */
  readonly section: 'overview' | 'rules';
  readonly title: string;
  readonly caption: string;
  readonly format: ValueFormat;
  readonly config: ChartConfiguration<'bar' | 'line', (number | null)[], string>;
}

/**
 * The palette. Healthy figures are drawn in neutral tones; amber and red are kept for a value
 * that failed a warning rule or a hard rule, so colour alone says where to look.
 */
export const COLORS = {
  output: '#2a9d8f',
  duplicates: '#b7c4cf',
  rejected: '#6c7a89',
  healthy: '#8d99ae',
  warn: '#e09f3e',
  fail: '#c1121f',
  worst: '#264653',
  threshold: '#1d3557',
  p50: '#457b9d',
  max: '#a8dadc',
  fields: ['#6a4c93', '#1982c4', '#8ac926', '#ff924c', '#ff595e', '#adb5bd'],
} as const;

export type Dataset = ChartDataset<'bar' | 'line', (number | null)[]>;

/** Bars of one colour, or of one colour per date (a rule's verdict). */
export const bar = (
  label: string,
  data: (number | null)[],
  color: string | string[],
  stack?: string,
): Dataset => ({
  type: 'bar',
  label,
  data,
  backgroundColor: color,
  borderColor: color,
  pointStyle: 'rect',
  ...(stack ? { stack } : {}),
});

/** A rule's threshold per date, dashed; a date where the rule did not run is a gap, bridged. */
export const thresholdLine = (data: (number | null)[], label = 'threshold'): Dataset => ({
  type: 'line',
  label,
  data,
  borderColor: COLORS.threshold,
  backgroundColor: COLORS.threshold,
  borderDash: [6, 4],
  borderWidth: 2,
  pointRadius: 3,
  pointStyle: 'line',
  spanGaps: true,
});

/** The worst single run of each date, as points: a failed run hides behind the date's average. */
export const worstPoints = (data: number[]): Dataset => ({
  type: 'line',
  label: 'worst single run',
  data,
  borderColor: COLORS.worst,
  backgroundColor: COLORS.worst,
  showLine: false,
  pointRadius: 5,
  pointStyle: 'rectRot',
});

/** A bar chart's configuration: no animation (the page is printed and compared pixel by pixel). */
export function config(
  labels: string[],
  datasets: Dataset[],
  yTitle: string,
  stacked = false,
  wholeNumbers = false,
): ChartSpec['config'] {
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
      scales: {
        x: { stacked, title: { display: true, text: 'ingestion date' } },
        y: {
          stacked,
          beginAtZero: true,
          // Head room, so a threshold line is never drawn on the frame.
          grace: '10%',
          ticks: wholeNumbers ? { precision: 0 } : {},
          title: { display: true, text: yTitle },
        },
      },
    },
  };
}
