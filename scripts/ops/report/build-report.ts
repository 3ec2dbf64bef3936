import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogAccess } from '../../../handlers/lib/iceberg/catalog-session';
import { tableSql } from '../../../handlers/lib/iceberg/catalog-session';
import { withCatalogReader } from '../../../handlers/lib/iceberg/table-reader';
import type { CuratedTableRef } from '../../../handlers/lib/names';
import { listQuarantined } from '../quarantine/list';
import { chartSpecs, type ChartSpec } from './chart-specs';
import { loadMetricsDocuments } from './metrics-documents';
import { chartJsSource } from './page-assets';
import { renderReportHtml } from './render-html';
import { quarantineDates } from './quarantine-dates';
import { buildReportData, type ReportData } from './report-data';
import { uploadTimesOfRuns } from './upload-times';

export interface BuildReportOptions {
  readonly env: string;
  /** Artifacts bucket (metrics documents) and files table (upload times) of the deployment. */
  readonly artifactsBucket: string;
  readonly filesTable: string;
  readonly from?: string;
  readonly to?: string;
  readonly now?: Date;
  /** The curated tables to count rows in, through their catalog; not read when undefined. */
  readonly tables?: { readonly access: CatalogAccess; readonly refs: readonly CuratedTableRef[] };
  /** The buckets whose quarantined files to list (from the files table); not read when undefined. */
  readonly quarantine?: { readonly rawBucket: string; readonly quarantineBucket: string };
}

/** Rows per ingestion date over the given tables, through the catalog. */
export async function tableRowsByDate(
  access: CatalogAccess,
  refs: readonly CuratedTableRef[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await withCatalogReader(access, async (db) => {
    for (const ref of refs) {
      const rows = await db.rows(
        `SELECT CAST(ingestion_date AS VARCHAR) AS d, count(*) AS n FROM ${tableSql(ref)} GROUP BY 1`,
      );
      for (const r of rows)
        counts.set(r.d as string, (counts.get(r.d as string) ?? 0) + Number(r.n));
    }
  });
  return counts;
}

/** The report: its figures, its charts and the page that shows them. */
export interface BuiltReport {
  readonly data: ReportData;
  readonly charts: readonly ChartSpec[];
  readonly html: string;
}

/**
 * `pipeline report` without the terminal: read the metrics documents of the range, the upload
 * times of their files, the quarantined files of the range's dates (tracking table) and
 * (through the catalog) the rows each date has in the tables now, compute the per-date figures,
 * the rule-by-date matrix and the quarantine list, and render the page.
 */
export async function buildReport(
  clients: { s3: S3Client; ddb: DynamoDBDocumentClient },
  options: BuildReportOptions,
): Promise<BuiltReport> {
  const { docs, skipped } = await loadMetricsDocuments(clients.s3, options.artifactsBucket, {
    from: options.from,
    to: options.to,
  });
  const uploads = await uploadTimesOfRuns({ ddb: clients.ddb, table: options.filesTable }, docs);
  const tableRows = options.tables
    ? await tableRowsByDate(options.tables.access, options.tables.refs)
    : undefined;
  const quarantine = options.quarantine
    ? await listQuarantined(
        {
          clients,
          filesTable: options.filesTable,
          rawBucket: options.quarantine.rawBucket,
          quarantineBucket: options.quarantine.quarantineBucket,
        },
        quarantineDates([...new Set(docs.map((d) => d.ingestionDate))], options),
        // Files with no date belong to no range: listed only when the whole history is asked.
        { undated: !options.from && !options.to },
      )
    : undefined;
  const data = buildReportData(docs, uploads, {
    env: options.env,
    generatedAt: options.now ?? new Date(),
    skipped,
    tableRows,
    quarantine,
  });
  const charts = chartSpecs(data);
  return { data, charts, html: renderReportHtml(data, charts, await chartJsSource()) };
}
