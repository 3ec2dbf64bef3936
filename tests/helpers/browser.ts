import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; CI installs it (.ci/run). Never a downloaded browser build. */
export const CHROMIUM_PATH = process.env.PIPELINE_CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe`, or `describe.skip` with the reason printed when Chromium is not installed, so a
 * contributor without it sees why the browser checks did not run instead of a silent pass.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  process.stderr.write(
    `skipping "${name}": no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set PIPELINE_CHROMIUM_PATH)\n`,
  );
  describe.skip(name, body);
}

/** A page of a fresh headless Chromium whose requests other than file:// are refused and recorded. */
export interface OfflinePage {
  readonly page: Page;
  /** URLs the page tried to fetch from the network (a self-contained page has none). */
  readonly blocked: readonly string[];
  close(): Promise<void>;
}

/** Opens a page that may only read local files: what "opens with no network" means, checked. */
export async function openOfflinePage(
  viewport = { width: 1400, height: 1000 },
): Promise<OfflinePage> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport });
    const blocked: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    return { page, blocked, close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
