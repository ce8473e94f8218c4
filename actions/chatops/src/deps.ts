import type { Catalog } from '../../shared/catalog/catalog.js'
import type { RegistryClient, RegistryCredentials } from '../../shared/docker/registry-client.js'
import type { Collaborators, Comments, Reactions, RepoRef } from '../../shared/github/ports.js'
import type { ActionIo, Clock, CommandRunner } from '../../shared/ports.js'

/** The GitHub calls ChatOps makes. */
export interface ChatopsGitHub {
  readonly comments: Comments
  readonly reactions: Reactions
  readonly collaborators: Collaborators
  /** The newest status description of a GitHub Deployment (nomad-deploy writes its reason there). */
  latestDeploymentStatus(deploymentId: number): Promise<string | undefined>
}

/** The webhook event as the runner hands it over: GITHUB_EVENT_NAME and GITHUB_EVENT_PATH. */
export interface RunnerEvent {
  readonly name: string
  readonly payload: unknown
}

/** Everything main() touches; realDeps() builds the real ones, tests pass fakes. */
export interface ChatopsDeps extends ActionIo {
  readonly clock: Clock
  /** git, for recheck's look at where main is now. */
  readonly runner: CommandRunner
  /** The runner's environment (GITHUB_REPOSITORY, GITHUB_RUN_ID…), for links and the repository. */
  readonly env: Readonly<Record<string, string | undefined>>
  readEvent(): Promise<RunnerEvent>
  loadCatalog(root: string): Promise<Catalog>
  /**
   * `trustedBot`: the login whose deployment statuses are ours (the `trusted-bot` input). May
   * resolve later: the real one loads Octokit only here, off the action's start path.
   */
  connectGitHub(
    token: string,
    repo: RepoRef,
    trustedBot: string
  ): ChatopsGitHub | Promise<ChatopsGitHub>
  connectRegistry(
    registry: string,
    credentials: RegistryCredentials
  ): Pick<RegistryClient, 'listTags' | 'readDigest'>
}
