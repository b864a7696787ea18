// Jest in ESM mode (run with NODE_OPTIONS=--experimental-vm-modules): TypeScript through ts-jest,
// `@cairn/<lib>` mapped to the lib's index, `.js` endings of relative imports mapped to the .ts source.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@cairn/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

export default {
  // Per test; end-to-end tests start real server processes. (Jest reads this only at the top level.)
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/test/docs/**/*.spec.ts', '<rootDir>/test/i18n/**/*.spec.ts'],
      // See test/support/throttler-stub.ts for why unit specs get a stand-in.
      moduleNameMapper: { ...common.moduleNameMapper, '^@nestjs/throttler$': '<rootDir>/test/support/throttler-stub.ts' },
    },
    {
      ...common,
      displayName: 'api',
      // These boot the built server (dist/) as a child process and talk HTTP to it.
      testMatch: ['<rootDir>/test/api/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/require-build.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/stop-servers.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      // Debian's Chromium through playwright-core, against the built server.
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/require-build.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/stop-servers.ts'],
    },
    {
      ...common,
      displayName: 'scale',
      // Several built servers sharing PostgreSQL and Redis (run with --runInBand).
      testMatch: ['<rootDir>/test/scale/**/*.scale-spec.ts'],
      globalSetup: '<rootDir>/test/support/require-build.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/stop-servers.ts'],
    },
    {
      ...common,
      displayName: 'clickhouse',
      // Against Cairn's own ClickHouse instances (infra/clickhouse/clickhouse.sh start all): the literal
      // writer, the schema, the mirror's writes, one and two shards.
      testMatch: ['<rootDir>/test/clickhouse/**/*.clickhouse-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/stop-servers.ts'],
    },
    {
      ...common,
      displayName: 'reliability',
      // Load, faults, bad input, security and privacy against the built server (run with --runInBand);
      // each spec records its figures, and the teardown prints them as one table.
      testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'],
      globalSetup: '<rootDir>/test/support/reliability-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/reliability-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/stop-servers.ts'],
    },
  ],
};
