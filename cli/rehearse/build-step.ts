import { main as buildImages } from '../../actions/build-image/src/main.js'
import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import type { Service } from '../../actions/shared/catalog/catalog.js'
import { inputsFrom } from '../../actions/shared/inputs.js'
import { type Logger, type StepSummary, systemClock } from '../../actions/shared/ports.js'
import { memoryOutputs } from '../terminal.js'

export interface BuildStepOptions {
  readonly build: boolean
  readonly services: readonly Service[]
  readonly root: string
  readonly version: string
  readonly logger: Logger
  readonly summary: StepSummary
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * The build-image step of the rehearsal: with --build and a running Docker engine, the action's own
 * code builds every image locally (no push); otherwise it says why it is skipped and the rehearsal
 * goes on (the simulated cluster never pulls images).
 */
export async function buildStep(o: BuildStepOptions): Promise<void> {
  if (!o.build) {
    o.logger.info('Skipped: pass --build (with a running Docker engine) to build the images first.')
    return
  }
  const docker = o.env['ELM_INFRA_DOCKER'] ?? 'docker'
  const info = await execRunner.run(docker, ['info'])
  if (info.exitCode !== 0) {
    o.logger.warning(
      `No Docker engine answers (\`${docker} info\` exited ${info.exitCode}): skipping the image build and going on.`
    )
    return
  }
  // A Docker CLI without the buildx plugin refuses every BuildKit build ("BuildKit is enabled but
  // the buildx component is missing or broken", what the docker 28 CLI on this machine answers): found by asking
  // for `build --help` the way the build will run, and skipped with a note, as --help promises.
  const probe = await execRunner.run(docker, ['build', '--help'], { env: { DOCKER_BUILDKIT: '1' } })
  if (probe.exitCode !== 0) {
    const why =
      probe.stderr
        .trim()
        .split('\n')[0]
        ?.replace(/^ERROR:\s*/, '') ?? ''
    o.logger.warning(
      `\`${docker} build\` cannot build with BuildKit (${why || `exit ${probe.exitCode}`}): skipping the image build and going on. Install the Docker buildx plugin, or point ELM_INFRA_DOCKER at a client that has BuildKit.`
    )
    return
  }
  const head = await execRunner.run('git', ['rev-parse', 'HEAD'], { cwd: o.root })
  const sha = head.exitCode === 0 ? head.stdout.trim() : '0000000'
  await buildImages({
    inputs: inputsFrom({
      services: o.services.map(s => s.name).join(','),
      sha,
      version: o.version,
      registry: 'ghcr.io',
      push: 'false'
    }),
    logger: o.logger,
    summary: o.summary,
    outputs: memoryOutputs(),
    masker: { mask: () => undefined },
    runner: execRunner,
    clock: systemClock,
    root: o.root,
    docker,
    env: o.env
  })
}
