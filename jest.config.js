/**
 * Two projects: `unit` runs everywhere in seconds; `engine` drives a real Docker engine, registry
 * and Ansible, and can be run alone with `npm run test:engine`.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' }
      }
    ]
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/lib/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/']
}

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{actions,cli,bench}/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.engine\\.test\\.ts$']
    },
    { ...common, displayName: 'engine', testMatch: ['<rootDir>/{actions,cli}/**/*.engine.test.ts'] }
  ]
}
