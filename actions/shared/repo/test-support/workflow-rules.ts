/**
 * The security rules every workflow must keep, as a pure check over parsed YAML: findings are
 * strings naming the file, the job and the rule, so a failing test says exactly what to fix.
 */

export interface ActionMetadata {
  /** Input name → whether it is required without a default. */
  readonly inputs: Readonly<Record<string, { readonly required: boolean }>>
}

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
    return PINNED.test(uses) ? [] : [`${where}: '${uses}' is not pinned by a full commit SHA`]
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

function checkProduction(where: string, job: Json): string[] {
  const findings: string[] = []
  const inProduction = environmentName(job) === 'production'
  if (changesProduction(job) && !inProduction) {
    findings.push(`${where}: changes production but is not in the production environment`)
  }
  if (inProduction) {
    const c = job['concurrency']
    if (!isRecord(c) || c['group'] !== 'production' || c['cancel-in-progress'] !== false) {
      findings.push(
        `${where}: a production job needs concurrency {group: production, cancel-in-progress: false}`
      )
    }
  }
  return findings
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
  for (const [name, job] of Object.entries(workflow['jobs'])) {
    if (isRecord(job)) findings.push(...checkJob(`${file} job ${name}`, job, workflow, options))
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
