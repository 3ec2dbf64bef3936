/**
 * .github/workflows/ci.yml cannot run here; check that what it runs exists and covers what
 * the project promises: lint, typecheck, the whole suite, the IaC scan, the containers suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const root = join(__dirname, '..', '..', '..');
const step = z.object({
  uses: z.string().optional(),
  run: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});
const workflow = z
  .object({
    jobs: z.record(
      z.string(),
      z.object({ env: z.record(z.string(), z.string()).optional(), steps: z.array(step) }),
    ),
  })
  .parse(parse(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')));
const scripts = z
  .object({ scripts: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))).scripts;

const runs = (job: string): string[] =>
  (workflow.jobs[job]?.steps ?? []).flatMap((s) => (s.run ? [s.run] : []));

describe('ci.yml', () => {
  it('runs only npm scripts that package.json defines', () => {
    const used = Object.keys(workflow.jobs)
      .flatMap(runs)
      .flatMap((run) => [...run.matchAll(/npm (?:run )?([\w:-]+)/g)].map((m) => m[1]!))
      .filter((name) => name !== 'ci');
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(Object.keys(scripts)).toContain(name);
  });

  it('lints, typechecks, runs the whole suite and scans the stacks in the test job', () => {
    expect(runs('test')).toEqual(
      expect.arrayContaining([
        'npm run lint',
        'npm run typecheck',
        'npm test',
        'npm run check:iac',
      ]),
    );
  });

  it('pins the embedded emulator in the test job and leaves Docker to the containers job', () => {
    expect(workflow.jobs.test?.env?.PIPELINE_TEST_BACKEND).toBe('embedded');
    expect(workflow.jobs.test?.env?.PIPELINE_CONTAINERS).toBe('skip');
    const containers = workflow.jobs.containers!.steps.find((s) => s.run?.includes('containers'));
    expect(containers?.run).toBe('npx jest --selectProjects containers');
    expect(containers?.env?.LOCALSTACK_AUTH_TOKEN).toBe('${{ secrets.LOCALSTACK_AUTH_TOKEN }}');
    expect(containers?.env?.PIPELINE_CONTAINERS_REQUIRED).toBe('1');
    expect(runs('containers')).toEqual(
      expect.arrayContaining([expect.stringContaining('bash scripts/docker/build-images.sh')]),
    );
  });

  it('pins every action by major version tag', () => {
    const actions = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.flatMap((s) => s.uses ?? []),
    );
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^actions\/[\w-]+@v\d+$/);
  });
});
