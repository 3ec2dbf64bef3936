import { z } from 'zod';
import { parseEnv } from '../lib/config/parse-env';
import {
  LOG_LEVELS,
  sourceNameSchema,
  utcTimeOfDaySchema,
  type SensorSettings,
} from '../lib/config/pipeline-settings';
import { ENV_VARS, ENVIRONMENTS, FUNCTIONS } from '../lib/names';

/** The sensor's configuration, parsed once per cold start. */
export interface SensorConfig {
  readonly env: (typeof ENVIRONMENTS)[number];
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly rawBucket: string;
  readonly filesTable: string;
  readonly alertsTopicArn: string;
  /** The dead-letter queues whose depth is checked, by the work queue they belong to. */
  readonly dlqs: readonly { readonly queue: 'ingest' | 'manifest'; readonly url: string }[];
  readonly expectations: SensorSettings;
}

const name = z.string().trim().min(1);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  [ENV_VARS.env]: z.enum(ENVIRONMENTS),
  [ENV_VARS.logLevel]: z.enum(LOG_LEVELS),
  [ENV_VARS.powertoolsServiceName]: name.optional(),
  [ENV_VARS.powertoolsMetricsNamespace]: name,
  [ENV_VARS.rawBucket]: name,
  [ENV_VARS.filesTable]: name,
  [ENV_VARS.alertsTopicArn]: z.string().startsWith('arn:'),
  [ENV_VARS.ingestDlqUrl]: z.url(),
  [ENV_VARS.manifestDlqUrl]: z.url(),
  [ENV_VARS.sensorSources]: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(sourceNameSchema).min(1)),
  [ENV_VARS.sensorExpectedDateLagDays]: int(0, 30),
  [ENV_VARS.sensorCutoffUtc]: utcTimeOfDaySchema,
  [ENV_VARS.sensorLookbackDays]: int(1, 31),
});

/**
 * Parses the sensor's environment (what the stack sets on the function, or a test's modified
 * copy). Every variable is required: the expected sources, date and cutoff are decisions of the
 * deployment, never defaults; a missing one fails before any AWS call, naming the variable.
 */
export function parseSensorConfig(env: Readonly<Record<string, string | undefined>>): SensorConfig {
  const v = parseEnv(schema, env, FUNCTIONS.sensor);
  return {
    env: v[ENV_VARS.env],
    serviceName: v[ENV_VARS.powertoolsServiceName] ?? FUNCTIONS.sensor,
    metricsNamespace: v[ENV_VARS.powertoolsMetricsNamespace],
    logLevel: v[ENV_VARS.logLevel],
    rawBucket: v[ENV_VARS.rawBucket],
    filesTable: v[ENV_VARS.filesTable],
    alertsTopicArn: v[ENV_VARS.alertsTopicArn],
    dlqs: [
      { queue: 'ingest', url: v[ENV_VARS.ingestDlqUrl] },
      { queue: 'manifest', url: v[ENV_VARS.manifestDlqUrl] },
    ],
    expectations: {
      sources: [...new Set(v[ENV_VARS.sensorSources])],
      expectedDateLagDays: v[ENV_VARS.sensorExpectedDateLagDays],
      cutoffUtc: v[ENV_VARS.sensorCutoffUtc],
      lookbackDays: v[ENV_VARS.sensorLookbackDays],
    },
  };
}
