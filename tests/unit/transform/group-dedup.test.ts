/**
 * Small NDJSON files staged together stay in one table per group, each file a range of its
 * rows; dedup marks its losers there by position. On generated manifests (several groups, blank
 * lines shifting positions, repeated keys across files and groups) the curated rows are exactly
 * the winners a plain reading of the rule picks: earliest event time, then file, then line.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { openDuckDb, text } from '../../../handlers/lib/duckdb/session';
import type { LocalInputFile } from '../../../handlers/transform/convert/input-file';
import { stageFiles } from '../../../handlers/transform/convert/stage-files';
import { stagingGroups } from '../../../handlers/transform/convert/stage-group';
import { writeCurated } from '../../../handlers/transform/convert/write-outputs';
import { appEvent } from '../../fixtures/app-events';

const contract = contractFor('app');
const limits = { maxLineBytes: 1024 * 1024 };

/** One line of a generated file: an event (key and hour from small pools) or a blank line. */
const lineArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      key: fc.integer({ min: 0, max: 6 }),
      hour: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);
const GROUPS_OF_THREE = { maxFiles: 3, maxBytes: 1 << 20 };
const manifestArb = fc.array(fc.array(lineArb, { minLength: 1, maxLength: 12 }), {
  minLength: 4,
  maxLength: 9,
});

describe('dedup over files staged together', () => {
  it('keeps, for each key, the earliest event, then the first file, then the first line', async () => {
    await fc.assert(
      fc.asyncProperty(manifestArb, async (manifest) => {
        const dir = mkdtempSync(join(tmpdir(), 'group-dedup-'));
        const db = await openDuckDb(dir, { memoryLimitMb: 256, threads: 2 });
        try {
          const winners = new Map<string, { hour: number; marker: string }>();
          const files: LocalInputFile[] = manifest.map((lines, idx) => {
            const body = lines
              .map((l, i) => {
                if (l === null) return '';
                const key = `k${l.key}`;
                const marker = `f${idx}-l${i + 1}`;
                const best = winners.get(key);
                if (best === undefined || l.hour < best.hour)
                  winners.set(key, { hour: l.hour, marker });
                const ts = `2026-11-20T0${l.hour}:00:00Z`;
                return JSON.stringify(
                  appEvent(i, {}, { event_id: key, event_ts: ts, user_id: marker }),
                );
              })
              .join('\n');
            const path = join(dir, `f${idx}.ndjson`);
            writeFileSync(path, `${body}\n`);
            const bytes = Buffer.byteLength(`${body}\n`);
            return {
              idx,
              sourceKey: `raw/f${idx}.ndjson`,
              path,
              format: 'ndjson',
              gzip: false,
              bytes,
            };
          });
          // Groups of three: losers sit at offsets inside a group, winners across groups.
          expect(stagingGroups(files, GROUPS_OF_THREE).length).toBeGreaterThan(1);
          await stageFiles(db, contract, files, limits, undefined, GROUPS_OF_THREE);
          const out = join(dir, 'out.parquet');
          await writeCurated(
            db,
            contract,
            { manifestId: 'm', ingestedAt: '2026-11-20T12:00:00Z' },
            out,
            1000,
          );
          const rows = await db.rows(`SELECT event_id, user_id FROM '${out}' ORDER BY event_id`);
          const expected = [...winners.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, w]) => ({ event_id: key, user_id: w.marker }));
          expect(
            rows.map((r) => ({ event_id: text(r.event_id), user_id: text(r.user_id) })),
          ).toEqual(expected);
        } finally {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
  });
});
