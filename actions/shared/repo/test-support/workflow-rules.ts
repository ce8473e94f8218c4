/**
 * The security rules every workflow must keep, as a pure check over parsed YAML: findings are
 * strings naming the file, the job and the rule, so a failing test says exactly what to fix.
 */

export interface ActionMetadata {
  /** Input name → whether it is required without a default. */
  readonly inputs: Readonly<Record<string, { readonly required: boolean }>>
}

/**
 * The only external actions a workflow may use: each pinned to the commit of a node24 release
 * (read from the tags of the upstream repositories: `git rev-list -n1 <tag>`, and `runs.using:
 * node24` in that tag's action.yml). GitHub runs node20 actions on Node 24 since 2026 and removes
 * node20; Dependabot (.github/dependabot.yml) proposes the next pins.
 */
export const NODE24_PINS: Readonly<Record<string, { readonly sha: string; readonly tag: string }>> =
  {
    'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
    'actions/setup-node': { sha: '820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' },
    'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', tag: 'v7.0.0' },
    'actions/download-artifact': { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', tag: 'v8.0.1' },
    // docker/setup-buildx-action and docker/build-push-action: `runs.using: 'node24'` in action.yml
    // at these tags (read from the upstream repositories' tags).
    'docker/setup-buildx-action': {
      sha: '37fe631027851001ddb9b187196cc803df7f5f0e',
      tag: 'v4.3.0'
    },
    'docker/build-push-action': { sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', tag: 'v7.3.0' }
  }

/** Secrets a job running pull-request code may hold: read-only ones, by name. */
const READ_ONLY_SECRET = /^[A-Z0-9_]*_READ_[A-Z0-9_]+$/
/**
 * Secrets that are not credentials (they can change nothing) and so may have one name in a PR
 * environment and in production: the HMAC key of the reviewed-plan record, which plan and apply
 * must share (actions/terraform `plan-record-key`).
 */
export const SHARED_NOT_CREDENTIALS: readonly string[] = ['TF_PLAN_RECORD_KEY']
/** Environments restricted to main (Settings → Environments → Deployment branches: main). */
const MAIN_ONLY_ENVIRONMENTS = ['production', 'drift']
/** Token permissions a job running pull-request code may have with write access. */
const PR_WRITABLE = ['pull-requests', 'issues']

export interface RuleOptions {
  /** Strict: each job declares its own permissions, and no `run:` holds any `${{ }}` at all. */
  readonly strictPermissions: boolean
  /** Our actions by folder name (`./actions/<name>`); absent → the action does not exist. */
  readonly actions: Readonly<Record<string, ActionMetadata>>
}

type Json = Record<string, unknown>

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/
const LOCAL = /^\.\/actions\/([a-z0-9-]+)$/
/** Expressions that carry text someone outside the team can choose. */
const USER_TEXT =
  /\$\{\{[^}]*\b(github\.event|github\.head_ref|inputs\.|needs\.[^}]*\.outputs|steps\.[^}]*\.outputs)/
/** Actions that change production: their jobs must be in the production environment. */
const PRODUCTION_USES: ReadonlyArray<readonly [string, string | undefined, string | undefined]> = [
  ['nomad-deploy', undefined, undefined],
  ['terraform', 'command', 'apply'],
  ['ansible', 'mode', 'apply']
]

function steps(job: Json): Json[] {
  return Array.isArray(job['steps']) ? job['steps'].filter(isRecord) : []
}

function environmentName(job: Json): string | undefined {
  const env = job['environment']
  if (typeof env === 'string') return env
  return isRecord(env) && typeof env['name'] === 'string' ? env['name'] : undefined
}

function checkUses(where: string, step: Json, options: RuleOptions): string[] {
  const uses = step['uses']
  if (typeof uses !== 'string') return []
  const local = LOCAL.exec(uses)
  if (local === null) {
    if (!PINNED.test(uses)) return [`${where}: '${uses}' is not pinned by a full commit SHA`]
    const [name = '', sha = ''] = uses.split('@')
    const pin = NODE24_PINS[name]
    if (pin === undefined) return [`${where}: '${name}' is not an allowed action (NODE24_PINS)`]
    return pin.sha === sha
      ? []
      : [`${where}: '${uses}' is not the node24 release ${name}@${pin.sha} (${pin.tag})`]
  }
  const name = local[1] ?? ''
  const meta = options.actions[name]
  if (meta === undefined) return [`${where}: ${uses} has no action.yml`]
  const given = isRecord(step['with']) ? Object.keys(step['with']) : []
  return [
    ...given
      .filter(input => meta.inputs[input] === undefined)
      .map(input => `${where}: ${uses} has no input '${input}'`),
    ...Object.entries(meta.inputs)
      .filter(([input, spec]) => spec.required && !given.includes(input))
      .map(([input]) => `${where}: ${uses} needs its required input '${input}'`)
  ]
}

function changesProduction(job: Json): boolean {
  return steps(job).some(step => {
    const local = LOCAL.exec(String(step['uses'] ?? ''))
    const withs = isRecord(step['with']) ? step['with'] : {}
    return PRODUCTION_USES.some(
      ([name, key, value]) =>
        local?.[1] === name && (key === undefined || String(withs[key] ?? '') === value)
    )
  })
}

function changesProductionLoosely(job: Json): boolean {
  // A `command`/`mode` chosen by an expression may be the production one.
  return (
    changesProduction(job) ||
    steps(job).some(step => {
      const local = LOCAL.exec(String(step['uses'] ?? ''))
      const withs = isRecord(step['with']) ? step['with'] : {}
      return (
        (local?.[1] === 'terraform' && String(withs['command'] ?? '').includes('${{')) ||
        (local?.[1] === 'ansible' && String(withs['mode'] ?? '').includes('${{'))
      )
    })
  )
}

function checkProduction(where: string, job: Json): string[] {
  const findings: string[] = []
  const inProduction = environmentName(job) === 'production'
  if (changesProductionLoosely(job) && !inProduction) {
    findings.push(`${where}: changes production but is not in the production environment`)
  }
  if (inProduction) {
    const c = job['concurrency']
    if (
      !isRecord(c) ||
      c['group'] !== 'production' ||
      c['cancel-in-progress'] !== false ||
      c['queue'] !== 'max'
    ) {
      // One queue: without `queue: max` a newer pending job cancels the older pending one
      // (GitHub changelog 2026-05-07, "concurrency groups now allow larger queues").
      findings.push(
        `${where}: a production job needs concurrency {group: production, cancel-in-progress: false, queue: max}`
      )
    }
  }
  return findings
}

/** Every secret a job names (`secrets.NAME`), GITHUB_TOKEN aside. */
export function secretsOf(job: Json): string[] {
  const names = [...JSON.stringify(job).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map(m => m[1] ?? '')
  return [...new Set(names)].filter(n => n !== 'GITHUB_TOKEN')
}

/** Triggers under which the job runs code (workflow file, actions, scripts) from a pull request. */
export function runsPullRequestCode(workflow: Json): boolean {
  const on = workflow['on']
  const triggers =
    typeof on === 'string'
      ? [on]
      : Array.isArray(on)
        ? on.map(String)
        : isRecord(on)
          ? Object.keys(on)
          : []
  return triggers.some(
    t => t === 'pull_request' || t === 'pull_request_target' || t === 'workflow_run'
  )
}

/**
 * Pull-request code can never reach a production credential: it may name only *_READ_* secrets,
 * never enter an environment restricted to main, and its token writes only comments.
 */
function checkPullRequestCode(where: string, job: Json): string[] {
  const findings: string[] = []
  for (const name of secretsOf(job)) {
    if (!READ_ONLY_SECRET.test(name) && !SHARED_NOT_CREDENTIALS.includes(name)) {
      findings.push(
        `${where}: runs pull-request code but names secret ${name} (only *_READ_* secrets)`
      )
    }
  }
  const env = environmentName(job)
  if (env !== undefined && MAIN_ONLY_ENVIRONMENTS.includes(env)) {
    findings.push(`${where}: runs pull-request code in the ${env} environment`)
  }
  const permissions = job['permissions']
  const writes =
    permissions === 'write-all'
      ? ['write-all']
      : isRecord(permissions)
        ? Object.entries(permissions)
            .filter(([scope, level]) => level === 'write' && !PR_WRITABLE.includes(scope))
            .map(([scope]) => scope)
        : []
  if (writes.length > 0) {
    findings.push(`${where}: runs pull-request code with write access to ${writes.join(', ')}`)
  }
  return findings
}

/** Production secrets (not *_READ_*) live only in production jobs. */
function checkSecretPlacement(where: string, job: Json): string[] {
  const production = secretsOf(job).filter(
    n => !READ_ONLY_SECRET.test(n) && !SHARED_NOT_CREDENTIALS.includes(n)
  )
  if (production.length > 0 && environmentName(job) !== 'production') {
    return [`${where}: names production secret(s) ${production.join(', ')} outside production`]
  }
  return []
}

/** No package installs or npx beside secrets: a compromised dependency would run with them. */
function checkInstallsBesideSecrets(where: string, job: Json): string[] {
  if (secretsOf(job).length === 0) return []
  return steps(job).flatMap((step, i) => {
    const run = step['run']
    const uses = String(step['uses'] ?? '')
    if (typeof run === 'string' && /\b(npm|npx|yarn|pnpm)\b/.test(run)) {
      return [`${where} step ${i + 1}: runs npm beside secrets`]
    }
    if (uses.startsWith('actions/setup-node@')) {
      return [`${where} step ${i + 1}: sets up Node (and its package cache) beside secrets`]
    }
    return []
  })
}

function checkJob(where: string, job: Json, workflow: Json, options: RuleOptions): string[] {
  const findings: string[] = []
  if (!('permissions' in job) && (options.strictPermissions || !('permissions' in workflow))) {
    findings.push(`${where}: no explicit permissions`)
  }
  if (JSON.stringify(job).includes('secrets.') && environmentName(job) === undefined) {
    findings.push(`${where}: uses secrets outside an environment`)
  }
  findings.push(...checkProduction(where, job))
  findings.push(...checkSecretPlacement(where, job))
  findings.push(...checkInstallsBesideSecrets(where, job))
  if (runsPullRequestCode(workflow)) findings.push(...checkPullRequestCode(where, job))
  if ('secrets' in job)
    findings.push(`${where}: passes secrets on (secrets: ${String(job['secrets'])})`)
  steps(job).forEach((step, i) => {
    const at = `${where} step ${i + 1}`
    findings.push(...checkUses(at, step, options))
    const run = step['run']
    if (options.strictPermissions && typeof run === 'string' && run.includes('${{')) {
      findings.push(`${at}: run: holds an expression; pass values through env:`)
    } else if (typeof run === 'string' && USER_TEXT.test(run)) {
      findings.push(
        `${at}: run: expands user-controlled text (${USER_TEXT.exec(run)?.[0]}…); pass it through env:`
      )
    }
  })
  return findings
}

/** Every broken rule in one parsed workflow. */
export function checkWorkflow(file: string, workflow: unknown, options: RuleOptions): string[] {
  if (!isRecord(workflow) || !isRecord(workflow['jobs'])) return [`${file}: no jobs`]
  const findings: string[] = []
  if (options.strictPermissions && !isRecord(workflow['permissions'])) {
    findings.push(`${file}: the workflow should default to 'permissions: {}'`)
  }
  const on = workflow['on']
  if (JSON.stringify(on ?? '').includes('pull_request_target')) {
    findings.push(`${file}: pull_request_target runs with the base's secrets; use pull_request`)
  }
  const jobs = workflow['jobs'] as Record<string, unknown>
  for (const [name, job] of Object.entries(jobs)) {
    if (isRecord(job)) findings.push(...checkJob(`${file} job ${name}`, job, workflow, options))
  }
  findings.push(...checkDispatchFromMain(file, workflow))
  findings.push(...checkPinnedImages(file, workflow))
  return findings
}

function needsOf(job: Json): string[] {
  const needs = job['needs']
  return typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs.map(String) : []
}

/** The job's `if`, and the `if`s of every job it needs, transitively. */
function guards(jobs: Record<string, unknown>, name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return []
  seen.add(name)
  const job = jobs[name]
  if (!isRecord(job)) return []
  return [String(job['if'] ?? ''), ...needsOf(job).flatMap(n => guards(jobs, n, seen))]
}

/**
 * A manual run can start from any branch: every production job of a dispatchable workflow must be
 * guarded (itself or through what it needs) by the ref being main, or by the event being a push
 * (whose trigger lists main only).
 */
function checkDispatchFromMain(file: string, workflow: Json): string[] {
  const on = workflow['on']
  const triggers = isRecord(on)
    ? Object.keys(on)
    : Array.isArray(on)
      ? on.map(String)
      : [String(on)]
  if (!triggers.includes('workflow_dispatch')) return []
  const jobs = workflow['jobs'] as Record<string, unknown>
  return Object.entries(jobs).flatMap(([name, job]) => {
    if (!isRecord(job) || environmentName(job) !== 'production') return []
    const all = guards(jobs, name).join(' ')
    const ok =
      all.includes("github.ref == 'refs/heads/main'") || all.includes("github.event_name == 'push'")
    return ok
      ? []
      : [`${file} job ${name}: a production job that a manual run from any branch reaches`]
  })
}

/**
 * The image nomad-deploy runs is checked and pinned by a job without secrets: it comes from
 * another job's outputs (directly or through the matrix), and that job names no secret.
 */
function checkPinnedImages(file: string, workflow: Json): string[] {
  const jobs = workflow['jobs'] as Record<string, unknown>
  const findings: string[] = []
  for (const [name, job] of Object.entries(jobs)) {
    if (!isRecord(job)) continue
    for (const step of steps(job)) {
      if (LOCAL.exec(String(step['uses'] ?? ''))?.[1] !== 'nomad-deploy') continue
      let image = String((isRecord(step['with']) ? step['with'] : {})['image'] ?? '')
      if (/\bmatrix\./.test(image)) image = JSON.stringify(job['strategy'] ?? '')
      const source = /needs\.([A-Za-z0-9_-]+)\.outputs/.exec(image)?.[1]
      const from = source === undefined ? undefined : jobs[source]
      if (!isRecord(from)) {
        findings.push(
          `${file} job ${name}: nomad-deploy's image does not come from a job's outputs`
        )
      } else if (secretsOf(from).length > 0) {
        findings.push(`${file} job ${name}: its image is resolved in ${source}, a job with secrets`)
      }
    }
  }
  return findings
}

/** Reads an action.yml's inputs into metadata. */
export function readActionMetadata(parsed: unknown): ActionMetadata {
  const inputs = isRecord(parsed) && isRecord(parsed['inputs']) ? parsed['inputs'] : {}
  return {
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([name, spec]) => [
        name,
        { required: isRecord(spec) && spec['required'] === true && spec['default'] === undefined }
      ])
    )
  }
}
