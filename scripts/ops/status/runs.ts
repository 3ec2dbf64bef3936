import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isRunRecordKey, TABLE_KEYS } from '../../../handlers/lib/names';
import type { RunSummary } from './report';

interface RuleVerdict {
  readonly id?: unknown;
  readonly passed?: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A metrics-table item as the transform writes it (run-metrics.ts), read defensively. */
export function runSummary(item: Record<string, unknown>): RunSummary {
  const rules = Array.isArray(item.rules) ? (item.rules as RuleVerdict[]) : [];
  return {
    date: String(item[TABLE_KEYS.metrics.partitionKey]),
    runId: String(item[TABLE_KEYS.metrics.sortKey]),
    kind: text(item.kind),
    status: text(item.status),
    finishedAt: text(item.finished_at),
    rowsRead: Number(item.rows_read ?? 0),
    rowsOutput: Number(item.rows_output ?? 0),
    rowsRejected: Number(item.rows_rejected ?? 0),
    rowsDuplicate: Number(item.rows_duplicate ?? 0),
    filesRefused: Number(item.refused_files ?? 0),
    failedRules: rules.filter((r) => r.passed === false).map((r) => String(r.id)),
    reasons: Array.isArray(item.reasons) ? item.reasons.map(String) : [],
  };
}

/** Every run recorded for a date (not its generation or ledger records), one Query. */
export async function runsOfDate(
  ddb: DynamoDBDocumentClient,
  table: string,
  date: string,
): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  const pages = paginateQuery(
    { client: ddb },
    {
      TableName: table,
      KeyConditionExpression: '#pk = :d',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.metrics.partitionKey },
      ExpressionAttributeValues: { ':d': date },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (isRunRecordKey(item[TABLE_KEYS.metrics.sortKey])) runs.push(runSummary(item));
    }
  }
  return runs;
}

/** The `limit` most recent runs, newest first. */
export const latestRuns = (runs: readonly RunSummary[], limit: number): RunSummary[] =>
  [...runs].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt)).slice(0, limit);
