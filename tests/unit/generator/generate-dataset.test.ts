import { gunzipSync } from 'node:zlib';
import { memorySink } from '../../../scripts/generator/fs-sink';
import { generateDataset } from '../../../scripts/generator/generate-dataset';
import type { GeneratorOptionsInput } from '../../../scripts/generator/options';
import { contractProblem, csvRecord, parseJsonLine } from './contract-check';

const base: GeneratorOptionsInput = {
  seed: 7,
  source: 'app',
  dates: ['2026-11-01', '2026-11-02'],
  size: { events: 3000 },
  fileBytes: 256 * 1024,
};

async function run(options: GeneratorOptionsInput) {
  const sink = memorySink();
  const summary = await generateDataset(options, sink);
  return { summary, files: sink.files };
}

interface Rec {
  event_id: string;
  user_id: string;
  session: { session_id: string };
  location: { country: string };
  properties: { tags: string[] };
}

const lines = (buf: Buffer): string[] => buf.toString('utf8').split('\n').filter(Boolean);

describe('generateDataset', () => {
  it('lays files out like the raw bucket, one folder per date, sized about --file-size', async () => {
    const { summary, files } = await run(base);
    expect(
      [...files.keys()].every((p) =>
        /^source=app\/ingestion_date=2026-11-0[12]\/part-\d{5}\.ndjson$/.test(p),
      ),
    ).toBe(true);
    expect(summary.counts.lines).toBe(3000);
    const data = summary.files.filter((f) => f.kind === 'data');
    expect(data.reduce((a, f) => a + f.lines, 0)).toBe(3000);
    const full = data.filter((f, i) => data[i + 1]?.date === f.date);
    expect(full.length).toBeGreaterThan(2);
    for (const f of full) {
      expect(f.rawBytes).toBeGreaterThanOrEqual(256 * 1024);
      expect(f.rawBytes).toBeLessThan(256 * 1024 + 4096);
      expect(files.get(f.path)!.length).toBe(f.bytes);
    }
  });

  it.each([
    ['ndjson', false],
    ['ndjson', true],
    ['csv', true],
  ] as const)(
    'gives byte-identical %s files (gzip %s) for the same seed and options',
    async (format, gzip) => {
      const a = await run({
        ...base,
        format,
        gzip,
        rates: { duplicate: 0.02, badLine: 0.01, badFile: 1 },
      });
      const b = await run({
        ...base,
        format,
        gzip,
        rates: { duplicate: 0.02, badLine: 0.01, badFile: 1 },
      });
      expect([...a.files.keys()]).toEqual([...b.files.keys()]);
      for (const [path, buf] of a.files) expect(buf.equals(b.files.get(path)!)).toBe(true);
      const other = await run({ ...base, seed: 8, format, gzip });
      expect(other.files.get([...a.files.keys()][0]!)!.equals([...a.files.values()][0]!)).toBe(
        false,
      );
    },
  );

  it('makes a date the same whether generated alone or with other dates, and bad files do not change good ones', async () => {
    const both = await run({ ...base, size: { events: 2000 }, users: 100 });
    const alone = await run({
      ...base,
      dates: ['2026-11-02'],
      size: { events: 1000 },
      users: 100,
      rates: { badFile: 1 },
    });
    const path = 'source=app/ingestion_date=2026-11-02/part-00000.ndjson';
    expect(alone.files.get(path)!.equals(both.files.get(path)!)).toBe(true);
  });

  it('writes gzip that decompresses to a CSV with the contract header', async () => {
    const { files } = await run({ ...base, format: 'csv', gzip: true, size: { events: 50 } });
    const [path, buf] = [...files][0]!;
    expect(path).toMatch(/\.csv\.gz$/);
    const rows = lines(gunzipSync(buf));
    expect(rows[0]!.split(',')).toContain('location_country');
    expect(rows.slice(1).map((r) => contractProblem(csvRecord(r), true))).toEqual(
      rows.slice(1).map(() => undefined),
    );
  });

  it('writes the bad files it is asked for, each broken its own way', async () => {
    const { summary, files } = await run({ ...base, rates: { badFile: 1 } });
    const bad = summary.files.filter((f) => f.kind !== 'data');
    expect(bad.length).toBe(summary.files.length - bad.length);
    const byKind = (k: string) => bad.filter((f) => f.kind === k);
    expect(byKind('empty').every((f) => files.get(f.path)!.length === 0)).toBe(true);
    expect(byKind('wrong-extension').every((f) => f.path.endsWith('.txt'))).toBe(true);
    const truncated = byKind('truncated-gzip');
    expect(truncated.length).toBeGreaterThan(0);
    for (const f of truncated) {
      expect(f.path).toMatch(/\.ndjson\.gz$/);
      // Close to a normal file's size, so it passes the size check and fails in the transform.
      expect(f.bytes).toBeGreaterThan(0.8 * 256 * 1024);
      expect(() => gunzipSync(files.get(f.path)!)).toThrow(/unexpected end of file/);
    }
  });

  it('generates realistic events: the funnel mix, repeat users, sessions with several events', async () => {
    const { files, summary } = await run({
      ...base,
      size: { events: 20_000 },
      dates: ['2026-11-01'],
    });
    const records = [...files.values()].flatMap(lines).map((l) => JSON.parse(l) as Rec);
    const t = summary.counts.eventTypes;
    expect(t.view_item!).toBeGreaterThan(t.add_to_cart! * 2);
    expect(t.add_to_cart!).toBeGreaterThan(t.purchase!);
    expect(t.login!).toBeGreaterThan(0);
    const perUser = new Map<string, number>();
    const perSession = new Map<string, number>();
    for (const r of records) {
      perUser.set(r.user_id, (perUser.get(r.user_id) ?? 0) + 1);
      const s = r.session.session_id;
      perSession.set(s, (perSession.get(s) ?? 0) + 1);
    }
    expect(perUser.size).toBeLessThan(records.length / 5);
    expect([...perUser.values()].filter((n) => n >= 20).length).toBeGreaterThan(10);
    expect(records.length / perSession.size).toBeGreaterThan(3);
    expect(new Set(records.map((r) => r.event_id)).size).toBe(records.length);
    expect(new Set(records.map((r) => r.location.country)).size).toBeGreaterThan(8);
    const withTags = records.filter((r) => r.properties.tags.length > 0);
    expect(withTags.length).toBeGreaterThan(records.length / 10);
  });

  it('puts late events 1..lateMaxDays days before the ingestion date, the rest on it', async () => {
    const { files, summary } = await run({
      ...base,
      dates: ['2026-03-02'],
      size: { events: 2000 },
      rates: { late: 0.3 },
      lateMaxDays: 2,
    });
    const days = [...files.values()]
      .flatMap(lines)
      .map((l) => (parseJsonLine(l) as { event_ts: string }).event_ts.slice(0, 10));
    const late = days.filter((d) => d !== '2026-03-02');
    expect(late.length).toBe(summary.counts.lateEvents);
    expect(new Set(late)).toEqual(new Set(['2026-02-28', '2026-03-01']));
  });

  it('closes gzip files at --file-size on disk, the size the raw bucket checks', async () => {
    const { summary } = await run({ ...base, gzip: true, size: { events: 20_000 } });
    const data = summary.files.filter((f) => f.kind === 'data');
    const full = data.filter((f, i) => data[i + 1]?.date === f.date);
    expect(full.length).toBeGreaterThan(2);
    for (const f of full) {
      expect(f.bytes).toBeGreaterThanOrEqual(256 * 1024);
      expect(f.bytes).toBeLessThan(1.25 * 256 * 1024);
      expect(f.rawBytes).toBeGreaterThan(3 * f.bytes);
    }
  });

  it('sizes by bytes when asked', async () => {
    const { summary } = await run({ ...base, size: { bytes: 1_000_000 } });
    expect(summary.rawBytes).toBeGreaterThanOrEqual(1_000_000);
    expect(summary.rawBytes).toBeLessThan(1_000_000 + 2 * 4096);
  });
});
