import type { GitHubClient } from './octokit.js'
import type { Deployments, RepoRef } from './ports.js'

/** GitHub shows at most 140 characters of a deployment status description. */
const DESCRIPTION_LIMIT = 140

function shorten(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`
}

/**
 * Deployments created for exactly the ref given (`auto_merge: false`) and without waiting on
 * commit statuses (`required_contexts: []`): CI has already gated the ref.
 */
export function createDeployments(octokit: GitHubClient, repo: RepoRef): Deployments {
  return {
    async create(input) {
      const { data, status } = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: input.ref,
        environment: input.environment,
        description: shorten(input.description),
        payload: { ...input.payload },
        auto_merge: false,
        required_contexts: [],
        transient_environment: input.transient ?? false,
        production_environment: input.production ?? input.environment === 'production'
      })
      if (!('id' in data)) {
        throw new Error(`GitHub did not create a deployment (${status}): ${data.message ?? ''}`)
      }
      return { id: data.id }
    },
    async setStatus(deploymentId, input) {
      await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: deploymentId,
        state: input.state,
        ...(input.description === undefined ? {} : { description: shorten(input.description) }),
        ...(input.logUrl === undefined ? {} : { log_url: input.logUrl }),
        ...(input.environmentUrl === undefined ? {} : { environment_url: input.environmentUrl })
      })
    }
  }
}
