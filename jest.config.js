// Two projects: everything that runs against the API/database (unit + integration), and the
// browser suite (real Chromium against a running product). `npm test` runs both.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true, decorators: true },
      target: 'es2022',
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/.data/', '/dist/'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'api',
      testMatch: ['<rootDir>/{db,modules,gateway,server,tests}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/tests/e2e/'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
    },
  ],
  testTimeout: 60000,
};
