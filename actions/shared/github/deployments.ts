import { cutText } from '../cut-text.js'
import type { GitHubClient } from './octokit.js'
import type { Deployments, RepoRef } from './ports.js'

/**
 * GitHub refuses a deployment (status) description over 140 characters with a 422
 * (docs.github.com/rest/deployments/statuses#create-a-deployment-status: "description: A short
 * description of the status. The maximum description length is 140 characters.").
 */
export const DESCRIPTION_LIMIT = 140

const shorten = (text: string): string => cutText(text, DESCRIPTION_LIMIT)

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
