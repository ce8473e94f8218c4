import { join } from 'node:path'
import { UserError } from '../../shared/errors.js'
import { runUrl } from '../../shared/github/ports.js'
import type { CommandResult } from '../../shared/ports.js'
import {
  parseDiagnostics,
  parseValidateJson,
  type Diagnostic
} from '../../shared/terraform/diagnostics.js'
import { createTerraformCli, type TerraformCli } from '../../shared/terraform/terraform-cli.js'
import { pinnedTerraformVersion } from '../../shared/terraform/terraform-version.js'
import type { TerraformDeps, TerraformGitHub } from './deps.js'
import type { TerraformInputs } from './inputs.js'

// `output -json` prints sensitive outputs in clear: its stdout is never logged.
const QUIET_STDOUT = new Set(['plan', 'apply', 'show', 'output'])

/** One run's context: Terraform ready in the working directory, GitHub connected. */
export interface Session {
  readonly deps: TerraformDeps
  readonly inputs: TerraformInputs
  readonly tf: TerraformCli
  readonly github: TerraformGitHub
  /** The working directory, absolute. */
  readonly dir: string
  readonly runUrl: string
  /** Called with the failing step's report before the run throws (comments, summary). */
  onFailure?: (
    step: string,
    result: CommandResult,
    diagnostics: readonly Diagnostic[]
  ) => Promise<void>
}

/** Resolves the version, installs Terraform and connects to GitHub. */
export async function openSession(deps: TerraformDeps, inputs: TerraformInputs): Promise<Session> {
  const dir = join(deps.env['GITHUB_WORKSPACE'] ?? process.cwd(), inputs.workingDirectory)
  const version =
    inputs.terraformVersion ??
    pinnedTerraformVersion({
      terraformVersionFile: await deps.readText(join(dir, '.terraform-version')),
      versionsTf: await deps.readText(join(dir, 'versions.tf'))
    })
  const binary = await deps.logger.group(`Terraform ${version}`, () =>
    deps.installTerraform(version)
  )
  deps.masker.mask(inputs.githubToken)
  if (inputs.planRecordKey !== '') deps.masker.mask(inputs.planRecordKey)
  return {
    deps,
    inputs,
    tf: createTerraformCli(deps.runner, { binary, workingDirectory: dir }),
    github: await deps.connectGitHub(inputs.githubToken, inputs.trustedBot),
    dir,
    runUrl: runUrl(deps.env)
  }
}

/**
 * Runs one Terraform step in a log group. A failure becomes annotations (Terraform's errors, at
 * their file and line), the session's failure report, and a one-line UserError.
 */
export async function runStep(
  session: Session,
  step: string,
  command: () => Promise<CommandResult>,
  ok: (exitCode: number) => boolean = code => code === 0
): Promise<CommandResult> {
  const { logger } = session.deps
  const result = await logger.group(`terraform ${step}`, async () => {
    const r = await command()
    // plan and apply stream their output live; show's JSON holds sensitive values.
    if (r.stdout.trim() !== '' && !QUIET_STDOUT.has(step)) logger.info(r.stdout.trimEnd())
    if (r.stderr.trim() !== '') logger.info(r.stderr.trimEnd())
    return r
  })
  if (ok(result.exitCode)) return result
  const diagnostics = diagnosticsFor(step, result)
  for (const d of diagnostics) {
    const where = d.file
      ? { file: join(session.inputs.workingDirectory, d.file), startLine: d.line }
      : undefined
    const text = `terraform ${step}: ${d.summary}${d.detail ? `: ${d.detail.replace(/\n/g, ' ')}` : ''}`
    if (d.severity === 'error') logger.error(text, where)
    else logger.warning(text, where)
  }
  await session.onFailure?.(step, result, diagnostics)
  const first = diagnostics.find(d => d.severity === 'error')
  throw new UserError(
    `terraform ${step} failed in ${session.inputs.workingDirectory} (exit ${result.exitCode})${first ? `: ${first.summary}` : ''}`
  )
}

function diagnosticsFor(step: string, result: CommandResult): Diagnostic[] {
  if (step === 'fmt') {
    return result.stdout
      .split('\n')
      .map(f => f.trim())
      .filter(Boolean)
      .map(file => ({
        severity: 'error' as const,
        summary: `${file} is not formatted; run terraform fmt`,
        detail: '',
        file,
        line: 1
      }))
  }
  // The stdout of `show -json` is the plan, sensitive values included: only stderr is read.
  const stdout = step === 'show' ? '' : result.stdout
  const found =
    step === 'validate'
      ? parseValidateJson(stdout)
      : parseDiagnostics(`${result.stderr}\n${stdout}`)
  return found.length > 0
    ? found
    : [{ severity: 'error', summary: lastLine(result.stderr || stdout), detail: '' }]
}

/**
 * What a failure report shows of a step's output: stderr, else stdout, but never the stdout of
 * `show` (the JSON plan holds sensitive values in clear).
 */
export function failureOutput(step: string, result: CommandResult): string {
  if (result.stderr.trim() !== '' || step === 'show') return result.stderr
  return result.stdout
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() || 'no output'
}
