import { readFile } from 'node:fs/promises'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { actionsIo, actionsLogger, actionsMasker } from '../../shared/adapters/actions-core.js'
import { loadCatalog } from '../../shared/catalog/load-catalog.js'
import { createRegistryClient } from '../../shared/docker/registry-client.js'
import { ConfigError, describeError } from '../../shared/errors.js'
import { systemClock } from '../../shared/ports.js'
import type { ChatopsDeps, RunnerEvent } from './deps.js'

/** The event exactly as the runner wrote it: GITHUB_EVENT_PATH, never an expression in a shell. */
async function readRunnerEvent(env: NodeJS.ProcessEnv): Promise<RunnerEvent> {
  const path = env['GITHUB_EVENT_PATH']
  if (!path)
    throw new ConfigError('GITHUB_EVENT_PATH is not set: chatops runs inside GitHub Actions')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`Cannot read the event at ${path}: ${describeError(error)}`)
  }
  try {
    return { name: env['GITHUB_EVENT_NAME'] ?? '', payload: JSON.parse(text) as unknown }
  } catch (error) {
    throw new ConfigError(`The event at ${path} is not JSON: ${describeError(error)}`)
  }
}

/** The real world: @actions/core, the event file, the catalog on disk, GitHub and the registry. */
export function realDeps(env: NodeJS.ProcessEnv = process.env): ChatopsDeps {
  return {
    ...actionsIo,
    clock: systemClock,
    runner: execRunner,
    env,
    readEvent: () => readRunnerEvent(env),
    loadCatalog,
    // Octokit and its plugins load on the first GitHub call, not at start (#12: start-up ≤ 1.3×
    // the floor action); ncc puts a dynamic import() in its own chunk.
    connectGitHub: async (token, repo, trustedBot) =>
      (await import('./connect-github.js')).connectGitHub(token, repo, {
        env,
        trustedBot,
        log: actionsLogger,
        masker: actionsMasker
      }),
    connectRegistry: (registry, credentials) => createRegistryClient({ registry, credentials })
  }
}
