import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/**
 * How two screenshots may differ and still be the same page. Per pixel, pixelmatch's colour
 * threshold and its anti-aliasing detection absorb glyph and line edges rendered a shade apart;
 * over the page, at most `maxDiffRatio` of the pixels may still differ. A moved block, a
 * wrapped heading or a chart of another size changes whole regions, far beyond it.
 */
export interface ScreenshotTolerance {
  /** pixelmatch's per-pixel colour distance, 0 (exact) to 1. */
  readonly pixelThreshold: number;
  /** Share of the larger image's pixels that may differ. */
  readonly maxDiffRatio: number;
}

export const DEFAULT_TOLERANCE: ScreenshotTolerance = { pixelThreshold: 0.1, maxDiffRatio: 0.002 };

/** How far apart two screenshots are. */
export interface ScreenshotDiff {
  readonly width: number;
  readonly height: number;
  /** Pixels that differ in the common area plus every pixel only one image has. */
  readonly diffPixels: number;
  readonly diffRatio: number;
  readonly sameSize: boolean;
  /** Red where they differ, over a faded copy of the expected image (encoded on demand: slow). */
  diffPng(): Buffer;
}

/** Copies the top-left width x height of an image into a new one (the common area). */
function crop(png: PNG, width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    png.data.copy(out, y * width * 4, y * png.width * 4, (y * png.width + width) * 4);
  return out;
}

/**
 * Compares two PNGs pixel by pixel. Images of different sizes are compared on their common area
 * and the rest counts as different: a page that grew by a row of cards is a change.
 */
export function diffScreenshots(
  expected: Buffer,
  actual: Buffer,
  tolerance: ScreenshotTolerance = DEFAULT_TOLERANCE,
): ScreenshotDiff {
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  const width = Math.min(a.width, b.width);
  const height = Math.min(a.height, b.height);
  const diff = new PNG({ width, height });
  const common = pixelmatch(
    crop(a, width, height),
    crop(b, width, height),
    diff.data,
    width,
    height,
    {
      threshold: tolerance.pixelThreshold,
      includeAA: false,
    },
  );
  const total = Math.max(a.width * a.height, b.width * b.height);
  const diffPixels = common + (total - width * height);
  return {
    width: Math.max(a.width, b.width),
    height: Math.max(a.height, b.height),
    diffPixels,
    diffRatio: total === 0 ? 0 : diffPixels / total,
    sameSize: a.width === b.width && a.height === b.height,
    diffPng: () => PNG.sync.write(diff),
  };
}

/** Set to 1 to write the current screenshots as the new references instead of comparing. */
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

/** What a reference comparison found: the diff, or that the reference was (re)written. */
export type ReferenceResult =
  | { readonly kind: 'compared'; readonly diff: ScreenshotDiff; readonly withinTolerance: boolean }
  | { readonly kind: 'written'; readonly path: string };

/**
 * Compares a screenshot with its stored reference PNG, writing `<reference>.actual.png` and
 * `<reference>.diff.png` beside it when they differ beyond the tolerance, so the change can be
 * looked at. With UPDATE_SCREENSHOTS=1 it writes the reference instead; a missing reference
 * is an error, never a silent pass.
 */
export function compareWithReference(
  actual: Buffer,
  referencePath: string,
  tolerance: ScreenshotTolerance = DEFAULT_TOLERANCE,
): ReferenceResult {
  if (UPDATE_SCREENSHOTS) {
    mkdirSync(dirname(referencePath), { recursive: true });
    writeFileSync(referencePath, actual);
    return { kind: 'written', path: referencePath };
  }
  if (!existsSync(referencePath))
    throw new Error(
      `no reference screenshot at ${referencePath}: run the test with UPDATE_SCREENSHOTS=1 and commit it`,
    );
  const diff = diffScreenshots(readFileSync(referencePath), actual, tolerance);
  const withinTolerance = diff.diffRatio <= tolerance.maxDiffRatio;
  if (!withinTolerance) {
    writeFileSync(referencePath.replace(/\.png$/, '.actual.png'), actual);
    writeFileSync(referencePath.replace(/\.png$/, '.diff.png'), diff.diffPng());
  }
  return { kind: 'compared', diff, withinTolerance };
}
