import type { CommentRef } from '../../../shared/github/ports.js'
import { inputsFrom } from '../../../shared/inputs.js'
import type { CommandRunner, Logger } from '../../../shared/ports.js'
import type { TerraformDeps, TerraformGitHub } from '../deps.js'

/** Sticky comments and merged PRs in memory, keyed like GitHub's. */
export function fakeGitHub(mergedPr: number | undefined): TerraformGitHub & {
  readonly comments: Map<string, string>
  body(pr: number, marker: string): string | undefined
} {
  const comments = new Map<string, string>()
  let nextId = 1
  const ids = new Map<string, number>()
  return {
    comments,
    body: (pr, marker) => comments.get(`${pr} ${marker}`),
    stickyComments: {
      async upsert(pr, marker, body) {
        const key = `${pr} ${marker}`
        const created = !ids.has(key)
        if (created) ids.set(key, nextId++)
        comments.set(key, body)
        const ref: CommentRef = {
          id: ids.get(key) ?? 0,
          url: `https://github.test/c/${ids.get(key)}`
        }
        return { ...ref, created }
      },
      async updateIfPresent(pr, marker, body) {
        const key = `${pr} ${marker}`
        const id = ids.get(key)
        if (id === undefined) return undefined
        comments.set(key, body)
        return { id, url: `https://github.test/c/${id}` }
      }
    },
    pullRequests: { findMergedFor: async () => mergedPr },
    readComment: async (pr, marker) => comments.get(`${pr} ${marker}`)
  }
}

/** A logger that keeps every line (and annotation) for assertions. */
export function recordingLogger(): Logger & {
  readonly lines: string[]
  readonly annotations: { level: string; message: string; file?: string; line?: number }[]
} {
  const lines: string[] = []
  const annotations: { level: string; message: string; file?: string; line?: number }[] = []
  const annotate =
    (level: string) => (message: string, where?: { file?: string; startLine?: number }) => {
      lines.push(`${level}: ${message}`)
      annotations.push({ level, message, file: where?.file, line: where?.startLine })
    }
  return {
    lines,
    annotations,
    info: m => void lines.push(m),
    debug: () => undefined,
    warning: annotate('warning'),
    error: annotate('error'),
    group: async (name, fn) => {
      lines.push(`## ${name}`)
      return fn()
    }
  }
}

export interface FakeRun {
  readonly deps: TerraformDeps
  readonly logger: ReturnType<typeof recordingLogger>
  readonly outputs: Record<string, string>
  readonly summaries: string[]
  readonly masked: string[]
  readonly uploads: { name: string; files: readonly string[] }[]
}

/** main()'s dependencies over a real runner and file system, with GitHub and artifacts faked. */
export function fakeDeps(options: {
  readonly inputs: Record<string, string>
  readonly runner: CommandRunner
  readonly github: TerraformGitHub
  readonly env: Record<string, string>
  readonly event?: unknown
  readonly files: {
    readText(path: string): Promise<string | undefined>
    writeText(path: string, text: string): Promise<void>
    readBytes(path: string): Promise<Uint8Array>
    makeTempDir(): Promise<string>
  }
}): FakeRun {
  const logger = recordingLogger()
  const outputs: Record<string, string> = {}
  const summaries: string[] = []
  const masked: string[] = []
  const uploads: { name: string; files: readonly string[] }[] = []
  const deps: TerraformDeps = {
    inputs: inputsFrom(options.inputs),
    logger,
    outputs: { set: (name, value) => void (outputs[name] = value) },
    summary: { write: async markdown => void summaries.push(markdown) },
    masker: { mask: secret => void masked.push(secret) },
    runner: options.runner,
    artifacts: {
      upload: async (name, files) => {
        uploads.push({ name, files })
        return 'uploaded'
      }
    },
    env: options.env,
    readEvent: async () => options.event ?? {},
    ...options.files,
    installTerraform: async () => 'terraform',
    connectGitHub: async () => options.github
  }
  return { deps, logger, outputs, summaries, masked, uploads }
}
