import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import {
  compareWithReference,
  DEFAULT_TOLERANCE,
  diffScreenshots,
} from '../../helpers/screenshots';

/** A white image with a dark block at (x, y), and optionally one pixel a shade off. */
function image(
  o: { width?: number; height?: number; x?: number; y?: number; shade?: boolean } = {},
): Buffer {
  const width = o.width ?? 200;
  const height = o.height ?? 100;
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inBlock =
        x >= (o.x ?? 20) && x < (o.x ?? 20) + 60 && y >= (o.y ?? 20) && y < (o.y ?? 20) + 40;
      const v = inBlock ? 30 : 255;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  if (o.shade) png.data[(50 * width + 100) * 4] = 245;
  return PNG.sync.write(png);
}

describe('diffScreenshots', () => {
  it('finds no difference between equal images, and absorbs a pixel a shade off', () => {
    expect(diffScreenshots(image(), image()).diffPixels).toBe(0);
    expect(diffScreenshots(image(), image({ shade: true })).diffPixels).toBe(0);
  });

  it('goes over the tolerance when a block moves', () => {
    const d = diffScreenshots(image(), image({ x: 40 }));
    expect(d.diffPixels).toBe(2 * 20 * 40);
    expect(d.diffRatio).toBeGreaterThan(DEFAULT_TOLERANCE.maxDiffRatio);
  });

  it('counts the pixels only one image has when the sizes differ', () => {
    const d = diffScreenshots(image(), image({ height: 110 }));
    expect(d.sameSize).toBe(false);
    expect(d.diffPixels).toBe(200 * 10);
    expect(d.height).toBe(110);
  });
});

describe('compareWithReference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'screenshots-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to pass without a reference', () => {
    expect(() => compareWithReference(image(), join(dir, 'missing.png'))).toThrow(
      /UPDATE_SCREENSHOTS=1/,
    );
  });

  it('compares with the reference and leaves the actual and diff images when over', () => {
    const ref = join(dir, 'page.png');
    writeFileSync(ref, image());
    expect(compareWithReference(image(), ref)).toMatchObject({ withinTolerance: true });
    expect(existsSync(join(dir, 'page.diff.png'))).toBe(false);
    expect(compareWithReference(image({ y: 50 }), ref)).toMatchObject({ withinTolerance: false });
    expect(readFileSync(join(dir, 'page.actual.png'))).toEqual(image({ y: 50 }));
    expect(existsSync(join(dir, 'page.diff.png'))).toBe(true);
  });
});
