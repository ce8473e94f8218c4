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
        jsc: {
          parser: { syntax: 'typescript' },
          target: 'es2022',
          // Keep `with { type: 'json' }` (versions.json): Jest refuses JSON imports without it.
          experimental: { keepImportAttributes: true }
        },
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
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.(engine|cluster)\\.test\\.ts$']
    },
    {
      ...common,
      displayName: 'engine',
      testMatch: ['<rootDir>/{actions,cli}/**/*.engine.test.ts']
    },
    // Multi-host Ansible runs (three containers, five playbook runs: ~9 minutes on 2 cores). Not in
    // `npm test`, whose budget is 10 minutes; `.ci/run` runs them after it (`npm run test:cluster`).
    {
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/{actions,cli}/**/*.cluster.test.ts']
    }
  ]
}
