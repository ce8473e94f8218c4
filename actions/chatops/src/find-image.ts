import type { Service } from '../../shared/catalog/catalog.js'
import { latestVersions, resolveVersion } from '../../shared/chatops/versions.js'
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
  | {
      readonly found: true
      readonly ref: string
      readonly repository: string
      /** The tag the requested version resolved to (a short SHA becomes the full one). */
      readonly tag: string
    }
  | {
      readonly found: false
      readonly repository: string
      /** The latest deployable tags, or every full SHA an ambiguous prefix matches. */
      readonly available: string[]
      readonly ambiguous: boolean
    }

/** The service's image repository, moved to the `registry` input's host when given. */
export function imageOf(
  service: Service,
  inputs: Pick<CommandInputs, 'registry' | 'registryToken'>
): ImageRepository {
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
  inputs: Pick<CommandInputs, 'registry' | 'registryToken'>,
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
    const resolved = resolveVersion(version, tags)
    if (resolved.kind === 'ambiguous') {
      deps.logger.info(`${version} matches ${resolved.candidates.length} commits`)
      return { found: false, repository, available: [...resolved.candidates], ambiguous: true }
    }
    const digest =
      resolved.kind === 'found' ? await registry.readDigest(repo.path, resolved.tag) : undefined
    if (resolved.kind !== 'found' || digest === undefined) {
      return { found: false, repository, available: latestVersions(tags), ambiguous: false }
    }
    deps.logger.info(`${version} is ${repository}:${resolved.tag} = ${digest}`)
    return { found: true, ref: pinnedReference(repo, digest), repository, tag: resolved.tag }
  })
}
