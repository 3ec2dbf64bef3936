/**
 * Throughput of `pipeline generate`, printed as figures and as ratios against baselines run in
 * the same process (so machine load affects both alike): a naive generator that builds each
 * event as an object and JSON.stringify-s it, and the disk's write speed for ready-made bytes.
 *
 *   npm run bench:generate -- [--mb 200] [--runs 3]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVICES, PLACES, TAGS, productId, productPrice } from '../generator/catalog';
import { emptyRecord } from '../generator/event-record';
import { directorySink, memorySink } from '../generator/fs-sink';
import { generateDataset } from '../generator/generate-dataset';
import { streamFor } from '../generator/prng';
import { SessionStream } from '../generator/session-stream';
import { ChunkedWriter, counting } from '../generator/sink';
import { UserPopulation } from '../generator/users';
import { runMain } from '../lib/run-main';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MB = arg('mb', 200);
const RUNS = arg('runs', 3);
const bytes = MB * 1e6;

/** The same events, built as objects and JSON.stringify-ed: what a straightforward port does. */
async function naive(): Promise<number> {
  const stream = new SessionStream(streamFor(1, 'naive'), new UserPopulation(1, 10_000));
  const rec = emptyRecord();
  const sink = counting(await memorySink(false).open('x'));
  const writer = new ChunkedWriter(sink);
  while (writer.written < bytes) {
    stream.next(rec);
    const d = DEVICES[rec.device]!;
    const p = PLACES[rec.place]!;
    const line = JSON.stringify({
      event_id: rec.eventId,
      event_type: rec.eventType,
      user_id: rec.userId,
      event_ts: new Date(Date.parse('2026-11-20T00:00:00Z') + rec.msOfDay).toISOString(),
      session: {
        session_id: rec.sessionId,
        started_at: new Date(Date.parse('2026-11-20T00:00:00Z') + rec.sessionStartMs).toISOString(),
        is_new: rec.isNew,
        page_views: rec.pageViews,
      },
      device: { type: d.type, os: d.os, browser: d.browser, user_agent: d.user_agent },
      location: {
        country: p.country,
        region: p.region,
        city: p.city,
        latitude: p.latitude,
        longitude: p.longitude,
      },
      engagement: {
        duration_ms: rec.durationMs,
        scroll_depth: rec.scrollPct / 100,
        clicks: rec.clicks,
      },
      properties: {
        page: rec.page,
        product_id: rec.product < 0 ? null : productId(rec.product),
        price: rec.product < 0 ? null : productPrice(rec.product),
        quantity: rec.quantity || null,
        currency: p.currency,
        tags: TAGS.filter((_t, i) => (rec.tagMask & (1 << i)) !== 0),
      },
    });
    if (writer.add(`${line}\n`)) await writer.flush();
  }
  await writer.close();
  return writer.written;
}

async function timed(run: () => Promise<number>): Promise<number> {
  let best = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const n = await run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, n / 1e6 / seconds);
  }
  return best;
}

const generate =
  (options: { format?: 'ndjson' | 'csv'; gzip?: boolean }, toDisk = false) =>
  async (): Promise<number> => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-bench-'));
    try {
      const s = await generateDataset(
        {
          seed: 1,
          source: 'app',
          dates: ['2026-11-20'],
          size: { bytes },
          fileBytes: 64e6,
          ...options,
        },
        toDisk ? directorySink(dir) : memorySink(false),
      );
      return s.rawBytes;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

function diskCeiling(): number {
  const dir = mkdtempSync(join(tmpdir(), 'gen-bench-'));
  const chunk = Buffer.alloc(64e6, 'x');
  try {
    for (let i = 0; i * chunk.length < bytes; i += 1) writeFileSync(join(dir, `f${i}`), chunk);
    return Math.ceil(bytes / chunk.length) * chunk.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(async () => {
  console.log(
    `generator benchmark: ${MB} MB per run, best of ${RUNS}, generator on one thread, gzip on the libuv pool (Node ${process.version})`,
  );
  const baseline = await timed(naive);
  const disk = await timed(() => Promise.resolve(diskCeiling()));
  const rows: [string, number, number][] = [
    ['baseline: objects + JSON.stringify (memory)', baseline, baseline],
    ['generator NDJSON (memory)', await timed(generate({})), baseline],
    ['generator CSV (memory)', await timed(generate({ format: 'csv' })), baseline],
    ['generator NDJSON gzip (memory)', await timed(generate({ gzip: true })), baseline],
    ['baseline: write ready-made bytes (disk)', disk, disk],
    ['generator NDJSON (disk)', await timed(generate({}, true)), disk],
  ];
  for (const [label, mbps, base] of rows) {
    console.log(
      `${label.padEnd(46)} ${mbps.toFixed(1).padStart(8)} MB/s  x${(mbps / base).toFixed(2)} vs baseline`,
    );
  }
});
