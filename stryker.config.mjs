// @ts-check
/**
 * Mutation testing of the pure decision code (`npm run mutate`): Stryker plants one plausible bug
 * at a time in the files below and runs their tests; a mutant that no test notices "survives".
 * Each file must keep ≥ 90 % killed (`thresholds.break`); a survivor is either killed by a new test
 * or explained as equivalent in a `// Stryker disable next-line <mutator>: <why>` comment.
 * Jest runs ESM here, so the test runner's node needs --experimental-vm-modules.
 */
import jestConfig from './jest.config.js'

const unit = jestConfig.projects.find(p => p.displayName === 'unit')

/** The files under mutation, each with the suites that pin it. */
export const FILES = {
  'actions/shared/core/deploy-decision.ts': ['actions/shared/core/deploy-decision*.test.ts'],
  'actions/shared/chatops/command.ts': ['actions/shared/chatops/command*.test.ts'],
  'actions/shared/terraform/summarise-plan.ts': [
    'actions/shared/terraform/summarise-plan*.test.ts'
  ],
  'actions/shared/github/limits.ts': ['actions/shared/github/limits*.test.ts'],
  'actions/shared/changes/detect-changes.ts': ['actions/shared/changes/detect-changes*.test.ts'],
  'actions/shared/drift/report.ts': ['actions/shared/drift/report.test.ts'],
  'actions/shared/drift/render-report.ts': ['actions/shared/drift/render-report.test.ts'],
  'actions/shared/chatops/recheck.ts': [
    'actions/shared/chatops/recheck.test.ts',
    'actions/chatops/src/modes.test.ts',
    'actions/chatops/src/recheck-git.test.ts'
  ],
  'actions/shared/terraform/plan-guard.ts': [
    'actions/shared/terraform/plan-guard.test.ts',
    'actions/shared/terraform/normalise-changes.test.ts'
  ],
  'actions/shared/changes/deploy-plan.ts': ['actions/shared/changes/deploy-plan.test.ts'],
  'actions/shared/docker/dockerignore.ts': [
    'actions/shared/docker/dockerignore.test.ts',
    'actions/shared/docker/content-tag.test.ts'
  ],
  // Issue #30, the apply guard's inputs and terraform drift with its issue rules.
  'actions/shared/terraform/normalise-changes.ts': [
    'actions/shared/terraform/normalise-changes.test.ts',
    'actions/shared/terraform/plan-guard.test.ts'
  ],
  'actions/shared/terraform/plan-config.ts': ['actions/shared/terraform/plan-config.test.ts'],
  'actions/shared/drift/terraform-drift.ts': ['actions/shared/drift/terraform-drift.test.ts'],
  'actions/shared/drift/issue-state.ts': [
    'actions/shared/drift/issue-rules.test.ts',
    'actions/shared/drift/plan-issue-update.test.ts'
  ],
  'actions/shared/drift/plan-issue-update.ts': [
    'actions/shared/drift/issue-rules.test.ts',
    'actions/shared/drift/plan-issue-update.test.ts'
  ],
  'actions/shared/drift/issue-body.ts': [
    'actions/shared/drift/issue-rules.test.ts',
    'actions/shared/drift/plan-issue-update.test.ts'
  ],
  'actions/shared/drift/apply-issue-action.ts': [
    'actions/shared/drift/issue-rules.test.ts',
    'actions/shared/drift/issue-lifecycle.test.ts'
  ],
  'actions/shared/drift/introduced-by.ts': ['actions/shared/drift/introduced-by.test.ts']
}
export const MUTATED = Object.keys(FILES)

/**
 * `MUTATE_FILE=<one of FILES> npx stryker run` mutates that file alone against its own suites,
 * with its own incremental file: each mutant then loads 1-2 suites instead of all of them, which
 * is what makes a run finish on a loaded 2-core machine.
 */
const only = process.env['MUTATE_FILE']
if (only !== undefined && !(only in FILES))
  throw new Error(`MUTATE_FILE=${only} is not under mutation; one of: ${MUTATED.join(', ')}`)
const mutate = only === undefined ? MUTATED : [only]
const TESTS = mutate.flatMap(file => FILES[file])
/** The name of a file's reports: `deploy-decision` for actions/shared/core/deploy-decision.ts. */
export const reportName = (/** @type {string} */ file) =>
  file.replace(/^.*\//, '').replace(/\.ts$/, '')
const name = only === undefined ? 'mutation' : reportName(only)

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: {
      ...unit,
      displayName: undefined,
      rootDir: '.',
      testMatch: TESTS.map(t => `<rootDir>/${t}`)
    }
  },
  mutate,
  coverageAnalysis: 'perTest',
  // Static mutants (module-level tables and regexes such as the /deploy SEMVER) are tested too: a
  // run covers one file's own suites, so rerunning all of them per static mutant is cheap.
  ignoreStatic: false,
  // Re-runs only mutants whose code or tests changed since the last run (reports/ is git-ignored).
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${name}.json`,
  concurrency: 2,
  timeoutMS: 20_000,
  ignorePatterns: ['actions/*/dist', 'lib', 'reports', '.stryker-tmp'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // No overall break: scripts/mutation-score.js fails the run when any one file is under 90 %.
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always'
}
