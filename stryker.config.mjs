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
    'actions/chatops/src/run-recheck.test.ts',
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
  // Issue #30, the deploy decision code (actions/shared/nomad/deploy/): pure suites and fakes
  // (deploy/fakes.ts), no simulated cluster, so each mutant runs in milliseconds.
  'actions/shared/nomad/deploy/ours.ts': [
    'actions/shared/nomad/deploy/ours-find.test.ts',
    'actions/shared/nomad/deploy/pure.test.ts'
  ],
  'actions/shared/nomad/deploy/order.ts': ['actions/shared/nomad/deploy/order.test.ts'],
  'actions/shared/nomad/deploy/dedupe.ts': ['actions/shared/nomad/deploy/dedupe.test.ts'],
  'actions/shared/nomad/deploy/register.ts': [
    'actions/shared/nomad/deploy/register-steps.test.ts',
    'actions/shared/nomad/deploy/pure.test.ts'
  ],
  'actions/shared/nomad/deploy/watch.ts': ['actions/shared/nomad/deploy/watch-steps.test.ts'],
  'actions/shared/nomad/deploy/result.ts': ['actions/shared/nomad/deploy/result-steps.test.ts'],
  'actions/shared/nomad/deploy/allocs.ts': [
    'actions/shared/nomad/deploy/allocs-steps.test.ts',
    'actions/shared/nomad/deploy/pure.test.ts'
  ],
  'actions/shared/nomad/deploy/eval.ts': ['actions/shared/nomad/deploy/eval-steps.test.ts'],
  'actions/shared/nomad/deploy/summary.ts': ['actions/shared/nomad/deploy/summary.test.ts'],
  'actions/shared/nomad/deploy/plan.ts': ['actions/shared/nomad/deploy/plan-steps.test.ts'],
  'actions/shared/nomad/deploy/rollback.ts': [
    'actions/shared/nomad/deploy/rollback.test.ts',
    'actions/shared/nomad/deploy/result-steps.test.ts'
  ],
  'actions/shared/nomad/deploy/failure-paragraph.ts': [
    'actions/shared/nomad/deploy/failure-paragraph.test.ts'
  ],
  'actions/shared/nomad/deploy/previous-version.ts': [
    'actions/shared/nomad/deploy/previous-version.test.ts'
  ],
  'actions/shared/nomad/deploy/source.ts': ['actions/shared/nomad/deploy/source.test.ts'],
  'actions/shared/nomad/deploy/variables.ts': [
    'actions/shared/nomad/deploy/variables.test.ts',
    'actions/shared/nomad/deploy/pure.test.ts',
    'actions/shared/nomad/deploy/plan-steps.test.ts'
  ],
  // issue #30, the re-check, change detection and the content tag (helper 30b): fast suites first.
  'actions/chatops/src/run-recheck.ts': [
    'actions/chatops/src/run-recheck.test.ts',
    'actions/chatops/src/modes.test.ts'
  ],
  'actions/shared/changes/git-diff.ts': [
    'actions/shared/changes/git-refs.test.ts',
    'actions/shared/changes/git-diff.test.ts'
  ],
  'actions/shared/changes/read-history.ts': ['actions/shared/changes/read-history.test.ts'],
  'actions/shared/docker/content-tag.ts': ['actions/shared/docker/content-tag.test.ts'],
  'actions/shared/chatops/decide.ts': ['actions/shared/chatops/decide.test.ts'],
  'actions/shared/chatops/versions.ts': ['actions/shared/chatops/versions.test.ts'],
  'actions/shared/chatops/event.ts': [
    'actions/shared/chatops/event.test.ts',
    'actions/shared/chatops/decide.test.ts'
  ],
  'actions/shared/chatops/reply.ts': [
    'actions/shared/chatops/reply-words.test.ts',
    'actions/shared/chatops/reply.test.ts'
  ],
  'actions/shared/changes/layer-runs.ts': ['actions/shared/changes/layer-runs.test.ts'],
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
/**
 * The name of a file's reports: its path below actions/ (and shared/), `/` as `-`, e.g.
 * `core-deploy-decision` for actions/shared/core/deploy-decision.ts, so two files of one name
 * (nomad/deploy/report.ts, drift/report.ts) never share a report or an incremental file.
 */
export const reportName = (/** @type {string} */ file) =>
  file
    .replace(/^actions\/(shared\/)?/, '')
    .replace(/\.ts$/, '')
    .replace(/\//g, '-')
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
