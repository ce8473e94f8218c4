import { execFileSync } from 'node:child_process'

/**
 * Real-engine tests (Docker, registry, Ansible, Terraform) ask here whether their engine runs.
 * On a laptop without it they are skipped, loudly, with the reason; under CI=true a missing engine
 * is a failure, never a skip.
 */
export interface EngineCheck {
  readonly available: boolean
  readonly reason: string
}

function probe(command: string, args: readonly string[]): EngineCheck {
  try {
    execFileSync(command, [...args], { stdio: 'pipe', timeout: 15_000 })
    return { available: true, reason: '' }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { available: false, reason: `${command} ${args.join(' ')} failed: ${message}` }
  }
}

/** Debian's docker client speaks BuildKit; /usr/local/bin/docker (first on PATH here) has no buildx. */
export const DOCKER = process.env['ELM_INFRA_DOCKER'] ?? '/usr/bin/docker'
export const REGISTRY = process.env['ELM_INFRA_REGISTRY'] ?? '127.0.0.1:5000'

export const engines = {
  docker: (): EngineCheck => probe(DOCKER, ['info']),
  registry: (): EngineCheck => probe('curl', ['-fsS', `http://${REGISTRY}/v2/`]),
  ansible: (): EngineCheck => probe('ansible-playbook', ['--version']),
  terraform: (): EngineCheck => probe('terraform', ['version']),
  rclone: (): EngineCheck => probe('rclone', ['version']),
  nginx: (): EngineCheck => probe('nginx', ['-v'])
}

/**
 * Returns true when the suite should run. Otherwise prints a loud skip notice (laptop) or throws
 * (CI=true), so a CI machine without the engine goes red.
 */
export function requireEngine(name: string, check: EngineCheck): boolean {
  if (check.available) return true
  const message = `${name} is not available here (${check.reason}); its real-engine tests cannot run.`
  if (process.env['CI'] === 'true')
    throw new Error(`${message} Under CI=true this is a failure: .ci/run must start it.`)
  // Straight to stderr: Jest drops the console buffer of a file whose tests are all skipped when
  // it runs several files, which would make this skip silent in `npm test`.
  process.stderr.write(
    `\n*** SKIPPED: ${message} Run bash .ci/run (or start it) to run them. ***\n`
  )
  return false
}
