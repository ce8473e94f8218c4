import type { CommandRunner } from '../ports.js'
import { UserError } from '../errors.js'
import { describeBuildFailure, formatBuildFailure } from './build-failure.js'
import { RegistryAuthError } from './registry-errors.js'

/**
 * `buildx`: BuildKit through `docker buildx build` with the GitHub Actions cache (GitHub runners,
 * after docker/setup-buildx-action). `docker`: the engine's own BuildKit via `DOCKER_BUILDKIT=1
 * docker build --network host` (this machine: Debian's client, no buildx, no bridge network).
 */
export type BuilderKind = 'buildx' | 'docker'

export interface BuildRequest {
  readonly docker: string
  readonly kind: BuilderKind
  /** Context directory; its Dockerfile is `<context>/Dockerfile`. */
  readonly context: string
  /** Full reference to tag the result with, e.g. ghcr.io/elm/website:content-…. */
  readonly reference: string
  readonly buildArgs: Readonly<Record<string, string>>
  /** Cache scope for type=gha (one per service, so services do not evict each other). */
  readonly cacheScope: string
  /** buildx only: push straight from the builder (the docker-container driver cannot --load cheaply). */
  readonly push: boolean
}

export class BuildError extends UserError {
  override name = 'BuildError'
}

/** The command line for a build, as data (so tests can read it). */
export function buildCommand(request: BuildRequest): {
  command: string
  args: string[]
  env: Record<string, string>
} {
  const common = [
    '--progress=plain',
    '--tag',
    request.reference,
    '--file',
    `${request.context}/Dockerfile`,
    ...Object.entries(request.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`])
  ]
  if (request.kind === 'docker') {
    return {
      command: request.docker,
      args: ['build', '--network', 'host', ...common, request.context],
      env: { DOCKER_BUILDKIT: '1' }
    }
  }
  const scope = `scope=${request.cacheScope}`
  return {
    command: request.docker,
    args: [
      'buildx',
      'build',
      // One platform, one manifest: provenance would turn it into an index with an unknown/unknown entry.
      '--provenance=false',
      '--cache-from',
      `type=gha,${scope}`,
      '--cache-to',
      `type=gha,mode=max,${scope}`,
      request.push ? '--push' : '--load',
      ...common,
      request.context
    ],
    env: {}
  }
}

/** Runs the build; a failure becomes a BuildError naming the step and its last output lines. */
export async function buildImage(runner: CommandRunner, request: BuildRequest): Promise<void> {
  const { command, args, env } = buildCommand(request)
  const result = await runner.run(command, args, { env })
  if (result.exitCode !== 0) {
    const failure = describeBuildFailure(`${result.stdout}\n${result.stderr}`)
    throw new BuildError(formatBuildFailure(request.context, failure))
  }
}

/** `docker push`; a refusal from the registry is an auth error, anything else a plain failure. */
export async function pushImage(
  runner: CommandRunner,
  docker: string,
  reference: string
): Promise<void> {
  const result = await runner.run(docker, ['push', reference])
  if (result.exitCode === 0) return
  const output = `${result.stdout}\n${result.stderr}`.trim()
  if (/denied|unauthorized|authentication required|401|403/i.test(output)) {
    throw new RegistryAuthError(
      `Registry auth failure: pushing ${reference} was refused: ${lastLine(output)}. Check the github-token input (packages: write).`
    )
  }
  throw new UserError(`docker push ${reference} failed: ${lastLine(output)}`)
}

/** `docker login --password-stdin`, so the token never appears in a process list or a log. */
export async function dockerLogin(
  runner: CommandRunner,
  docker: string,
  registry: string,
  username: string,
  password: string
): Promise<void> {
  const result = await runner.run(
    docker,
    ['login', registry, '--username', username, '--password-stdin'],
    {
      input: password
    }
  )
  if (result.exitCode !== 0) {
    throw new RegistryAuthError(
      `Registry auth failure: docker login to ${registry} as '${username}' was refused: ${lastLine(`${result.stdout}\n${result.stderr}`)}. Check the github-token input.`
    )
  }
}

/** The uncompressed size of a local image in bytes, or undefined when docker cannot say. */
export async function localImageSize(
  runner: CommandRunner,
  docker: string,
  reference: string
): Promise<number | undefined> {
  const result = await runner.run(docker, ['image', 'inspect', '--format', '{{.Size}}', reference])
  const size = Number(result.stdout.trim())
  return result.exitCode === 0 && Number.isFinite(size) ? size : undefined
}

/**
 * The GitHub Actions cache needs a BuildKit container builder: the runner's default `docker`
 * driver refuses `--cache-to type=gha`. Without docker/setup-buildx-action in the workflow, this
 * creates one (idempotent: an existing builder of ours is reused).
 */
export async function ensureContainerBuilder(
  runner: CommandRunner,
  docker: string
): Promise<string> {
  const current = await runner.run(docker, ['buildx', 'inspect'])
  const driver = /^Driver:\s*(\S+)/m.exec(current.stdout)?.[1]
  if (current.exitCode === 0 && driver !== undefined && driver !== 'docker') return driver
  const existing = await runner.run(docker, ['buildx', 'use', 'elm-infra'])
  if (existing.exitCode === 0) return 'docker-container'
  const created = await runner.run(docker, [
    'buildx',
    'create',
    '--name',
    'elm-infra',
    '--driver',
    'docker-container',
    '--use'
  ])
  if (created.exitCode !== 0) {
    throw new UserError(
      `docker buildx create failed: ${lastLine(`${created.stdout}\n${created.stderr}`)}`
    )
  }
  return 'docker-container'
}

/** Whether `docker buildx` is there (GitHub runners: yes; Debian's client here: no). */
export async function hasBuildx(runner: CommandRunner, docker: string): Promise<boolean> {
  return (await runner.run(docker, ['buildx', 'version'])).exitCode === 0
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter(l => l.trim() !== '')
      .at(-1) ?? '(no output)'
  )
}
