/**
 * The report page as a phone and a laptop show it, in Debian's headless Chromium: a fixed page
 * (typed fixtures, a fixed generation time, no animation, the machine's default fonts) must
 * hold at 390 px without sideways scrolling, and look like its stored reference at both widths
 * within a tolerance that absorbs anti-aliasing. A deliberately broken layout must fail both.
 *
 * References: tests/integration/ops/__screenshots__/report-<width>.png. After an intended
 * change of the page, look at the page, then write them anew and commit them:
 *   UPDATE_SCREENSHOTS=1 PIPELINE_TEST_BACKEND=embedded npx jest tests/integration/ops/report-layout.test.ts
 * A failed comparison leaves <reference>.actual.png and <reference>.diff.png beside it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chartSpecs } from '../../../scripts/ops/report/chart-specs';
import { chartJsSource } from '../../../scripts/ops/report/page-assets';
import { renderReportHtml } from '../../../scripts/ops/report/render-html';
import { describeWithChromium, openOfflinePage } from '../../helpers/browser';
import {
  compareWithReference,
  DEFAULT_TOLERANCE,
  diffScreenshots,
} from '../../helpers/screenshots';
import { sampleReportData } from '../../fixtures/report-sample';
import { scaled } from '../../helpers/time-scale';

// A safety bound, not a wait: decoding and comparing full-page PNGs takes seconds on a busy machine.
jest.setTimeout(scaled(300_000));

const REFERENCES = join(__dirname, '__screenshots__');
const reference = (width: number): string => join(REFERENCES, `report-${width}.png`);

/** What the layout checks read from the rendered page. */
interface Rendered {
  readonly png: Buffer;
  readonly scrollWidth: number;
  /** Elements reaching past the viewport's right edge outside a box that scrolls on its own. */
  readonly overflowing: readonly string[];
  readonly blocked: readonly string[];
}

/** Runs in the page: true once every chart is drawn at the size of its box. */
const CHARTS_SETTLED = `(() => document.body.dataset.charts === 'rendered' &&
  Array.from(document.querySelectorAll('canvas')).every((c) => {
    const chart = Chart.getChart(c);
    return !!chart && Math.abs(chart.width - c.parentElement.clientWidth) < 1;
  }))()`;

/** Runs in the page: the elements that stick out to the right, outside `.scroll` boxes. */
const OVERFLOWING = `(() => Array.from(document.querySelectorAll('body *'))
  .filter((e) => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')))()`;

describeWithChromium('the report page at phone and laptop width', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let html: string;

  beforeAll(async () => {
    const data = sampleReportData();
    html = renderReportHtml(data, chartSpecs(data), await chartJsSource());
  });

  /** Renders the page (with extra CSS, to break it on purpose) and takes a full-page screenshot. */
  async function render(width: number, extraCss = ''): Promise<Rendered> {
    const file = join(dir, `report-${width}-${extraCss ? 'broken' : 'ok'}.html`);
    writeFileSync(file, html.replace('</head>', `<style>${extraCss}</style></head>`));
    const browser = await openOfflinePage({ width, height: 844 });
    try {
      const { page } = browser;
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(pathToFileURL(file).href);
      await page.evaluate('document.fonts.ready');
      await page.waitForFunction(CHARTS_SETTLED, undefined, { timeout: 30_000 });
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      const overflowing = await page.evaluate<string[]>(OVERFLOWING);
      const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
      return { png, scrollWidth, overflowing, blocked: [...browser.blocked] };
    } finally {
      await browser.close();
    }
  }

  it.each([390, 1280])(
    'at %i px: nothing wider than the screen, and the same page as the reference',
    async (width) => {
      const shot = await render(width);
      expect(shot.blocked).toEqual([]);
      expect(shot.scrollWidth).toBeLessThanOrEqual(width);
      expect(shot.overflowing).toEqual([]);
      const result = compareWithReference(shot.png, reference(width));
      if (result.kind === 'compared') {
        expect(result.diff.sameSize).toBe(true);
        expect(result.diff.diffRatio).toBeLessThanOrEqual(DEFAULT_TOLERANCE.maxDiffRatio);
      }
    },
  );

  it('fails both checks when the chart grid keeps its laptop column width at 390 px', async () => {
    // The layout this page had before it held at phone width.
    const shot = await render(
      390,
      '.charts { grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); }',
    );
    expect(shot.scrollWidth).toBeGreaterThan(390);
    expect(shot.overflowing.length).toBeGreaterThan(0);
    const diff = diffScreenshots(readFileSync(reference(390)), shot.png);
    expect(diff.diffRatio).toBeGreaterThan(DEFAULT_TOLERANCE.maxDiffRatio);
  });

  it('fails the screenshot check on a layout change the width check cannot see', async () => {
    // Cards a few pixels taller: nothing overflows, every block below moves down.
    const shot = await render(390, '.card { padding: 16px; }');
    expect(shot.scrollWidth).toBeLessThanOrEqual(390);
    const diff = diffScreenshots(readFileSync(reference(390)), shot.png);
    expect(diff.diffRatio).toBeGreaterThan(DEFAULT_TOLERANCE.maxDiffRatio);
  });
});
