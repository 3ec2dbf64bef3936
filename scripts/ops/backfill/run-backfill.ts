import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResourceNames } from '../../../handlers/lib/names';
import { datesBetween } from './dates';
import { BackfillStoppedError } from './errors';
import { planDates, readDateFacts, type PlannedDate } from './plan';
import { requestRebuild } from './request-rebuild';
import { findResumable, setProgress, startBackfill } from './progress';
import { waitForRebuild, type RebuildResult } from './wait';

/**
 * Seams for fault injection: each hook runs at one step and may throw to simulate a crash or
 * Ctrl-C there, so tests prove that running the same backfill again resumes correctly.
 */
export interface BackfillHooks {
  /** After the rebuild message of `date` was sent, before waiting for it. */
  readonly afterRebuildRequested?: (date: string, requestedAt: string) => Promise<void>;
  /** After `date` was rebuilt, before the next date starts. */
  readonly afterDateDone?: (date: string) => Promise<void>;
}

export interface BackfillDeps {
  readonly sqs: SQSClient;
  readonly ddb: DynamoDBDocumentClient;
  readonly names: ResourceNames;
  readonly now?: () => Date;
  readonly hooks?: BackfillHooks;
}

export interface BackfillOptions {
  readonly from: string;
  readonly to: string;
  /** How long to wait for one date's rebuild before stopping. */
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Progress of each date, for the CLI. */
  readonly onDate?: (date: PlannedDate, result?: RebuildResult) => void;
  readonly onStart?: (plan: readonly PlannedDate[], resumedFrom?: string) => void;
}

/** What a finished backfill did, per date. */
export interface BackfillReport {
  readonly startedAt: string;
  readonly resumed: boolean;
  readonly dates: ReadonlyArray<PlannedDate & { readonly result?: RebuildResult }>;
}

/**
 * The plan of a backfill without doing anything: per date, the tracked files and whether it
 * would be rebuilt or skipped (no files; already rebuilt by the unfinished backfill it resumes).
 */
export async function planBackfill(
  deps: BackfillDeps,
  from: string,
  to: string,
): Promise<{ plan: PlannedDate[]; resumesFrom?: string }> {
  const now = (deps.now ?? (() => new Date()))();
  const dates = datesBetween(from, to);
  const locks = { ddb: deps.ddb, table: deps.names.tables.locks };
  const resumable = await findResumable(locks, from, to, now);
  const facts = await readDateFacts(deps.ddb, deps.names, dates);
  const plan = planDates(facts, dates, resumable?.startedAt);
  return resumable ? { plan, resumesFrom: resumable.startedAt } : { plan };
}

function stopReason(r: Exclude<RebuildResult, { status: 'passed' | 'superseded' }>): string {
  if (r.status === 'failed') {
    const rules = r.run.failedRules.length ? ` (${r.run.failedRules.join(', ')})` : '';
    return `rebuild ${r.run.runId} failed${rules}: ${r.run.reasons.join('; ') || 'no reason recorded'}`;
  }
  return `no result after ${Math.round(r.waitedMs / 1000)}s; is something consuming the manifest queue (Lambda, pipeline run --watch, or --run-locally)? Check pipeline status for the DLQ`;
}

/**
 * Rebuilds `from`..`to` one date at a time: sends the transform a `rebuild` message for the
 * date, waits until its generation is current, then moves on; stops at the first date that
 * fails or does not finish, saying which and why. Progress is kept in the locks table, so
 * running the same range again resumes: dates rebuilt since the backfill started are skipped.
 */
export async function runBackfill(
  deps: BackfillDeps,
  options: BackfillOptions,
): Promise<BackfillReport> {
  const now = deps.now ?? (() => new Date());
  const locks = { ddb: deps.ddb, table: deps.names.tables.locks };
  const run = await startBackfill(locks, options.from, options.to, now());
  const dates = datesBetween(options.from, options.to);
  const plan = planDates(await readDateFacts(deps.ddb, deps.names, dates), dates, run.startedAt);
  options.onStart?.(plan, run.resumed ? run.startedAt : undefined);
  const done: BackfillReport['dates'][number][] = [];
  for (const [i, p] of plan.entries()) {
    if (p.action !== 'rebuild') {
      done.push(p);
      options.onDate?.(p);
      continue;
    }
    await setProgress(locks, run, 'running', now(), { date: p.date });
    const requestedAt = now().toISOString();
    await requestRebuild(deps.sqs, deps.names, p.date, requestedAt);
    await deps.hooks?.afterRebuildRequested?.(p.date, requestedAt);
    const result = await waitForRebuild(deps.ddb, deps.names.tables.metrics, p.date, requestedAt, {
      timeoutMs: options.timeoutMs,
      pollMs: options.pollMs ?? 1000,
    });
    options.onDate?.(p, result);
    if (result.status === 'failed' || result.status === 'timeout') {
      const reason = stopReason(result);
      await setProgress(locks, run, 'failed', now(), { date: p.date, reason });
      const rest = plan.slice(i + 1).map((x) => x.date);
      const notStarted = rest.length
        ? ` ${rest.length} later date(s) not started (${rest[0]}..${rest[rest.length - 1]}).`
        : '';
      const line = `backfill stopped at ${p.date}: ${reason}.${notStarted} Fix it and run the same command again to resume at ${p.date}.`;
      throw new BackfillStoppedError(line.replace(/\s*\n\s*/g, ' '), {
        context: { date: p.date, result, startedAt: run.startedAt },
      });
    }
    done.push({ ...p, result });
    await deps.hooks?.afterDateDone?.(p.date);
  }
  await setProgress(locks, run, 'done', now());
  return { startedAt: run.startedAt, resumed: run.resumed, dates: done };
}
