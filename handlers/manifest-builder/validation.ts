import { parseRawKey, utcDate } from './raw-key';

/** The checks applied to every raw object before it may enter a manifest. */
export interface ValidationRules {
  /** Lowercase extensions with the dot (`.ndjson`); each is also accepted with `.gz`. */
  readonly allowedExtensions: readonly string[];
  /** Expected size in bytes; undefined disables the tolerance check. */
  readonly expectedBytes: number | undefined;
  readonly tolerancePercent: number;
  readonly maxBytes: number;
  /** What a key without `ingestion_date=` means: use LastModified (UTC) or quarantine. */
  readonly missingDate: 'last-modified' | 'quarantine';
}

/** What HEAD told us about the object, plus its decoded key. */
export interface ObjectFacts {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export type ProblemCode =
  | 'undecodable-key'
  | 'not-found'
  | 'bad-layout'
  | 'bad-date'
  | 'missing-date'
  | 'bad-extension'
  | 'empty'
  | 'too-small'
  | 'too-large'
  | 'over-max';

/** One reason an object is rejected, in words a producer can act on. */
export interface Problem {
  readonly code: ProblemCode;
  readonly reason: string;
}

export type Verdict =
  | { readonly valid: true; readonly source: string; readonly ingestionDate: string }
  | {
      readonly valid: false;
      readonly problems: readonly Problem[];
      /** What the key still told, for the quarantine record. */
      readonly source: string | undefined;
      readonly ingestionDate: string | undefined;
    };

const MB = 1024 * 1024;
const mb = (bytes: number): string =>
  bytes < MB ? `${Math.round(bytes)} bytes` : `${(bytes / MB).toFixed(1)} MB`;

/**
 * Validates an object by configuration and derives its source and ingestion date. Returns every
 * problem found (not only the first), so a quarantine record tells the producer all it must fix.
 */
export function validateObject(facts: ObjectFacts, rules: ValidationRules): Verdict {
  const problems: Problem[] = [];
  const parsed = parseRawKey(facts.key);
  let source = '';
  let ingestionDate: string | undefined;
  if (!parsed.ok) problems.push(parsed.problem);
  else {
    source = parsed.parts.source;
    ingestionDate = parsed.parts.ingestionDate;
    if (ingestionDate === undefined) {
      if (rules.missingDate === 'quarantine') {
        problems.push({
          code: 'missing-date',
          reason: 'key has no ingestion_date=YYYY-MM-DD folder and dates are required',
        });
      } else ingestionDate = utcDate(facts.lastModified);
    }
  }
  const extension = extensionProblem(facts.key, rules.allowedExtensions);
  if (extension) problems.push(extension);
  problems.push(...sizeProblems(facts.size, rules));
  if (problems.length > 0 || ingestionDate === undefined) {
    return { valid: false, problems, source: source || undefined, ingestionDate };
  }
  return { valid: true, source, ingestionDate };
}

function extensionProblem(key: string, allowed: readonly string[]): Problem | undefined {
  const name = (key.split('/').pop() ?? '').toLowerCase();
  const base = name.endsWith('.gz') ? name.slice(0, -3) : name;
  if (allowed.some((ext) => base.endsWith(ext) && base.length > ext.length)) return undefined;
  const dot = name.indexOf('.');
  const found = dot < 0 ? 'no extension' : `extension ${name.slice(dot)}`;
  return {
    code: 'bad-extension',
    reason: `${found} is not allowed; allowed: ${allowed.join(', ')} (each optionally .gz)`,
  };
}

function sizeProblems(size: number, rules: ValidationRules): Problem[] {
  if (size === 0) return [{ code: 'empty', reason: 'object is empty (0 bytes)' }];
  const problems: Problem[] = [];
  if (size > rules.maxBytes) {
    problems.push({
      code: 'over-max',
      reason: `size ${mb(size)} exceeds the maximum file size of ${mb(rules.maxBytes)}`,
    });
  }
  if (rules.expectedBytes !== undefined) {
    const slack = (rules.expectedBytes * rules.tolerancePercent) / 100;
    const range = `expected ${mb(rules.expectedBytes)} +/- ${rules.tolerancePercent}%`;
    if (size < rules.expectedBytes - slack) {
      problems.push({
        code: 'too-small',
        reason: `size ${mb(size)} is below ${mb(rules.expectedBytes - slack)} (${range})`,
      });
    } else if (size > rules.expectedBytes + slack) {
      problems.push({
        code: 'too-large',
        reason: `size ${mb(size)} is above ${mb(rules.expectedBytes + slack)} (${range})`,
      });
    }
  }
  return problems;
}

/** One line for logs, object metadata and the tracking item. */
export function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.code}: ${p.reason}`).join('; ');
}
