import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV_VARS } from '../../../handlers/lib/names';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { discoverInput } from '../../../scripts/ingest/discover';
import { ensureInputContracts, NoContractError } from '../../../scripts/demo/input-contracts';

let dir: string;
const saved = process.env[ENV_VARS.contractsDir];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-contracts-'));
  writeFileSync(
    join(dir, 'clicks.ndjson'),
    '{"id":"e1","at":"2026-11-20T10:00:00Z","session":{"id":"s1"}}\n{"id":"e2","at":"2026-11-20T11:00:00Z","session":{"id":"s2"}}\n',
  );
});
afterEach(() => {
  if (saved === undefined) delete process.env[ENV_VARS.contractsDir];
  else process.env[ENV_VARS.contractsDir] = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('demo --input of a source with no contract', () => {
  it('stops before anything starts and prints the contract infer command', async () => {
    const { files } = await discoverInput([dir], { source: 'clicks', date: '2026-11-20' });
    const work = join(dir, 'work');
    const run = ensureInputContracts(files, dir, { infer: false, workDir: work, log: () => {} });
    await expect(run).rejects.toThrow(NoContractError);
    await expect(run).rejects.toThrow(
      `no contract for source "clicks" (contracts: app); propose one with \`npm run pipeline -- contract infer ${dir} --source clicks --out`,
    );
  });

  it('with --infer runs under the proposal, beside the committed contracts', async () => {
    const { files } = await discoverInput([dir], { source: 'clicks', date: '2026-11-20' });
    const lines: string[] = [];
    const [path] = await ensureInputContracts(files, dir, {
      infer: true,
      workDir: join(dir, 'work'),
      log: (l) => lines.push(l),
    });
    expect(process.env[ENV_VARS.contractsDir]).toBe(join(dir, 'work', 'contracts'));
    expect(readFileSync(path!, 'utf8')).toContain('path: session.id');
    expect(contractFor('clicks').fields.map((f) => f.path.join('_'))).toContain('session_id');
    expect(contractFor('app').version).toBe(1);
    expect(lines[0]).toMatch(/^no contract for source clicks: using the one inferred from 1 file/);
  });
});
