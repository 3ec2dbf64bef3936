import type { Target } from '../aws/target';
import { EMULATOR_CREDENTIALS } from '../aws/target';
import { sqlString } from '../contract/sql-text';
import { IcebergError } from './iceberg-errors';

/**
 * Where the curated tables' catalog is:
 * - `rest`: an Iceberg REST catalog at a URL (the embedded loop's on loopback), its data in the
 *   emulator's S3;
 * - `glue`: the AWS Glue Data Catalog's Iceberg REST endpoint of the account (SigV4, the
 *   Lambda role's or the caller's credential chain), the same tables Athena queries.
 */
export type CatalogTarget =
  | {
      readonly kind: 'rest';
      readonly endpoint: string;
      /** The emulator serving the tables' S3 objects. */
      readonly s3Endpoint: string;
      readonly region: string;
    }
  | { readonly kind: 'glue'; readonly accountId: string; readonly region?: string };

/** Alias the catalog is attached under in every DuckDB session of the pipeline. */
export const CATALOG_ALIAS = 'lake';

/**
 * The catalog of an AWS target: the REST catalog beside an emulator, or Glue in an account.
 * An emulator target without a catalog fails naming the variable to set.
 */
export function catalogTargetFor(target: Target, accountId?: string): CatalogTarget {
  if (target.kind === 'aws') {
    if (!accountId) {
      throw new IcebergError('the Glue catalog needs the AWS account id (ICEBERG_WAREHOUSE)');
    }
    return { kind: 'glue', accountId, region: target.region };
  }
  if (!target.catalogEndpoint) {
    throw new IcebergError(
      `no Iceberg catalog beside the emulator at ${target.endpoint}; set ICEBERG_CATALOG_URL to its REST catalog (the embedded emulator starts one)`,
    );
  }
  return {
    kind: 'rest',
    endpoint: target.catalogEndpoint,
    s3Endpoint: target.endpoint,
    region: target.region,
  };
}

/**
 * The statement that gives a DuckDB session (httpfs loaded) the target's S3 credentials: fixed
 * test keys and path-style HTTP at an emulator, the credential chain on AWS. Reading raw
 * objects in place and writing the curated tables both use it.
 */
export function s3SecretSql(catalog: CatalogTarget): string {
  if (catalog.kind === 'glue') {
    const region = catalog.region ? `, REGION ${sqlString(catalog.region)}` : '';
    return `CREATE OR REPLACE SECRET pipeline_s3 (TYPE s3, PROVIDER credential_chain${region})`;
  }
  const s3 = new URL(catalog.s3Endpoint);
  return `CREATE OR REPLACE SECRET pipeline_s3 (TYPE s3, KEY_ID ${sqlString(EMULATOR_CREDENTIALS.accessKeyId)}, SECRET ${sqlString(EMULATOR_CREDENTIALS.secretAccessKey)}, REGION ${sqlString(catalog.region)}, ENDPOINT ${sqlString(s3.host)}, URL_STYLE 'path', USE_SSL ${s3.protocol === 'https:'})`;
}

/**
 * The statements that give a DuckDB session (extensions already loaded) the S3 credentials
 * ({@link s3SecretSql}) and the attached catalog: Glue's endpoint on AWS, the REST catalog
 * beside an emulator.
 */
export function attachCatalogSql(catalog: CatalogTarget): string[] {
  if (catalog.kind === 'glue') {
    return [
      s3SecretSql(catalog),
      `ATTACH ${sqlString(catalog.accountId)} AS ${CATALOG_ALIAS} (TYPE iceberg, ENDPOINT_TYPE glue)`,
    ];
  }
  return [
    s3SecretSql(catalog),
    `ATTACH 'warehouse' AS ${CATALOG_ALIAS} (TYPE iceberg, ENDPOINT ${sqlString(catalog.endpoint)}, AUTHORIZATION_TYPE 'none')`,
  ];
}
