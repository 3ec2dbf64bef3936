import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SourceContract } from '../../../handlers/lib/contract/contract';
import {
  configuredContracts,
  loadContractFile,
  validateContractSet,
} from '../../../handlers/lib/contract/contract-set';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { evaluateRules, type RuleResult } from '../../../handlers/lib/dq/evaluate';
import { rulesFor, type DqOverrides } from '../../../handlers/lib/dq/source-rules';
import { openDuckDb } from '../../../handlers/lib/duckdb/session';
import { formatOfKey, isGzipFile } from '../../../handlers/transform/convert/input-file';
import { runCounts, type RunCounts } from '../../../handlers/transform/convert/run-stats';
import { stageFiles } from '../../../handlers/transform/convert/stage-files';
import { writeRejects } from '../../../handlers/transform/convert/write-outputs';

/** One problem the transform would record for the file: a rejected line or the refused file. */
export interface LineProblem {
  /** Line of the file (CSV: counting the header); undefined when the whole file is refused. */
  readonly line?: number;
  readonly reason: string;
}

/** What the transform would make of one producer file under a contract, without any AWS. */
export interface FileCheck {
  readonly file: string;
  readonly problems: readonly LineProblem[];
  readonly counts: RunCounts;
  /** The source's DQ rules over this file alone (the transform judges the whole date). */
  readonly rules: readonly RuleResult[];
}

/**
 * The contract a check applies: the source's committed one, or a candidate file (a new version
 * under review) validated with the committed versions, so a breaking change is refused here as
 * the synth would refuse it.
 */
export function appliedContract(
  source: string,
  candidatePath?: string,
  committed: readonly SourceContract[] = configuredContracts(),
): SourceContract {
  if (candidatePath === undefined) return contractFor(source, committed);
  const candidate = loadContractFile(candidatePath);
  const others = committed.filter(
    (c) => c.source !== candidate.source || c.version !== candidate.version,
  );
  validateContractSet([...others, candidate]);
  return candidate;
}

/**
 * Stages `path` under `contract` with the transform's own staging code, in a throwaway DuckDB,
 * so a producer sees locally exactly the rejects (line and reason) a run would write.
 */
export async function checkFile(
  path: string,
  contract: SourceContract,
  options: { maxLineBytes?: number; overrides?: DqOverrides } = {},
): Promise<FileCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'contract-check-'));
  const db = await openDuckDb(dir, { memoryLimitMb: 512, threads: 1 });
  try {
    const name = basename(path);
    const file = {
      idx: 0,
      sourceKey: name,
      path,
      format: formatOfKey(name),
      gzip: await isGzipFile(path),
      bytes: statSync(path).size,
    };
    await stageFiles(db, contract, [file], {
      maxLineBytes: options.maxLineBytes ?? 32 * 1024 * 1024,
    });
    const rules = rulesFor(contract, options.overrides);
    const counts = await runCounts(db, rules, contract.dedupKey);
    const rejectsPath = join(dir, 'rejects.ndjson');
    await writeRejects(db, rejectsPath);
    const problems = readFileSync(rejectsPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { line?: number | null; reason: string })
      .map((r) => (r.line == null ? { reason: r.reason } : { line: r.line, reason: r.reason }));
    return { file: path, problems, counts, rules: evaluateRules(rules, counts) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The check as a person reads it: one line per problem, then the totals and the rules. */
export function renderFileCheck(check: FileCheck, source: string): string[] {
  const lines = check.problems.map((p) =>
    p.line === undefined
      ? `${check.file}: refused: ${p.reason}`
      : `${check.file}:${p.line}: ${p.reason}`,
  );
  const c = check.counts;
  lines.push(
    `${check.file}: ${c.rowsRead} rows read, ${c.acceptedRows} accepted, ${c.rejectedRows} rejected${c.refusedFiles > 0 ? ', file refused' : ''} under contract ${source}`,
  );
  if (c.driftRows > 0) {
    lines.push(
      `fields the contract does not declare (kept in _doc): ${c.driftFields.map((f) => `${f.field} (${f.rows} rows)`).join(', ')}`,
    );
  }
  for (const r of check.rules) {
    lines.push(
      `dq ${r.passed ? 'pass' : r.severity === 'hard' ? 'FAIL' : 'warn'} ${r.id}: ${r.message}`,
    );
  }
  return lines;
}
