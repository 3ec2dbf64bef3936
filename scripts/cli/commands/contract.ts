import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { contractsDir } from '../../../handlers/lib/contract/contract-set';
import { appliedContract, checkFile, renderFileCheck } from '../../ops/contract/check-file';
import { contractYaml } from '../../ops/contract/contract-yaml';
import { inferContract } from '../../ops/contract/infer-contract';
import { sampleFiles } from '../../ops/contract/sample-files';

interface CheckOptions {
  source: string;
  contract?: string;
}

/**
 * `pipeline contract infer|check`: propose a contract from samples for a person to review, and
 * check a producer's file against a contract locally with the transform's own staging code
 * (no emulator). Both read the configured contracts, so a breaking version is refused here too.
 */
export function contractCommand(): Command {
  const contract = new Command('contract').description(
    'source contracts (contracts/<source>.yaml): propose one from samples, check files against one',
  );
  contract
    .command('infer')
    .description(
      'propose a contract from sample files (DuckDB reads their JSON or CSV), nested fields as parent_child columns',
    )
    .argument('<files...>', 'sample NDJSON/JSON/CSV files (gzipped too), or folders of them')
    .requiredOption('--source <name>', 'the source the contract is for')
    .option('--out <file>', 'write the proposal there instead of printing it')
    .action(async (files: string[], opts: { source: string; out?: string }) => {
      const proposal = contractYaml(await inferContract(sampleFiles(files), opts.source));
      if (opts.out === undefined) {
        process.stdout.write(proposal);
        return;
      }
      writeFileSync(opts.out, proposal);
      console.log(
        `wrote ${opts.out}: review it (types, required, dedupKey, eventTime, dq), then commit it as ${contractsDir()}/${opts.source}.yaml`,
      );
    });
  contract
    .command('check')
    .description(
      "print each line of a producer's file the transform would reject, and why (the transform's own code, no emulator)",
    )
    .argument('<file>', 'an NDJSON/JSON/CSV file (gzipped too)')
    .requiredOption('--source <name>', 'the source whose contract applies')
    .option(
      '--contract <file>',
      'check against this contract file (a new version under review) instead of the committed one',
    )
    .action(async (file: string, opts: CheckOptions) => {
      const applied = appliedContract(opts.source, opts.contract);
      const check = await checkFile(sampleFiles([file])[0]!, applied);
      for (const line of renderFileCheck(check, `${applied.source} v${applied.version}`)) {
        console.log(line);
      }
      const hardFail = check.rules.some((r) => !r.passed && r.severity === 'hard');
      if (check.problems.length > 0 || hardFail) process.exitCode = 1;
    });
  return contract;
}
