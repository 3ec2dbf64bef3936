import { z } from 'zod';
import { LOG_LEVELS } from '../lib/config/pipeline-settings';
import { parseEnv } from '../lib/config/parse-env';
import { ENV_VARS, ENVIRONMENTS, FUNCTIONS } from '../lib/names';
import type { MaintenanceSettings } from './maintenance';

/**
 * Defaults of the maintenance settings, shared by the scheduled function and `pipeline
 * compact`: 128 MB files (what Athena's bin packing and most engines aim at); 5 days of
 * snapshots (time travel and history over a working week); orphans removed after 3 days (far
 * beyond the longest transform, 15 minutes); dates left alone for an hour after a commit.
 */
export const DEFAULT_MAINTENANCE_SETTINGS: MaintenanceSettings = {
  targetFileSizeBytes: 128 * 1024 * 1024,
  snapshotRetentionHours: 120,
  orphanMinAgeHours: 72,
  quietMinutes: 60,
};

/** The maintenance function's configuration, parsed once per cold start. */
export interface MaintenanceConfig {
  readonly env: (typeof ENVIRONMENTS)[number];
  readonly serviceName: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly namespace: string;
  readonly curatedBucket: string;
  readonly metricsTable: string;
  /** AWS: the account whose Glue catalog holds the tables; Athena runs in this workgroup. */
  readonly warehouse?: string;
  readonly athenaWorkgroup?: string;
  /** Emulator targets: the pyiceberg maintenance program (see ICEBERG_MAINTENANCE_COMMAND). */
  readonly command?: readonly [string, ...string[]];
  readonly settings: MaintenanceSettings;
}

const name = z.string().trim().min(1);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const command = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of strings' });
      return z.NEVER;
    }
  })
  .pipe(z.tuple([name], name));

const schema = z.object({
  [ENV_VARS.env]: z.enum(ENVIRONMENTS),
  [ENV_VARS.logLevel]: z.enum(LOG_LEVELS),
  [ENV_VARS.powertoolsServiceName]: name.optional(),
  [ENV_VARS.icebergNamespace]: name,
  [ENV_VARS.curatedBucket]: name,
  [ENV_VARS.metricsTable]: name,
  [ENV_VARS.icebergWarehouse]: name.optional(),
  [ENV_VARS.athenaWorkgroup]: name.optional(),
  [ENV_VARS.maintenanceCommand]: command.optional(),
  [ENV_VARS.maintenanceTargetFileMb]: int(8, 1024).optional(),
  [ENV_VARS.snapshotRetentionHours]: int(1, 24 * 365).optional(),
  [ENV_VARS.orphanMinAgeHours]: int(24, 24 * 365).optional(),
  [ENV_VARS.maintenanceQuietMinutes]: int(0, 24 * 60).optional(),
});

/**
 * Parses the maintenance function's environment. The orphan age cannot go under a day: a
 * shorter one could delete the files of a transform that has written but not committed yet.
 */
export function parseMaintenanceConfig(
  env: Readonly<Record<string, string | undefined>>,
): MaintenanceConfig {
  const v = parseEnv(schema, env, FUNCTIONS.maintenance);
  const d = DEFAULT_MAINTENANCE_SETTINGS;
  const mb = v[ENV_VARS.maintenanceTargetFileMb];
  return {
    env: v[ENV_VARS.env],
    serviceName: v[ENV_VARS.powertoolsServiceName] ?? FUNCTIONS.maintenance,
    logLevel: v[ENV_VARS.logLevel],
    namespace: v[ENV_VARS.icebergNamespace],
    curatedBucket: v[ENV_VARS.curatedBucket],
    metricsTable: v[ENV_VARS.metricsTable],
    warehouse: v[ENV_VARS.icebergWarehouse],
    athenaWorkgroup: v[ENV_VARS.athenaWorkgroup],
    command: v[ENV_VARS.maintenanceCommand],
    settings: {
      targetFileSizeBytes: mb === undefined ? d.targetFileSizeBytes : mb * 1024 * 1024,
      snapshotRetentionHours: v[ENV_VARS.snapshotRetentionHours] ?? d.snapshotRetentionHours,
      orphanMinAgeHours: v[ENV_VARS.orphanMinAgeHours] ?? d.orphanMinAgeHours,
      quietMinutes: v[ENV_VARS.maintenanceQuietMinutes] ?? d.quietMinutes,
    },
  };
}
