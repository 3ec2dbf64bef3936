import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chartSpecs, type ChartSpec } from './chart-specs';
import { loadMetricsDocuments } from './metrics-documents';
import { chartJsSource } from './page-assets';
import { renderReportHtml } from './render-html';
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
}

/** The report: its figures, its charts and the page that shows them. */
export interface BuiltReport {
  readonly data: ReportData;
  readonly charts: readonly ChartSpec[];
  readonly html: string;
}

/**
 * `pipeline report` without the terminal: read the metrics documents of the range and the
 * upload times of their files, compute the per-date figures, and render the page.
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
  const data = buildReportData(docs, uploads, {
    env: options.env,
    generatedAt: options.now ?? new Date(),
    skipped,
  });
  const charts = chartSpecs(data);
  return { data, charts, html: renderReportHtml(data, charts, await chartJsSource()) };
}
