import { actionsIo } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { systemClock } from '../../shared/ports.js'
import type { BuildImageDeps } from './main.js'

/** The real adapters; ELM_INFRA_DOCKER picks the docker client (Debian's /usr/bin/docker here). */
export function realDeps(): BuildImageDeps {
  return {
    ...actionsIo,
    runner: execRunner,
    clock: systemClock,
    root: process.env['GITHUB_WORKSPACE'] ?? process.cwd(),
    docker: process.env['ELM_INFRA_DOCKER'] ?? 'docker',
    env: process.env
  }
}
