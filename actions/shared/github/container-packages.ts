import { UserError } from '../errors.js'
import { GitHubApiError } from './github-error.js'
import type { GitHubClient } from './octokit.js'
import type { ContainerPackages, ContainerVersion } from './ports.js'

interface VersionData {
  readonly id: number
  readonly name: string
  readonly created_at: string
  readonly metadata?: { readonly container?: { readonly tags?: readonly string[] } }
}

function toVersion(v: VersionData): ContainerVersion {
  return {
    id: v.id,
    digest: v.name,
    tags: [...(v.metadata?.container?.tags ?? [])],
    createdAt: v.created_at
  }
}

const isNotFound = (error: unknown): boolean =>
  error instanceof GitHubApiError && error.status === 404

/** GHCR versions over the Packages API: tries the organisation endpoint, then the user one. */
export function createContainerPackages(octokit: GitHubClient): ContainerPackages {
  async function listVersions(owner: string, name: string): Promise<ContainerVersion[]> {
    const common = { package_type: 'container', package_name: name, per_page: 100 } as const
    try {
      const org = await octokit.paginate(
        octokit.rest.packages.getAllPackageVersionsForPackageOwnedByOrg,
        { ...common, org: owner, state: 'active' }
      )
      return org.map(toVersion)
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
    try {
      const user = await octokit.paginate(
        octokit.rest.packages.getAllPackageVersionsForPackageOwnedByUser,
        { ...common, username: owner }
      )
      return user.map(toVersion)
    } catch (error) {
      // GitHub answers 404 alike for a package that does not exist and for one this token may not
      // read (docs.github.com/rest/packages/packages: "404 Resource not found"), so never "no versions".
      if (isNotFound(error)) {
        throw new UserError(
          `Cannot read the package ${owner}/${name}: GitHub answers 404 for it as an organisation's and as a user's package. Either it does not exist, or the token may not read it (it needs packages: read, and the package must grant this repository access).`
        )
      }
      throw error
    }
  }
  return {
    listVersions,
    async findByTag(owner, name, tag) {
      return (await listVersions(owner, name)).find(v => v.tags.includes(tag))
    }
  }
}
