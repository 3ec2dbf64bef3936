// Test projects mirror the code: unit (pure), synth (stacks, no network), integration and
// e2e (embedded emulator), containers (Docker only; skips, saying why, without a Docker engine).
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const base = {
  testEnvironment: 'node',
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
  testTimeout: 60_000,
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
