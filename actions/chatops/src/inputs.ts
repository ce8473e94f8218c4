import { InputError } from '../../shared/errors.js'
import { readTrustedBot } from '../../shared/github/trusted-bot.js'
import { type InputSource, bool, oneOf, optional, required } from '../../shared/inputs.js'

export interface CommandInputs {
  readonly mode: 'command'
  readonly githubToken: string
  /** Whose deployment statuses are ours (the `trusted-bot` input). */
  readonly trustedBot: string
  readonly environment: string
  readonly registry?: string
  readonly registryToken: string
  readonly root: string
}

export type DeployResult = 'success' | 'failure' | 'cancelled' | 'skipped'

export interface ReportInputs {
  readonly mode: 'report'
  readonly githubToken: string
  /** Whose deployment statuses are ours (the `trusted-bot` input). */
  readonly trustedBot: string
  readonly environment: string
  readonly commentId: number
  readonly service: string
  readonly version: string
  readonly result: DeployResult
  readonly status?: string
  readonly promoted: boolean
  readonly revertedTo?: string
  readonly revertedAppVersion?: string
  readonly jobVersion?: string
  readonly deploymentId?: string
  readonly githubDeploymentId?: number
  readonly reason?: string
  readonly startedAt?: number
}

/** resolve: a service and a version (workflow_dispatch) → the digest-pinned image, no comment. */
export interface ResolveInputs extends Omit<CommandInputs, 'mode'> {
  readonly mode: 'resolve'
  readonly service: string
  readonly version: string
}

/** recheck: in the deploy job, just before deploying what a /deploy comment asked for. */
export interface RecheckInputs {
  readonly mode: 'recheck'
  readonly githubToken: string
  /** Whose deployment statuses are ours (the `trusted-bot` input). */
  readonly trustedBot: string
  readonly environment: string
  readonly root: string
  /** The job file the command was accepted with. */
  readonly jobFile: string
  /** The commit of main the command was accepted on (github.sha of the run). */
  readonly specSha: string
  /**
   * The default branch whose tip is fetched, at re-check time, into a ref of our own
   * (refs/elm-infra/<branch>): actions/checkout's own refs are not where main is now (run-recheck.ts).
   */
  readonly mainBranch: string
}

export type ChatopsInputs = CommandInputs | ReportInputs | ResolveInputs | RecheckInputs

/** A plain branch name (it becomes part of a refspec: no leading '-', no ':', '*', '..' or spaces). */
function branchName(read: InputSource, name: string): string {
  const value = optional(read, name) ?? 'main'
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(value) || value.startsWith('-') || value.includes('..')) {
    throw new InputError(
      `Input '${name}' is '${value}': expected a branch name such as main (letters, digits, '.', '_', '/', '-').`
    )
  }
  return value
}

function wholeNumber(read: InputSource, name: string): number | undefined {
  const value = optional(read, name)
  if (value === undefined) return undefined
  if (!/^[0-9]{1,16}$/.test(value) || Number(value) < 1) {
    throw new InputError(`Input '${name}' is '${value}': expected a whole number of 1 or more.`)
  }
  return Number(value)
}

function readReport(
  read: InputSource,
  githubToken: string,
  trustedBot: string,
  environment: string
): ReportInputs {
  required(read, 'comment-id')
  return {
    mode: 'report',
    githubToken,
    trustedBot,
    environment,
    commentId: wholeNumber(read, 'comment-id') ?? 0,
    service: required(read, 'service'),
    version: required(read, 'version'),
    result: oneOf(read, 'result', ['success', 'failure', 'cancelled', 'skipped']),
    status: optional(read, 'status'),
    promoted: bool(read, 'promoted', false),
    revertedTo: optional(read, 'reverted-to'),
    revertedAppVersion: optional(read, 'reverted-app-version'),
    jobVersion: optional(read, 'job-version'),
    deploymentId: optional(read, 'deployment-id'),
    githubDeploymentId: wholeNumber(read, 'github-deployment-id'),
    reason: optional(read, 'reason'),
    startedAt: wholeNumber(read, 'started-at')
  }
}

/** Every input, read once and checked. */
export function readInputs(read: InputSource): ChatopsInputs {
  const mode = oneOf(read, 'mode', ['command', 'report', 'resolve', 'recheck'], 'command')
  const githubToken = required(read, 'github-token')
  const trustedBot = readTrustedBot(read)
  const environment = optional(read, 'environment') ?? 'production'
  if (mode === 'report') return readReport(read, githubToken, trustedBot, environment)
  const root = optional(read, 'root') ?? '.'
  if (mode === 'recheck') {
    const specSha = required(read, 'spec-sha')
    if (!/^[0-9a-f]{40}$/.test(specSha)) {
      throw new InputError(
        `Input 'spec-sha' is '${specSha}': expected the full commit SHA the command was accepted on (github.sha).`
      )
    }
    return {
      mode,
      githubToken,
      trustedBot,
      environment,
      root,
      jobFile: required(read, 'job-file'),
      specSha,
      mainBranch: branchName(read, 'main-branch')
    }
  }
  const registry = optional(read, 'registry')
  const common = {
    githubToken,
    trustedBot,
    environment,
    ...(registry === undefined ? {} : { registry }),
    registryToken: optional(read, 'registry-token') ?? githubToken,
    root
  }
  if (mode === 'resolve') {
    return {
      mode,
      ...common,
      service: required(read, 'service'),
      version: required(read, 'version')
    }
  }
  return { mode, ...common }
}
