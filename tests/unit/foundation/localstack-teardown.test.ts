/**
 * The Docker path's documented teardown removes local mode's own Terraform state only: a
 * real-account dev deploy keeps its state in terraform.dev.tfstate, which no command in
 * localstack/README.md may delete.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'localstack', 'README.md'), 'utf8');

/** Every `rm` command line of the README (fenced shell blocks and inline code alike). */
const removals = readme
  .split('\n')
  .flatMap((line) => [...line.matchAll(/rm (?:-\w+ )*([^`&;|\n]+)/g)].map((m) => m[1]!.trim()));

describe('localstack/README.md teardown', () => {
  it('removes terraform state files', () => {
    expect(removals.some((args) => args.includes('tfstate'))).toBe(true);
  });

  it('removes only local mode state (terraform.<env>.local.tfstate)', () => {
    const stateFiles = removals
      .flatMap((args) => args.split(/\s+/))
      .filter((f) => f.includes('tfstate'));
    for (const file of stateFiles) expect(file).toMatch(/^terraform\.\w+\.local\.tfstate/);
  });
});
