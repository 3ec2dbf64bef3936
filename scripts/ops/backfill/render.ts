import { table } from '../status/render';
import type { PlannedDate } from './plan';
import type { RebuildResult } from './wait';

const ACTION_TEXT = {
  rebuild: 'rebuild',
  'skip-no-files': 'skip: no tracked files',
  'skip-rebuilt': 'skip: already rebuilt by this backfill',
} as const;

/** The `--dry-run` listing: one line per date with its tracked files and what would happen. */
export function renderPlan(plan: readonly PlannedDate[], resumesFrom?: string): string {
  const rebuilds = plan.filter((p) => p.action === 'rebuild').length;
  const head = resumesFrom
    ? `resumes the backfill started at ${resumesFrom}`
    : 'starts a new backfill';
  return `${[
    ...table([
      ['date', 'tracked files', 'action', 'last rebuild'],
      ...plan.map((p) => [p.date, String(p.files), ACTION_TEXT[p.action], p.rebuiltAt ?? '-']),
    ]),
    `${rebuilds} of ${plan.length} date(s) would be rebuilt, one at a time; this ${head}`,
  ].join('\n')}\n`;
}

/** One progress line for a date: what happened and, for a rebuild, its row counts. */
export function dateLine(p: PlannedDate, result?: RebuildResult): string {
  if (!result) return `${p.date}  ${ACTION_TEXT[p.action]}`;
  switch (result.status) {
    case 'passed':
      return `${p.date}  rebuilt ${p.files} file(s): ${result.run.rowsOutput} rows (${result.run.rowsDuplicate} duplicates dropped, ${result.run.rowsRejected} rejected) as ${result.run.runId}`;
    case 'superseded':
      return `${p.date}  superseded by the newer rebuild ${result.generation}`;
    case 'failed':
      return `${p.date}  FAILED ${result.run.runId}: ${result.run.reasons.join('; ')}`;
    case 'timeout':
      return `${p.date}  no result after ${Math.round(result.waitedMs / 1000)}s`;
  }
}
