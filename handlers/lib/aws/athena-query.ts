import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { PipelineError } from '../errors/pipeline-error';

/** An Athena query failed, was cancelled or did not finish in time. */
export class AthenaQueryError extends PipelineError {}

/** Where a deployment's Athena queries run: its workgroup (which holds the result location). */
export interface AthenaContext {
  readonly athena: AthenaClient;
  readonly workgroup: string;
  /** The Glue database (the curated tables' namespace). */
  readonly database: string;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/**
 * Runs one statement in the deployment's workgroup and returns its rows as text cells keyed
 * by column (Athena gives every value as a string); waits until the query ends, so an
 * OPTIMIZE or VACUUM has committed when this returns.
 */
export async function athenaRows(
  ctx: AthenaContext,
  sql: string,
): Promise<Record<string, string>[]> {
  const { QueryExecutionId: id } = await ctx.athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: ctx.workgroup,
      QueryExecutionContext: { Database: ctx.database },
    }),
  );
  const deadline = Date.now() + (ctx.timeoutMs ?? 840_000);
  for (;;) {
    const { QueryExecution: q } = await ctx.athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new AthenaQueryError(
        `Athena ${state.toLowerCase()}: ${q?.Status?.StateChangeReason ?? 'no reason given'}`,
        { context: { id, sql } },
      );
    }
    if (Date.now() > deadline)
      throw new AthenaQueryError('Athena query did not finish in time', { context: { id, sql } });
    await new Promise((r) => setTimeout(r, ctx.pollMs ?? 1_000));
  }
  const rows: Record<string, string>[] = [];
  let token: string | undefined;
  let header: string[] | undefined;
  do {
    const page = await ctx.athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }),
    );
    const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [];
    for (const row of page.ResultSet?.Rows ?? []) {
      const cells = (row.Data ?? []).map((d) => d.VarCharValue ?? '');
      // The first row of the first page repeats the column names (for SELECT statements).
      if (!header) {
        header = columns;
        if (cells.join('\u0000') === columns.join('\u0000')) continue;
      }
      rows.push(Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
    }
    token = page.NextToken;
  } while (token);
  return rows;
}
