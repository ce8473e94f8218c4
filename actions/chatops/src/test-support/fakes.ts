import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import type { Catalog, Service } from '../../../shared/catalog/catalog.js'
import type { RepoPermission, RepoRef } from '../../../shared/github/ports.js'
import { inputsFrom } from '../../../shared/inputs.js'
import type { CommandResult, Logger } from '../../../shared/ports.js'
import type { ChatopsDeps, ChatopsGitHub, RunnerEvent } from '../deps.js'
import { CORPUS_DIR } from '../../../shared/testing/corpus.js'

export const PR_COMMENT = join(CORPUS_DIR, 'github-events/atlantis/githubIssueCommentEvent.json')

/** The recorded pull-request comment with another body (and optionally another author). */
export function commentEvent(body: string, login = 'evancz'): RunnerEvent {
  const payload = JSON.parse(readFileSync(PR_COMMENT, 'utf8')) as {
    comment: { body: string; user: { login: string } }
  }
  payload.comment.body = body
  payload.comment.user.login = login
  return { name: 'issue_comment', payload }
}

function service(name: string): Service {
  return {
    name,
    jobId: name,
    image: `ghcr.io/elm/${name}`,
    context: `docker/${name}`,
    jobFile: `nomad/${name}.nomad.hcl`,
    healthPath: '/health',
    publicUrl: `https://${name}.example`
  }
}

export const CATALOG: Catalog = {
  services: ['package-site', 'website', 'www'].map(service),
  jobs: []
}

export interface Recorded {
  readonly comments: Array<{ id: number; issue: number; body: string }>
  readonly reactions: Array<{ commentId: number; content: string }>
  readonly outputs: Record<string, string>
  readonly logs: string[]
  readonly summaries: string[]
  readonly masked: string[]
  readonly tagQueries: string[]
  repo?: RepoRef
}

export interface FakeOptions {
  readonly inputs?: Readonly<Record<string, string>>
  readonly event?: RunnerEvent
  readonly permission?: RepoPermission | Error
  readonly tags?: readonly string[] | Error
  readonly now?: number
  /** Answers git commands (recheck); by default every git command fails. */
  readonly git?: (args: readonly string[]) => CommandResult
}

/** In-memory deps: records every comment, reaction and output. */
export function fakeDeps(options: FakeOptions = {}): { deps: ChatopsDeps; recorded: Recorded } {
  const recorded: Recorded = {
    comments: [],
    reactions: [],
    outputs: {},
    logs: [],
    summaries: [],
    masked: [],
    tagQueries: []
  }
  const log = (m: string): void => void recorded.logs.push(m)
  const logger: Logger = {
    info: log,
    warning: log,
    error: log,
    debug: () => {},
    group: (_n, fn) => fn()
  }
  const github: ChatopsGitHub = {
    comments: {
      create: async (issue, body) => {
        const id = 9000 + recorded.comments.length
        recorded.comments.push({ id, issue, body })
        return { id, url: `https://github.com/c/${id}` }
      },
      update: async (id, body) => {
        const found = recorded.comments.find(c => c.id === id)
        if (found) found.body = body
        else recorded.comments.push({ id, issue: 0, body })
        return { id, url: `https://github.com/c/${id}` }
      }
    },
    reactions: {
      addToComment: async (commentId, content) =>
        void recorded.reactions.push({ commentId, content })
    },
    latestDeploymentStatus: async id =>
      id === 555
        ? 'Failed due to unhealthy allocations - rolling back to job version 3'
        : undefined,
    collaborators: {
      permissionOf: async () => {
        const p = options.permission ?? 'write'
        if (p instanceof Error) throw p
        return p
      }
    }
  }
  const deps: ChatopsDeps = {
    inputs: inputsFrom({ 'github-token': 'ghs_secret', ...options.inputs }),
    logger,
    outputs: { set: (name, value) => void (recorded.outputs[name] = value) },
    summary: { write: async md => void recorded.summaries.push(md) },
    masker: { mask: s => void recorded.masked.push(s) },
    clock: { now: () => options.now ?? 1_000_000, sleep: async () => {} },
    runner: {
      run: async (_command, args) =>
        options.git?.(args) ?? { exitCode: 128, stdout: '', stderr: 'fatal: no git here' }
    },
    env: { GITHUB_REPOSITORY: 'elm/elm-infra', GITHUB_RUN_ID: '42', GITHUB_ACTOR: 'evancz' },
    readEvent: async () => options.event ?? commentEvent('/deploy package-site 1.3'),
    loadCatalog: async () => CATALOG,
    connectGitHub: (_token, repo) => {
      recorded.repo = repo
      return github
    },
    connectRegistry: registry => ({
      listTags: async path => {
        recorded.tagQueries.push(`${registry}/${path}`)
        const tags = options.tags ?? ['1.2', '1.3']
        if (tags instanceof Error) throw tags
        return [...tags]
      },
      readDigest: async (_path, tag) => {
        const tags = options.tags ?? ['1.2', '1.3']
        return Array.isArray(tags) && tags.includes(tag) ? `sha256:${'ab'.repeat(32)}` : undefined
      }
    })
  }
  return { deps, recorded }
}
