import type { PullRequests, StickyComments } from '../../shared/github/ports.js'
import type { ActionIo, CommandRunner } from '../../shared/ports.js'

/** The GitHub calls the action makes. */
export interface TerraformGitHub {
  readonly stickyComments: StickyComments
  readonly pullRequests: PullRequests
  /** The body of our comment carrying `marker` on a PR, if there is one. */
  readComment(issueNumber: number, marker: string): Promise<string | undefined>
}

/** Uploads files (all under `root`) as one workflow artifact. */
export interface ArtifactUploader {
  upload(
    name: string,
    files: readonly string[],
    root: string,
    retentionDays: number
  ): Promise<'uploaded' | 'not-on-a-runner'>
}

/** Everything main() touches; realDeps() builds the real ones, tests pass fakes. */
export interface TerraformDeps extends ActionIo {
  readonly runner: CommandRunner
  readonly artifacts: ArtifactUploader
  /** GITHUB_WORKSPACE, GITHUB_SHA, GITHUB_EVENT_NAME, GITHUB_RUN_ID… */
  readonly env: Readonly<Record<string, string | undefined>>
  /** The triggering event's payload (GITHUB_EVENT_PATH), {} when absent. */
  readEvent(): Promise<unknown>
  /** A file's text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>
  writeText(path: string, text: string): Promise<void>
  /** A file's bytes (the saved plan, a zip); throws when it cannot be read. */
  readBytes(path: string): Promise<Uint8Array>
  /** A fresh private directory for the plan file. */
  makeTempDir(): Promise<string>
  /** Returns the terraform binary to run for `version`. */
  installTerraform(version: string): Promise<string>
  /** `trustedBot`: the login whose comments are ours (the `trusted-bot` input). */
  connectGitHub(token: string, trustedBot: string): Promise<TerraformGitHub>
}
