import type { Service } from '../../shared/catalog/catalog.js'
import { latestVersions } from '../../shared/chatops/versions.js'
import {
  type ImageRepository,
  formatRepository,
  parseRepository,
  pinnedReference,
  withRegistry
} from '../../shared/docker/image-ref.js'
import type { ChatopsDeps } from './deps.js'
import type { CommandInputs } from './inputs.js'

export type ImageLookup =
  | { readonly found: true; readonly ref: string; readonly repository: string }
  | { readonly found: false; readonly repository: string; readonly available: string[] }

/** The service's image repository, moved to the `registry` input's host when given. */
export function imageOf(service: Service, inputs: CommandInputs): ImageRepository {
  return inputs.registry
    ? withRegistry(service.image, inputs.registry)
    : parseRepository(service.image)
}

/**
 * The image for the version, pinned by digest so the deploy runs exactly what was checked; when
 * there is none, the latest versions that do exist. Registry errors are thrown.
 */
export async function findImage(
  deps: ChatopsDeps,
  inputs: CommandInputs,
  service: Service,
  version: string
): Promise<ImageLookup> {
  const repo = imageOf(service, inputs)
  const repository = formatRepository(repo)
  const registry = deps.connectRegistry(repo.registry, {
    username: deps.env['GITHUB_ACTOR'] ?? 'elm-infra',
    password: inputs.registryToken
  })
  return deps.logger.group(`Image ${repository}:${version}`, async () => {
    const tags = await registry.listTags(repo.path)
    deps.logger.info(`${tags.length} tags in ${repository}`)
    const digest = tags.includes(version)
      ? await registry.readDigest(repo.path, version)
      : undefined
    if (digest === undefined) return { found: false, repository, available: latestVersions(tags) }
    deps.logger.info(`${version} is ${digest}`)
    return { found: true, ref: pinnedReference(repo, digest), repository }
  })
}
