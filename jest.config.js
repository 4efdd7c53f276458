/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.check.json' }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/test/fixtures/'],
  // Simulators and HTTP servers are started per test file; give slow CI machines room.
  testTimeout: 30000,
};
