import { readJobSource } from '../../actions/shared/nomad/deploy/source.js'
import { findService } from '../../actions/shared/catalog/catalog.js'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { InputError, UserError, describeError } from '../../actions/shared/errors.js'
import type { NomadClient } from '../../actions/shared/nomad/client/client.js'
import {
  type PreviousVersion,
  findPreviousVersion
} from '../../actions/shared/nomad/deploy/previous-version.js'
import { deployJob } from '../../actions/shared/nomad/deploy/deploy.js'
import { isSuccess } from '../../actions/shared/nomad/deploy/types.js'
import { systemClock } from '../../actions/shared/ports.js'
import { planJob } from '../../actions/shared/nomad/deploy/plan.js'
import { confirmReal } from '../confirm.js'
import * as rules from '../options/rules.js'
import { check } from '../options/rules.js'
import { checkTarget } from '../confirm.js'
import { dedupeAllocationBlocks } from '../output/dedupe-blocks.js'
import { withProgress } from '../output/progress.js'
import { healthCounts } from '../../actions/shared/nomad/deploy/report.js'
import { failureParagraph } from '../../actions/shared/nomad/deploy/failure-paragraph.js'
import { networkHintForReason, retryProgress } from '../output/network-hints.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'
import { renderDeploySummary } from '../../actions/shared/nomad/deploy/summary.js'
import { realTarget } from '../rehearse/simulated-target.js'
import { terminalLogger, terminalSummary } from '../terminal.js'

/** `elm-infra deploy <service> <version>`: the break-glass, health-gated deploy when GitHub is down. */
export const deployCommand: Subcommand = {
  register(program, context) {
    program
      .command('deploy')
      .description(
        'Break-glass deploy: the same health-gated deploy as the action, against NOMAD_ADDR'
      )
      .argument('<service>', 'a service from the catalog (elm-infra services)', rules.service)
      .argument(
        '[version]',
        'the image tag to deploy, e.g. 1.3 or a commit SHA (or --previous)',
        rules.version
      )
      .option(
        '--previous',
        'deploy the version before the current one: the newest older job version Nomad marked stable with another app version (its meta.version), with the image it ran'
      )
      .option(
        '--image <ref>',
        'deploy this exact image reference (e.g. pinned by digest) instead of <image>:<version>',
        rules.imageRef
      )
      .option(
        '--timeout <duration>',
        'fail the deployment (so Nomad reverts) after this long',
        rules.duration,
        15 * 60_000
      )
      .option(
        '--request-timeout <duration>',
        'how long one request may go unanswered by Nomad; the retries of one request get 4 times that',
        rules.duration,
        30_000
      )
      .option(
        '--progress-every <duration>',
        'off a terminal: print a "still waiting for …" line when nothing was printed for this long (on a terminal a live status line shows the wait)',
        rules.duration,
        PROGRESS_EVERY_MS
      )
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .option('--target <addr>', 'the Nomad cluster (instead of NOMAD_ADDR)', rules.nomadAddress)
      .option('--yes', 'do not show the plan and ask first (for scripts)')
      .option('--github', 'print the step summary as markdown (on by default under GITHUB_ACTIONS)')
      .addHelpText(
        'after',
        "\nNeeds NOMAD_ADDR or --target (and NOMAD_TOKEN, NOMAD_CACERT… as for the nomad CLI); refuses without it. Shows Nomad's plan and asks before registering; --yes skips the question (needed where stdin is not a terminal).\n--previous reads the job's versions from Nomad (GET /v1/job/:id/versions) and deploys the newest older stable one with another app version, with the image it ran.\nExit codes: 0 deployed (or no changes), 1 the deploy failed or was reverted, 2 usage error."
      )
      .action(
        async (
          serviceName: string,
          versionArg: string | undefined,
          flags: {
            previous?: boolean
            image?: string
            timeout: number
            requestTimeout: number
            progressEvery: number
            root?: string
            target?: string
            yes?: boolean
            github?: boolean
          }
        ) => {
          const envAddr = context.env['NOMAD_ADDR']?.trim() ?? ''
          const address =
            flags.target ?? (envAddr === '' ? undefined : checkTarget(envAddr, 'NOMAD_ADDR'))
          if (address === undefined) {
            throw new InputError(
              'NOMAD_ADDR is not set (nor --target): a break-glass deploy needs the real cluster, e.g. NOMAD_ADDR=https://nomad.example:4646 NOMAD_TOKEN=… elm-infra deploy package-site 1.3. (To try the pipeline without a cluster, run elm-infra rehearse.)'
            )
          }
          if (flags.previous === true && versionArg !== undefined)
            throw new InputError(
              `Both a version ('${versionArg}') and --previous: give one of them.`
            )
          if (flags.previous !== true && versionArg === undefined)
            throw new InputError(
              'No version: give one (e.g. elm-infra deploy website 1.3), or --previous for the version before the current one.'
            )
          const timeoutMs = flags.timeout
          const progressEveryMs = flags.progressEvery
          const requestTimeoutMs = flags.requestTimeout
          const root = await repoRoot(context, flags.root)
          const catalog = await loadCatalog(root)
          const service = (() => {
            try {
              return findService(catalog, serviceName)
            } catch (error) {
              throw new InputError(error instanceof Error ? error.message : String(error))
            }
          })()
          const progress = withProgress(
            context.terminal,
            progressEveryMs,
            `Nomad at ${address} to answer`
          )
          const terminal = dedupeAllocationBlocks(progress.terminal)
          const logger = terminalLogger(terminal)
          const target = realTarget(
            { ...context.env, NOMAD_ADDR: address },
            systemClock,
            retryProgress(line => logger.warning(line), address),
            requestTimeoutMs
          )
          const controller = new AbortController()
          const cancel = (signal: NodeJS.Signals): void =>
            controller.abort(new Error(`received ${signal}`))
          try {
            const jobHcl = (await readJobSource(root, { kind: 'file', path: service.jobFile }))
              .jobHcl
            let version = versionArg ?? ''
            let image = flags.image
            if (flags.previous === true) {
              progress.set(`Nomad at ${address} to list the versions of job '${service.jobId}'`)
              const previous = await readPrevious(target.client, service.jobId)
              version = check(rules.version, 'the previous app version', previous.appVersion)
              image ??= previous.image
              logger.info(
                `--previous: ${service.name} ${previous.appVersion} (job version ${previous.jobVersion}${previous.image ? `, image ${previous.image}` : ''}), the version before the current ${service.name} ${previous.current.appVersion ?? '(no app version)'} (job version ${previous.current.jobVersion}).`
              )
            }
            const variables = { image: image ?? `${service.image}:${version}`, version }
            const ask = context.terminal.confirm
            const confirmed = await notDeployedOnError(`${service.name} ${version}`, () =>
              confirmReal({
                // The live line is cleared while the question waits for an answer.
                terminal: {
                  ...context.terminal,
                  confirm: ask && (q => progress.paused(() => ask(q)))
                },
                yes: flags.yes === true,
                action: `Deploy ${service.name} ${version} (${variables.image}) to the Nomad cluster at ${target.address}`,
                showPlan: async () => {
                  progress.set(`Nomad at ${address} to plan ${service.name} ${version}`)
                  await logger.group(`plan ${service.name} ${version} on ${target.address}`, () =>
                    planJob(target.client, jobHcl, variables, logger)
                  )
                }
              })
            )
            if (!confirmed) {
              logger.error('Not confirmed: nothing was deployed.')
              context.exitCode = 1
              return
            }
            process.once('SIGINT', cancel)
            process.once('SIGTERM', cancel)
            logger.info(`Deploying ${service.name} ${version} to ${target.address}`)
            progress.set(`Nomad at ${address} to plan and register ${service.name} ${version}`)
            const result = await deployJob({
              client: target.client,
              jobHcl,
              variables,
              timeoutMs,
              logger,
              clock: systemClock,
              signal: controller.signal,
              onDeployment: id =>
                progress.set(`deployment ${id.slice(0, 8)} of ${service.name} ${version}`),
              onProgress: d => {
                const { healthy, wanted } = healthCounts(d)
                progress.set(
                  `deployment ${d.id.slice(0, 8)} of ${service.name} ${version} (${healthy}/${wanted} healthy; Ctrl-C fails it so Nomad reverts)`
                )
              }
            })
            progress.stop()
            terminal.flush()
            // One story in every medium: the closing paragraph (and its hint) is the report, on
            // stdout, and the same lines end the step summary.
            const hint = isSuccess(result)
              ? undefined
              : networkHintForReason(result.reason, target.address)
            const closing = isSuccess(result)
              ? []
              : [
                  ...failureParagraph({ service: service.name, version, result, notAttempted: [] }),
                  ...(hint === undefined ? [] : [hint])
                ]
            if (flags.github === true || context.env['GITHUB_ACTIONS'] === 'true')
              await terminalSummary(terminal, 'summary').write(
                renderDeploySummary(service.jobFile, result, closing)
              )
            if (isSuccess(result)) terminal.out(`✔ ${service.name} ${version}: ${result.reason}`)
            for (const line of closing) terminal.out(line)
            context.exitCode = isSuccess(result) ? 0 : 1
          } finally {
            progress.stop()
            process.off('SIGINT', cancel)
            process.off('SIGTERM', cancel)
            await target.close()
          }
        }
      )
  }
}

/** The quiet time after which a log gets a "still waiting for …" line (README: 15 s). */
export const PROGRESS_EVERY_MS = 15_000

/**
 * An error before anything was registered (Nomad's plan, the question) ends like a failed deploy:
 * what was not deployed and why, in one line; the hint follows the cause (program.ts).
 */
async function notDeployedOnError<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new UserError(`✖ ${what} was not deployed: ${describeError(error)}`, { cause: error })
  }
}

/** `--previous`: the job's versions from Nomad, and the one to go back to (previous-version.ts). */
async function readPrevious(client: NomadClient, jobId: string): Promise<PreviousVersion> {
  const versions = await client.readJobVersions(jobId)
  if (versions.length === 0)
    throw new UserError(
      `--previous: job '${jobId}' is not on this cluster (Nomad has no versions of it): give a version instead.`
    )
  const previous = findPreviousVersion(versions)
  if ('reason' in previous)
    throw new UserError(`--previous: ${previous.reason}. Give the version to deploy instead.`)
  return previous
}
