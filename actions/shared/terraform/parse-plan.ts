import { UserError } from '../errors.js'
import type { Change, JsonValue, Plan, PlanVariable, ResourceChange } from './plan-types.js'

/** A file that is not a Terraform JSON plan; the message is one line naming the file. */
export class PlanFormatError extends UserError {
  override name = 'PlanFormatError'
}

/** The actions Terraform's JSON plan format can hold (format 0.x and 1.x). */
const KNOWN_ACTIONS = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget'])

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses the text of `terraform show -json` output; errors name `source` and the position. */
export function parsePlanText(text: string, source: string): Plan {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const at = /position (\d+)/.exec(message)
    const where = at ? ` at ${lineAndColumn(text, Number(at[1]))}` : ''
    throw new PlanFormatError(`${source}: not valid JSON${where} (${message})`)
  }
  return parsePlan(value, source)
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n')
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`
}

/** The boundary parser: `unknown` → Plan, or a PlanFormatError saying what is wrong. */
export function parsePlan(value: unknown, source = 'plan JSON'): Plan {
  const fail = (what: string): never => {
    throw new PlanFormatError(`${source}: not a Terraform JSON plan: ${what}`)
  }
  if (!isObject(value)) return fail(`expected a JSON object, got ${describe(value)}`)
  const version = value['format_version']
  if (typeof version !== 'string') return fail('"format_version" is missing')
  const major = /^(\d+)\.\d+/.exec(version)?.[1]
  if (major !== '0' && major !== '1')
    return fail(`"format_version" is "${version}"; elm-infra reads format 0.x and 1.x`)
  if (!isObject(value['planned_values']))
    return fail('"planned_values" is missing (is this a state file, not a saved plan?)')
  const changes = (key: string): ResourceChange[] =>
    arrayOf(value[key], key, fail).map((item, i) => parseResourceChange(item, `${key}[${i}]`, fail))
  const outputs = value['output_changes'] ?? {}
  if (!isObject(outputs)) return fail(`"output_changes" is ${describe(outputs)}, not an object`)
  const sensitive = sensitiveOutputs(value)
  const actionInvocations = value['action_invocations'] ?? []
  return {
    formatVersion: version,
    terraformVersion: optionalString(value['terraform_version']),
    resourceChanges: changes('resource_changes'),
    resourceDrift: changes('resource_drift'),
    outputChanges: new Map(
      Object.entries(outputs).map(([name, c]) => {
        const change = parseChange(c, `output_changes.${name}`, fail)
        // Format 0.x output changes carry no sensitivity; the output declarations do.
        return [
          name,
          sensitive.has(name) ? { ...change, beforeSensitive: true, afterSensitive: true } : change
        ]
      })
    ),
    actionInvocations: Array.isArray(actionInvocations) ? actionInvocations.length : 0,
    errored: value['errored'] === true,
    timestamp: optionalString(value['timestamp']),
    variables: planVariables(value)
  }
}

/**
 * `variables.<name>.value` (jsonplan marshalPlanVariables writes every value, sensitive ones in
 * clear), marked sensitive when `configuration.root_module.variables.<name>.sensitive` says so.
 */
function planVariables(plan: Json): Map<string, PlanVariable> {
  const config = isObject(plan['configuration']) ? plan['configuration']['root_module'] : undefined
  const declared = isObject(config) ? config['variables'] : undefined
  const values = plan['variables']
  const out = new Map<string, PlanVariable>()
  if (!isObject(values)) return out
  for (const [name, v] of Object.entries(values)) {
    const decl = isObject(declared) ? declared[name] : undefined
    out.set(name, {
      value: isObject(v) ? json(v['value']) : null,
      sensitive: isObject(decl) && decl['sensitive'] === true
    })
  }
  return out
}

/** Outputs declared or recorded as sensitive anywhere in the plan (config, planned, prior). */
function sensitiveOutputs(plan: Json): Set<string> {
  const names = new Set<string>()
  const prior = isObject(plan['prior_state']) ? plan['prior_state']['values'] : undefined
  const config = isObject(plan['configuration']) ? plan['configuration']['root_module'] : undefined
  for (const holder of [plan['planned_values'], prior, config]) {
    const outputs = isObject(holder) ? holder['outputs'] : undefined
    if (!isObject(outputs)) continue
    for (const [name, output] of Object.entries(outputs)) {
      if (isObject(output) && output['sensitive'] === true) names.add(name)
    }
  }
  return names
}

function arrayOf(value: unknown, key: string, fail: (what: string) => never): unknown[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return fail(`"${key}" is ${describe(value)}, not an array`)
  return value
}

function parseResourceChange(
  item: unknown,
  where: string,
  fail: (what: string) => never
): ResourceChange {
  if (!isObject(item)) return fail(`${where} is ${describe(item)}, not an object`)
  const address = item['address']
  if (typeof address !== 'string' || address === '') return fail(`${where} has no "address"`)
  const mode = item['mode']
  if (mode !== 'managed' && mode !== 'data')
    return fail(`${address}: "mode" is ${describe(mode)}, expected "managed" or "data"`)
  return {
    address,
    previousAddress: optionalString(item['previous_address']),
    mode,
    type: typeof item['type'] === 'string' ? item['type'] : '',
    deposed: optionalString(item['deposed']),
    actionReason: optionalString(item['action_reason']),
    change: parseChange(item['change'], address, fail)
  }
}

function parseChange(value: unknown, where: string, fail: (what: string) => never): Change {
  if (!isObject(value)) return fail(`${where}: "change" is ${describe(value)}, not an object`)
  const actions = value['actions']
  if (!Array.isArray(actions) || actions.length === 0)
    return fail(`${where}: "actions" is ${describe(actions)}, expected a list of actions`)
  for (const action of actions) {
    if (typeof action !== 'string' || !KNOWN_ACTIONS.has(action))
      return fail(`${where}: unknown action ${JSON.stringify(action)}`)
  }
  return {
    actions: actions as string[],
    before: json(value['before']),
    after: json(value['after']),
    afterUnknown: json(value['after_unknown']),
    beforeSensitive: json(value['before_sensitive']),
    afterSensitive: json(value['after_sensitive']),
    importing: isObject(value['importing'])
  }
}

/** JSON.parse only yields JSON values, so this only turns `undefined` (absent) into null. */
function json(value: unknown): JsonValue {
  return value === undefined ? null : (value as JsonValue)
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
