import { readJobSource } from '../../actions/shared/nomad/deploy/source.js'
import { type Service, findService } from '../../actions/shared/catalog/catalog.js'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { ConfigError, InputError } from '../../actions/shared/errors.js'
import { deployJob } from '../../actions/shared/nomad/deploy/deploy.js'
import { type DeployResult, isSuccess } from '../../actions/shared/nomad/deploy/types.js'
import { type Clock, type Logger, systemClock } from '../../actions/shared/ports.js'
import { type Terminal, terminalLogger, terminalSummary } from '../terminal.js'
import { renderDeploySummary } from '../../actions/shared/nomad/deploy/summary.js'
import { planJob } from '../../actions/shared/nomad/deploy/plan.js'
import { confirmReal } from '../confirm.js'
import { prefixedTerminal } from './prefixed-terminal.js'
import { dedupeAllocationBlocks } from '../output/dedupe-blocks.js'
import { networkHintForReason, retryProgress } from '../output/network-hints.js'
import { type Progress, withProgress } from '../output/progress.js'
import { healthCounts } from '../../actions/shared/nomad/deploy/report.js'
import { failureParagraph } from '../../actions/shared/nomad/deploy/failure-paragraph.js'

/** A step summary that goes nowhere: in a terminal, markdown is for GitHub only (--github shows it). */
const quiet = { write: async (): Promise<void> => undefined }
import { report } from './report.js'
import { scaledClock } from './scaled-clock.js'
import { buildStep } from './build-step.js'
import {
  type DeployTarget,
  realTarget,
  seedRunningVersions,
  startSimulatedTarget
} from './simulated-target.js'

export interface RehearseOptions {
  readonly root: string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly terminal: Terminal
  /** Services whose new version should fail its health checks (simulated cluster only). */
  readonly unhealthy: readonly string[]
  readonly build: boolean
  /** The version the rehearsal deploys. */
  readonly version: string
  /** The version the simulated cluster runs before the deploy. */
  readonly runningVersion: string
  /** How much faster than the wall the simulated cluster's clock runs. */
  readonly speed: number
  /** Cluster time from placement to a healthy allocation. */
  readonly healthyAfterMs: number
  readonly timeoutMs: number
  /**
   * A real cluster, only when asked for (`--target <addr>` or `--real`): its address. Undefined
   * means the simulated cluster; NOMAD_ADDR in the environment is never read implicitly.
   */
  readonly target?: string | undefined
  /** Go ahead on a real cluster without asking (scripts). */
  readonly yes?: boolean
  /** Also print the markdown GitHub would show (step summaries, the PR reply); else human lines only. */
  readonly github?: boolean
}

/**
 * Runs deploy.yml's push-to-main path on this machine: which services changed, images, Terraform and
 * Ansible (skipped without credentials, and said so), then one health-gated Nomad deploy per
 * service, one at a time, printing what GitHub would show. Returns the exit code.
 */
export async function rehearse(o: RehearseOptions): Promise<number> {
  const catalog = await loadCatalog(o.root)
  const unhealthy = o.unhealthy.map(name => findServiceOrUsage(catalog.services, name))
  const simulated = o.target === undefined
  if (!simulated && unhealthy.length > 0) {
    throw new InputError(
      '--unhealthy only works on the simulated cluster: drop --target/--real to use it.'
    )
  }
  const labelled = simulated ? prefixedTerminal(o.terminal, '[simulated]') : o.terminal
  // A live status line on a terminal (progress.ts), from the first deployment watched on; in a
  // log, a line after 15 s of silence.
  const progress = withProgress(labelled, 15_000, 'the cluster', undefined, true)
  const terminal = dedupeAllocationBlocks(progress.terminal)
  const logger = terminalLogger(terminal)
  const clock: Clock = simulated ? scaledClock(o.speed) : systemClock
  const services = catalog.services
  if (services.length === 0) {
    throw new ConfigError(
      `No services in ${o.root}: a service is docker/<name>/Dockerfile plus nomad/<name>.nomad.hcl.`
    )
  }
  logger.info(
    simulated
      ? `Rehearsing deploy.yml (push to main) against a simulated single-node Nomad cluster in this process; its clock runs ${o.speed}× faster than yours. Nothing real is touched (NOMAD_ADDR is ignored); --target <addr> uses a real cluster.`
      : `Rehearsing deploy.yml (push to main) against the REAL Nomad cluster at ${o.target}.`
  )
  await logger.group('changes', async () =>
    logger.info(`A rehearsal deploys every service: ${services.map(s => s.name).join(', ')}.`)
  )
  // The build is real (a Docker engine on this machine): its lines are not labelled [simulated].
  const realLogger = terminalLogger(o.terminal)
  await logger.group('build-image', () =>
    buildStep({
      build: o.build,
      services,
      root: o.root,
      logger: o.build ? realLogger : logger,
      version: o.version,
      env: o.env,
      summary: o.github === true ? terminalSummary(terminal, 'step summary: build-image') : quiet
    })
  )
  await logger.group('terraform apply', async () =>
    logger.info(
      'Skipped: terraform/ is not applied in a rehearsal (it needs DigitalOcean credentials). `elm-infra plan-summary <plan.json>` renders a saved plan.'
    )
  )
  await logger.group('ansible apply', async () =>
    logger.info(
      'Skipped: ansible/ is not applied in a rehearsal (it needs SSH access to the droplets). The engine tests run it against containers.'
    )
  )
  if (!simulated) {
    const realEnv = { ...o.env, NOMAD_ADDR: o.target }
    const confirmed = await confirmReal({
      terminal,
      yes: o.yes === true,
      action: `Deploy ${services.map(s => `${s.name} ${o.version}`).join(', ')} to the REAL Nomad cluster at ${o.target}`,
      showPlan: () => showRealPlan(o, realEnv, services, logger)
    })
    if (!confirmed) {
      logger.error('Not confirmed: nothing was deployed.')
      return 1
    }
  }
  const target = simulated
    ? await startSimulatedTarget({
        clock,
        unhealthy,
        newVersion: o.version,
        healthyAfterMs: o.healthyAfterMs,
        root: o.root,
        onLog: line => logger.info(`nomad ${line}`)
      })
    : realTarget(
        { ...o.env, NOMAD_ADDR: o.target },
        clock,
        retryProgress(line => logger.warning(line), o.target ?? '')
      )
  try {
    if (target.kind === 'simulated') {
      await logger.group(`cluster at ${target.address}`, () =>
        seedRunningVersions(target, o.root, services, o.runningVersion, clock, logger)
      )
    }
    const results = await deployEach(o, target, services, clock, logger, terminal, progress)
    progress.stop()
    terminal.flush()
    return report(results, o, terminal)
  } finally {
    progress.stop()
    await target.close()
  }
}

/** What a real rehearsal would change: Nomad's plan of each job (parse + plan: read-only). */
async function showRealPlan(
  o: RehearseOptions,
  env: Readonly<Record<string, string | undefined>>,
  services: readonly Service[],
  logger: Logger
): Promise<void> {
  const target = realTarget(env, systemClock)
  try {
    for (const service of services) {
      await logger.group(`plan ${service.name} ${o.version} on ${target.address}`, async () => {
        await planJob(
          target.client,
          (await readJobSource(o.root, { kind: 'file', path: service.jobFile })).jobHcl,
          { image: `${service.image}:${o.version}`, version: o.version },
          logger
        )
      })
    }
  } finally {
    await target.close()
  }
}

function findServiceOrUsage(services: readonly Service[], name: string): Service {
  try {
    return findService({ services, jobs: [] }, name)
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error))
  }
}

export interface Deployed {
  readonly service: Service
  readonly result: DeployResult
  readonly durationMs: number
  /** The closing paragraph of a failed deploy (empty on success): the same in every medium. */
  readonly closing: readonly string[]
}

async function deployEach(
  o: RehearseOptions,
  target: DeployTarget,
  services: readonly Service[],
  clock: Clock,
  logger: Logger,
  terminal: Terminal,
  progress: Progress
): Promise<Deployed[]> {
  const results: Deployed[] = []
  for (const service of services) {
    const started = clock.now()
    const result = await logger.group(`nomad-deploy ${service.name} ${o.version}`, async () =>
      deployJob({
        client: target.client,
        jobHcl: (await readJobSource(o.root, { kind: 'file', path: service.jobFile })).jobHcl,
        variables: { image: `${service.image}:${o.version}`, version: o.version },
        timeoutMs: o.timeoutMs,
        logger,
        clock,
        onProgress: d => {
          const { healthy, wanted } = healthCounts(d)
          progress.set(
            `${target.kind === 'simulated' ? '[simulated] ' : ''}deployment ${d.id.slice(0, 8)} of ${service.name} ${o.version} (${healthy}/${wanted} healthy)`
          )
        }
      })
    )
    const durationMs = clock.now() - started
    const attempted = new Set([...results.map(r => r.service.name), service.name])
    const hint =
      isSuccess(result) || target.kind === 'simulated'
        ? undefined
        : networkHintForReason(result.reason, target.address)
    const closing = isSuccess(result)
      ? []
      : [
          ...failureParagraph({
            service: service.name,
            version: o.version,
            result,
            // The rehearsal knows what ran before: the version it seeded (a real cluster: unknown).
            revertedAppVersion: o.target === undefined ? o.runningVersion : undefined,
            notAttempted: services.map(s => s.name).filter(n => !attempted.has(n))
          }),
          ...(hint === undefined ? [] : [hint])
        ]
    if (o.github === true)
      await terminalSummary(terminal, `step summary: nomad-deploy ${service.name}`).write(
        renderDeploySummary(service.jobFile, result, closing)
      )
    results.push({ service, result, durationMs, closing })
    // deploy.yml stops at the first failed service: the later ones keep their running version.
    if (!isSuccess(result)) break
  }
  return results
}
