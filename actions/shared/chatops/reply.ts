/**
 * The replies ChatOps posts on a pull request. Pure: plain data in, Markdown out. Everything that
 * came from a comment is escaped (reasons quote pieces of it) so a reply can never mention
 * people, open HTML or break out of its formatting.
 */
import { escapeMarkdown, inlineCode } from '../markdown.js'
import { USAGE } from './command.js'

export interface DeployTarget {
  readonly service: string
  readonly version: string
  readonly environment: string
}

/** What nomad-deploy reported, as the report step receives it. */
export interface DeployOutcome {
  readonly succeeded: boolean
  /** nomad-deploy's `status` output, or the job's result when the step said nothing. */
  readonly status: string
  readonly promoted: boolean
  readonly revertedTo?: string
  /** The app version of `revertedTo` (nomad-deploy's `reverted-app-version`), when known. */
  readonly revertedAppVersion?: string
  readonly jobVersion?: string
  readonly deploymentId?: string
  readonly reason?: string
  readonly durationMs?: number
  readonly runUrl: string
}

/** Text from a comment or a remote system, made inert: escaped, and `@` cannot mention. */
export function inert(text: string): string {
  return escapeMarkdown(text).replace(/@/g, '@\u200b')
}

function serviceList(serviceNames: readonly string[]): string {
  return serviceNames.length > 0 ? serviceNames.map(s => inlineCode(s)).join(', ') : '_none_'
}

/** How to use the command, and which services exist. */
export function renderUsage(serviceNames: readonly string[]): string {
  return [
    `Usage: ${inlineCode(USAGE)} on the first line of a new comment, for example ${inlineCode(`/deploy ${serviceNames[0] ?? 'package-site'} 1.3`)}.`,
    '`<version>` is an image tag `MAJOR[.MINOR[.PATCH]]` or a commit SHA (7 to 40 hex characters).',
    `Services: ${serviceList(serviceNames)}.`
  ].join('\n')
}

/** A command that could not be read: what was wrong, the usage, the services. */
export function renderRefusal(reason: string, serviceNames: readonly string[]): string {
  return `😕 I did not deploy anything: ${inert(reason)}.\n\n${renderUsage(serviceNames)}`
}

/** The commenter may not deploy. */
export function renderUnauthorised(login: string, permission: string): string {
  return (
    `😕 ${inlineCode(login)} has ${inlineCode(permission)} permission on this repository; ` +
    '`/deploy` needs `write`, `maintain` or `admin`. Nothing was deployed.'
  )
}

/** The permission could not be read, so the command is refused rather than trusted. */
export function renderPermissionUnknown(login: string, error: string): string {
  return (
    `😕 I could not check the permission of ${inlineCode(login)} on this repository, so nothing ` +
    `was deployed (GitHub said: ${inert(error)}). Try again in a minute.`
  )
}

/** No image for that version in the registry. */
export function renderImageMissing(
  target: DeployTarget,
  image: string,
  available: readonly string[],
  ambiguous = false
): string {
  if (ambiguous) {
    return (
      `😕 ${inlineCode(target.version)} is the start of ${available.length} commits with an image in ` +
      `${inlineCode(image)}, so nothing was deployed: ${available.map(v => inlineCode(v)).join(', ')}. ` +
      'Give more of the SHA.'
    )
  }
  const found =
    available.length > 0
      ? `The latest versions there: ${available.map(v => inlineCode(v)).join(', ')}.`
      : 'The registry has no deployable versions of it.'
  return `😕 There is no image ${inlineCode(`${image}:${target.version}`)}, so nothing was deployed. ${found}`
}

/** Something broke after the command was accepted (the registry, GitHub): nothing was deployed. */
export function renderFailure(message: string, runUrl: string): string {
  return (
    `😕 Something went wrong before the deploy started, so nothing was deployed: ${inert(message)} ` +
    `([workflow run](${runUrl}))`
  )
}

/** The first state of the one reply comment. */
export function renderDeploying(target: DeployTarget, login: string, runUrl: string): string {
  return (
    `⏳ Deploying ${inlineCode(target.service)} ${inlineCode(target.version)} to ` +
    `${inlineCode(target.environment)} for ${inlineCode(login)}… ([workflow run](${runUrl}))`
  )
}

/** A duration for people: 45 s, 3 min 20 s. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`
}

function outcomeLines(outcome: DeployOutcome): string[] {
  const lines = [`- Canary promoted: ${outcome.promoted ? 'yes' : 'no'}`]
  if (outcome.revertedTo)
    lines.push(
      `- Nomad rolled back to job version ${inlineCode(outcome.revertedTo)}${outcome.revertedAppVersion ? ` (app version ${inlineCode(outcome.revertedAppVersion)}), which keeps serving` : ''}`
    )
  if (outcome.jobVersion) lines.push(`- Job version: ${inlineCode(outcome.jobVersion)}`)
  if (outcome.deploymentId) lines.push(`- Nomad deployment: ${inlineCode(outcome.deploymentId)}`)
  if (outcome.durationMs !== undefined) lines.push(`- Took ${formatDuration(outcome.durationMs)}`)
  return lines
}

/**
 * The failed reply's first words. nomad-deploy's `status` output is one of success, no-changes,
 * failure, cancelled (deploy-types.ts); the job's own result (failure, cancelled, skipped) stands in
 * when the step said nothing. "failed (failure)" said nothing: each status gets its own words.
 */
function failureHead(status: string): string {
  switch (status) {
    case 'failure':
    case 'failed':
    case '':
      return 'Failed to deploy'
    case 'cancelled':
      return 'Cancelled the deploy of'
    case 'skipped':
      return 'Did not run the deploy of'
    default:
      return `Failed to deploy (${inert(status)})`
  }
}

/** The final state of the reply: success or failure, and what happened. */
export function renderResult(target: DeployTarget, outcome: DeployOutcome): string {
  const what = `${inlineCode(target.service)} ${inlineCode(target.version)} to ${inlineCode(target.environment)}`
  const head = outcome.succeeded
    ? `🚀 Deployed ${what}.`
    : `😕 ${failureHead(outcome.status)} ${what}.`
  const reason =
    !outcome.succeeded && outcome.reason
      ? ['', ...outcome.reason.split(/\r?\n/).map(line => `> ${inert(line)}`)]
      : []
  return [
    head,
    ...reason,
    '',
    ...outcomeLines(outcome),
    '',
    `[Workflow run](${outcome.runUrl})`
  ].join('\n')
}
