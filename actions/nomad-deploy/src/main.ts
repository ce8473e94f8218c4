import { UserError, describeError } from '../../shared/errors.js'
import { failureParagraph } from '../../shared/nomad/deploy/failure-paragraph.js'
import type { Deployments, DeploymentState } from '../../shared/github/ports.js'
import { runUrl } from '../../shared/github/ports.js'
import {
  type NomadConfig,
  nomadConfigFromEnv,
  withOverrides
} from '../../shared/nomad/client/config.js'
import type { NomadClient } from '../../shared/nomad/client/client.js'
import { type DeployResult, deployJob } from '../../shared/nomad/deploy/deploy.js'
import { isSuccess } from '../../shared/nomad/deploy/types.js'
import type { ActionIo, Clock, CommandRunner, Outputs } from '../../shared/ports.js'
import { gitRelation, guardOrder } from '../../shared/nomad/deploy/order.js'
import { declaredVariables } from '../../shared/nomad/deploy/variables.js'
import { readInputs } from './inputs.js'
import { readJobSource } from '../../shared/nomad/deploy/source.js'
import { tlsFiles } from '../../shared/nomad/client/ca-file.js'
import { renderDeploySummary } from '../../shared/nomad/deploy/summary.js'

export interface NomadDeployDeps extends ActionIo {
  readonly clock: Clock
  readonly env: Readonly<Record<string, string | undefined>>
  /** Repository root (GITHUB_WORKSPACE). */
  readonly root: string
  /** Where PEM texts given as inputs are written (RUNNER_TEMP). */
  readonly tempDir: string
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal?: AbortSignal | undefined
  readonly createClient: (config: NomadConfig) => NomadClient
  readonly createDeployments: (token: string) => Deployments
  /** git in `root`, to put deploys in commit order (shared/nomad/deploy/order.ts); none: unordered. */
  readonly runner?: CommandRunner
}

/** nomad-deploy: one health-gated deploy, its outputs, its summary, and a truthful exit code. */
export async function main(deps: NomadDeployDeps): Promise<void> {
  const inputs = readInputs(deps.inputs)
  for (const secret of [
    inputs.nomad.token,
    deps.env['NOMAD_TOKEN'],
    inputs.githubToken,
    inputs.nomad.clientKey
  ]) {
    if (secret) deps.masker.mask(secret)
  }
  // PEM texts go to 0600 files in one private folder, removed whatever happens (the client key is
  // a secret: it must not outlive the run in RUNNER_TEMP), as drift-check and nomad-diff do.
  const tls = tlsFiles(inputs.nomad, deps.tempDir)
  try {
    await deploy(deps, inputs, {
      ...inputs.nomad,
      caCert: tls.caCert,
      clientCert: tls.clientCert,
      clientKey: tls.clientKey
    })
  } finally {
    tls.remove()
  }
}

async function deploy(
  deps: NomadDeployDeps,
  inputs: ReturnType<typeof readInputs>,
  nomad: Parameters<typeof withOverrides>[1]
): Promise<void> {
  const config = withOverrides(nomadConfigFromEnv(deps.env), nomad)
  const source = await readJobSource(deps.root, inputs.target)
  deps.logger.info(
    `Deploying ${source.jobFile} to ${config.address}${config.tls.skipVerify ? ' (TLS verification OFF)' : ''}`
  )
  const client = deps.createClient(config)
  const runner = deps.runner
  const order = runner
    ? await guardOrder({
        env: deps.env,
        jobHcl: source.jobHcl,
        declared: await declaredVariables(source.jobHcl),
        readJob: id => client.readJob(id),
        relation: (ours, theirs) => gitRelation(runner, deps.root, ours, theirs)
      }).catch((error: unknown) => {
        client.close()
        throw error
      })
    : undefined
  if (order?.skip) {
    client.close()
    deps.outputs.set('status', 'skipped')
    deps.outputs.set('reason', order.reason)
    await deps.summary.write(`## ⏭️ Skipped: \`${source.jobFile}\`\n\n${order.reason}\n`)
    deps.logger.warning(`Skipped ${source.jobFile}: ${order.reason}`)
    return
  }
  if (order) deps.logger.info(`Commit order: ${order.note}`)
  const variables = { ...inputs.variables, ...order?.variables }
  const github = inputs.githubToken
    ? await startGitHubDeployment(
        deps,
        deps.createDeployments(inputs.githubToken),
        inputs,
        source.jobFile
      )
    : undefined
  let result: DeployResult
  try {
    result = await deployJob({
      client,
      jobHcl: source.jobHcl,
      variables,
      timeoutMs: inputs.timeoutMs,
      logger: deps.logger,
      clock: deps.clock,
      signal: deps.signal
    })
  } catch (error) {
    await github?.finish('error', describeError(error), source.publicUrl)
    throw error
  } finally {
    client.close()
  }
  setOutputs(deps.outputs, result, github?.id)
  const version = inputs.variables['version'] ?? inputs.variables['image'] ?? ''
  // The closing paragraph, in the log and in the summary alike (one story for every medium).
  const closing = isSuccess(result)
    ? []
    : failureParagraph({
        service: result.jobId || source.jobFile,
        version,
        result,
        notAttempted: []
      })
  await deps.summary.write(renderDeploySummary(source.jobFile, result, closing))
  const state: DeploymentState = isSuccess(result)
    ? 'success'
    : result.status === 'cancelled'
      ? 'error'
      : 'failure'
  await github?.finish(state, result.reason, source.publicUrl)
  if (!isSuccess(result)) {
    for (const line of closing) deps.logger.info(line)
    throw new UserError(
      `Deploy of ${source.jobFile} ${result.status === 'cancelled' ? 'was cancelled' : 'failed'}: ${result.reason}`
    )
  }
  deps.logger.info(`Deploy of ${source.jobFile}: ${result.status} — ${result.reason}`)
}

function setOutputs(outputs: Outputs, r: DeployResult, githubId: number | undefined): void {
  outputs.set('status', r.status)
  outputs.set('deployment-id', r.deploymentId ?? '')
  outputs.set('job-version', r.jobVersion === undefined ? '' : String(r.jobVersion))
  outputs.set('promoted', String(r.promoted))
  outputs.set('reverted-to', r.revertedTo === undefined ? '' : String(r.revertedTo))
  outputs.set('reverted-app-version', r.revertedAppVersion ?? '')
  outputs.set('github-deployment-id', githubId === undefined ? '' : String(githubId))
  outputs.set('reason', r.reason)
}

/** A GitHub Deployment marked in_progress; recording it is best-effort and never stops a deploy. */
async function startGitHubDeployment(
  deps: NomadDeployDeps,
  deployments: Deployments,
  inputs: ReturnType<typeof readInputs>,
  jobFile: string
): Promise<
  | { id: number; finish: (state: DeploymentState, text: string, url?: string) => Promise<void> }
  | undefined
> {
  const logUrl = runUrl(deps.env)
  const ref = inputs.ref ?? deps.env['GITHUB_SHA'] ?? 'main'
  try {
    const version = inputs.variables['version'] ?? inputs.variables['image'] ?? ref
    const { id } = await deployments.create({
      ref,
      environment: inputs.environment,
      description: `Deploy ${jobFile} ${version}`,
      payload: { jobFile, version }
    })
    await deployments.setStatus(id, { state: 'in_progress', logUrl, description: 'Deploying' })
    const finish = async (state: DeploymentState, text: string, url?: string): Promise<void> => {
      try {
        await deployments.setStatus(id, {
          state,
          logUrl,
          description: text,
          ...(url && state === 'success' ? { environmentUrl: url } : {})
        })
      } catch (error) {
        deps.logger.warning(
          `Could not set the GitHub Deployment's status to ${state}: ${describeError(error)}`
        )
      }
    }
    return { id, finish }
  } catch (error) {
    deps.logger.warning(`Could not record a GitHub Deployment: ${describeError(error)}`)
    return undefined
  }
}
