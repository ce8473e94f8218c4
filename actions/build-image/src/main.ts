import { loadCatalog } from '../../shared/catalog/load-catalog.js'
import { describeError } from '../../shared/errors.js'
import type { ActionIo, Clock, CommandRunner } from '../../shared/ports.js'
import {
  type BuilderKind,
  dockerLogin,
  ensureContainerBuilder,
  hasBuildx
} from '../../shared/docker/builder.js'
import { type Fetch, createRegistryClient } from '../../shared/docker/registry-client.js'
import { type ServiceResult, buildService } from './build-service.js'
import { type BuildImageInputs, readInputs } from './inputs.js'
import { renderImagesOutput, renderSummary } from './render-summary.js'
import { selectServices } from './select-services.js'

export interface BuildImageDeps extends ActionIo {
  readonly runner: CommandRunner
  readonly clock: Clock
  /** Repository root (GITHUB_WORKSPACE). */
  readonly root: string
  /** The docker client: `docker` on GitHub, /usr/bin/docker here. */
  readonly docker: string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly fetch?: Fetch
}

/** build-image: decide, build or re-tag, push, and hand the deploy job digest-pinned references. */
export async function main(deps: BuildImageDeps): Promise<void> {
  const inputs = readInputs(deps.inputs)
  if (inputs.token !== undefined) deps.masker.mask(inputs.token)
  const catalog = await loadCatalog(deps.root)
  const services = await selectServices(inputs.services, catalog, {
    runner: deps.runner,
    root: deps.root,
    sha: inputs.sha
  })
  deps.logger.info(`Services to image: ${services.map(s => s.name).join(', ') || 'none'}`)
  const results: ServiceResult[] = []
  const finish = async (): Promise<void> => {
    deps.outputs.set('images', renderImagesOutput(results))
    deps.outputs.set('results', JSON.stringify(results))
    deps.outputs.set(
      'built',
      JSON.stringify(results.filter(r => r.outcome === 'built').map(r => r.service))
    )
  }
  if (services.length === 0) {
    await finish()
    await deps.summary.write(renderSummary([], undefined, inputs.push))
    return
  }
  const builder = await chooseBuilder(inputs, deps)
  const credentials =
    inputs.token === undefined ? undefined : { username: inputs.username, password: inputs.token }
  if (credentials !== undefined && inputs.push) {
    await dockerLogin(
      deps.runner,
      deps.docker,
      inputs.registry,
      credentials.username,
      credentials.password
    )
  }
  const registry = createRegistryClient({
    registry: inputs.registry,
    ...(credentials === undefined ? {} : { credentials }),
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch })
  })
  for (const service of services) {
    try {
      const result = await deps.logger.group(`Image: ${service.name}`, () =>
        buildService(service, {
          ...deps,
          registry,
          builder,
          push: inputs.push,
          sha: inputs.sha,
          version: inputs.version,
          releaseVersions: inputs.releaseVersions,
          buildArgs: inputs.buildArgs
        })
      )
      results.push(result)
    } catch (error) {
      await finish()
      await deps.summary.write(
        renderSummary(
          results,
          { service: service.name, message: describeError(error) },
          inputs.push
        )
      )
      throw error
    }
  }
  await finish()
  await deps.summary.write(renderSummary(results, undefined, inputs.push))
}

/** auto: buildx with the GitHub Actions cache on a runner that has both, the engine's BuildKit elsewhere. */
async function chooseBuilder(inputs: BuildImageInputs, deps: BuildImageDeps): Promise<BuilderKind> {
  let kind: BuilderKind = inputs.builder === 'auto' ? 'docker' : inputs.builder
  if (inputs.builder === 'auto') {
    const onGitHub =
      deps.env['ACTIONS_RUNTIME_TOKEN'] !== undefined && deps.env['GITHUB_ACTIONS'] === 'true'
    if (onGitHub && (await hasBuildx(deps.runner, deps.docker))) kind = 'buildx'
  }
  if (kind === 'buildx') {
    const driver = await ensureContainerBuilder(deps.runner, deps.docker)
    deps.logger.info(`Builder: docker buildx (${driver} driver, GitHub Actions cache)`)
  } else {
    deps.logger.info(`Builder: ${deps.docker} build with BuildKit (DOCKER_BUILDKIT=1)`)
  }
  return kind
}
