import type { Service } from '../../shared/catalog/catalog.js'
import { latestVersions, resolveVersion } from '../../shared/chatops/versions.js'
import {
  type ImageRepository,
  formatRepository,
  parseRepository,
  pinnedReference,
  withRegistry
} from '../../shared/docker/image-ref.js'
import { RegistryError } from '../../shared/docker/registry-errors.js'
import { UserError } from '../../shared/errors.js'
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
 * GHCR answers a package that does not exist and one this token may not read alike (404
 * NAME_UNKNOWN; the Packages REST API likewise answers "404 Resource not found", docs.github.com
 * rest/packages/packages), so the message names both and the fix for the second: a workflow's
 * GITHUB_TOKEN reads a package only with `packages: read` and when the package grants the
 * repository access (docs.github.com, "Configuring a package's access control and visibility",
 * "Ensuring workflow access to your package": Manage Actions access).
 */
export function cannotReadPackage(repository: string, seen: string): string {
  return (
    `Cannot read the package ${repository} (${seen}): either it does not exist (no image was ever ` +
    'pushed: merge a change under its docker/ folder first), or this workflow may not read it. To ' +
    "let it: in the package's settings, Manage Actions access → add this repository (role Read), " +
    'and give the job `packages: read`.'
  )
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
    const tags = await registry.listTags(repo.path).catch((error: unknown) => {
      if (error instanceof RegistryError && /HTTP (401|403)\b/.test(error.message)) {
        throw new UserError(cannotReadPackage(repository, error.message))
      }
      throw error
    })
    deps.logger.info(`${tags.length} tags in ${repository}`)
    // Every image we push carries tags (the SHA, the content tag, the release), so a repository
    // without any is one the registry does not show us (registry-client.ts `listTags` turns
    // 404 into no tags), not a package with "no deployable versions".
    if (tags.length === 0) {
      throw new UserError(
        cannotReadPackage(
          repository,
          'the registry lists no tags for it (HTTP 404 or an empty list)'
        )
      )
    }
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
