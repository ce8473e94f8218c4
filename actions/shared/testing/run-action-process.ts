import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, so tests run `actions/<name>/dist/index.js` whatever their cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface ActionProcessOptions {
  /** Action inputs by their action.yml names; become `INPUT_<NAME>` as the runner does. */
  readonly inputs?: Readonly<Record<string, string>>
  /** Extra environment (e.g. GITHUB_API_URL of the double, GITHUB_TOKEN). */
  readonly env?: Readonly<Record<string, string>>
  /** Written to GITHUB_EVENT_PATH as JSON. */
  readonly eventPayload?: unknown
  readonly cwd?: string
  /** SIGKILL after this long (default 60 s); the result then has signal 'SIGKILL'. */
  readonly timeoutMs?: number
  /** Sends SIGTERM after this long, as a cancelled workflow does. */
  readonly signalAfterMs?: number
}

export interface ActionProcessResult {
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
}

/** The environment variable @actions/core reads for input `name`. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT file: `name<<DELIM … DELIM` heredocs and legacy `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing delimiter for '${name}'.`)
      outputs[name] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      outputs[line.slice(0, at)] = line.slice(at + 1)
    } else if (line.trim() !== '') {
      throw new Error(`GITHUB_OUTPUT: unparseable line ${JSON.stringify(line)}.`)
    }
  }
  return outputs
}

/** The parent's environment minus anything a runner sets, so a test never writes CI's own files. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|STATE_)/.test(key)) continue
    if (key === 'NODE_OPTIONS' || key.startsWith('JEST_')) continue
    env[key] = value
  }
  return env
}

/** Runs `node actions/<name>/dist/index.js` as the runner would and collects what it reported. */
export async function runActionProcess(
  actionName: string,
  options: ActionProcessOptions = {}
): Promise<ActionProcessResult> {
  const dir = await mkdtemp(join(tmpdir(), `action-${actionName}-`))
  try {
    const files = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_STATE: join(dir, 'state'),
      GITHUB_ENV: join(dir, 'env'),
      GITHUB_PATH: join(dir, 'path')
    }
    await Promise.all(Object.values(files).map(file => writeFile(file, '')))
    await writeFile(files.GITHUB_EVENT_PATH, JSON.stringify(options.eventPayload ?? {}))
    const inputs = Object.entries(options.inputs ?? {}).map(([k, v]) => [inputEnvName(k), v])
    const env = {
      ...baseEnv(),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_REPOSITORY: 'elm/elm-infra',
      GITHUB_REPOSITORY_OWNER: 'elm',
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_WORKSPACE: options.cwd ?? REPO_ROOT,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_SHA: '0000000000000000000000000000000000000000',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_ACTOR: 'elm-infra-test',
      RUNNER_TEMP: dir,
      ...files,
      ...Object.fromEntries(inputs),
      ...options.env
    }
    const script = join(REPO_ROOT, 'actions', actionName, 'dist', 'index.js')
    const run = await spawnNode(script, env, options)
    return {
      ...run,
      outputs: parseOutputFile(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  options: ActionProcessOptions
): Promise<Pick<ActionProcessResult, 'exitCode' | 'signal' | 'stdout' | 'stderr'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timers = [setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)]
    if (options.signalAfterMs !== undefined) {
      timers.push(setTimeout(() => child.kill('SIGTERM'), options.signalAfterMs))
    }
    child.on('error', error => {
      timers.forEach(clearTimeout)
      reject(error)
    })
    child.on('close', (exitCode, signal) => {
      timers.forEach(clearTimeout)
      resolve({ exitCode, signal, stdout, stderr })
    })
  })
}
