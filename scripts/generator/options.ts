import { z } from 'zod';
import { isoDateSchema } from '../../handlers/lib/manifest/manifest-document';
import { FORMATS } from './encoders';

/** Ways a whole file goes bad: each takes a different path through the pipeline. */
export const BAD_FILE_KINDS = [
  /** 0 bytes: the manifest builder quarantines it (empty). */
  'empty',
  /** Good lines in a `.txt` file: quarantined (extension not allowed). */
  'wrong-extension',
  /**
   * A `.gz` cut short (a producer that died mid-write): passes validation, and the transform
   * refuses the file on its own (DuckDB alone would read up to the cut and lose the tail).
   */
  'truncated-gzip',
] as const;
export type BadFileKind = (typeof BAD_FILE_KINDS)[number];

const rate = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');
const MIB = 1024 * 1024;

/** The injection knobs, each a fraction from 0 to 1. */
export const ratesSchema = z.object({
  /** Share of events whose event_ts is 1..lateMaxDays days before the ingestion date. */
  late: rate.default(0),
  /** Share of lines that repeat an earlier line of the same date verbatim (a producer retry). */
  duplicate: rate.default(0),
  /** Share of events with a null user_id. */
  nullUser: rate.default(0),
  /** Share of events with an event_type outside the four known ones. */
  unknownType: rate.default(0),
  /** Share of lines that are not readable records (each becomes a reject). */
  badLine: rate.default(0),
  /** Bad files per good file (extra files, spread over the dates). */
  badFile: rate.default(0),
});

/**
 * Everything that decides a generated dataset: the same options (seed included) give
 * byte-identical files.
 */
export const generatorOptionsSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    source: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only'),
    dates: z.array(isoDateSchema).min(1, 'at least one date'),
    /** Lines of the data files (events, duplicates and bad lines), or their uncompressed bytes. */
    size: z.union([
      z.object({ events: z.number().int().min(1, 'at least 1 event') }),
      z.object({ bytes: z.number().int().min(1, 'at least 1 byte') }),
    ]),
    /**
     * Size at which a data file is closed and the next one started: its size on disk, so after
     * compression with gzip (what the manifest builder's size check sees).
     */
    fileBytes: z
      .number()
      .int()
      .min(1024, 'at least 1 KiB')
      .default(10 * MIB),
    format: z.enum(FORMATS).default('ndjson'),
    gzip: z.boolean().default(false),
    /** File name stem: `<namePrefix>-00000.ndjson`; use another for a later batch of a date. */
    namePrefix: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only')
      .default('part'),
    /** Distinct users; default: one per 15 records, so users come back several times. */
    users: z.number().int().min(1).optional(),
    rates: ratesSchema.default(ratesSchema.parse({})),
    lateMaxDays: z.number().int().min(1).max(365).default(3),
    badFileKinds: z
      .array(z.enum(BAD_FILE_KINDS))
      .min(1)
      .default([...BAD_FILE_KINDS]),
  })
  .refine((o) => o.rates.duplicate + o.rates.badLine <= 1, {
    message: 'duplicate and bad-line rates add up to more than 1',
    path: ['rates'],
  });
export type GeneratorOptions = z.output<typeof generatorOptionsSchema>;
export type GeneratorOptionsInput = z.input<typeof generatorOptionsSchema>;

/** Average NDJSON record size, to size the user population in bytes mode. */
export const TYPICAL_RECORD_BYTES = 860;

/** Lines (`events` mode) or bytes (`bytes` mode) of date number `i` of `n`: an even split. */
export function shareOf(total: number, i: number, n: number): number {
  return Math.floor(total / n) + (i < total % n ? 1 : 0);
}
