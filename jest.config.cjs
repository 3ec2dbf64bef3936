// Test projects mirror the code: unit (pure), synth (stacks, no network), integration and
// e2e (embedded emulator), containers (Docker only; skips, saying why, without a Docker engine).
// Loaded through a namespaced tsx hook, removed again at once: jest transforms everything else.
const tsx = require('tsx/cjs/api').register({ namespace: 'jest-config' });
const { resolveTimeScale, machineLoad, TIME_SCALE_ENV } = tsx.require(
  './tests/helpers/time-scale.ts',
  __filename,
);
const { newTestRunId, TEST_RUN_ENV } = tsx.require('./tests/helpers/test-run.ts', __filename);
tsx.unregister();

// One folder of handler logs per run: .pipeline/test-logs/<run>/<test file>.log.
process.env[TEST_RUN_ENV] ??= newTestRunId();

// One scale for every deadline of the run, chosen here (before workers start) and handed to
// the workers and the CLI processes tests start through the environment.
const timeScale = resolveTimeScale(process.env, machineLoad());
process.env[TIME_SCALE_ENV] = String(timeScale.scale);
process.stderr.write(`test time scale: ${timeScale.scale} (${timeScale.reason})\n`);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const base = {
  // Node's environment, with the handlers' stdout routed to the test file's log.
  testEnvironment: '<rootDir>/tests/helpers/handler-log-environment.ts',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/tests/helpers/quiet-sdk-warning.cjs'],
};
const emulator = {
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests start emulators and move real bytes; a stuck one must fail, not hang.
  // 60 s on an idle machine, stretched by the run's time scale (tests/helpers/time-scale.ts).
  testTimeout: Math.round(60_000 * timeScale.scale),
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.cjs'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...base, displayName: 'synth', testMatch: ['<rootDir>/tests/synth/**/*.test.ts'] },
    {
      ...base,
      ...emulator,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    { ...base, ...emulator, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
    {
      ...base,
      displayName: 'containers',
      // Probes Docker once; test files skip, saying why, when no engine answers.
      globalSetup: '<rootDir>/tests/containers/global-setup.ts',
      testMatch: ['<rootDir>/tests/containers/**/*.test.ts'],
    },
  ],
};
