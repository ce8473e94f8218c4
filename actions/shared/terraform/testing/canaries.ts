/**
 * Plants a unique canary string in every value a plan marks sensitive (resource before/after by
 * their sensitivity structures, outputs by their `sensitive` flags, root variables declared
 * sensitive), so a test can prove no
 * sensitive value reaches anything we write.
 */
export function implantCanaries(plan: unknown): { json: unknown; canaries: string[] } {
  const canaries: string[] = []
  const next = (): string => {
    const canary = `CANARY-${canaries.length}-SECRET`
    canaries.push(canary)
    return canary
  }
  const json = structuredClone(plan) as Record<string, unknown>
  const sensitiveOutputs = new Set<string>()
  for (const holder of [json['planned_values'], prior(json)]) {
    for (const [name, o] of Object.entries(objectAt(holder, 'outputs')))
      if (objectAt(o)['sensitive'] === true) sensitiveOutputs.add(name)
  }
  for (const [name, change] of Object.entries(objectAt(json, 'output_changes'))) {
    const c = objectAt(change)
    if (sensitiveOutputs.has(name) || c['after_sensitive'] === true) c['after'] = next()
    if (sensitiveOutputs.has(name) || c['before_sensitive'] === true) c['before'] = next()
  }
  // Root variables declared sensitive are in clear in `variables` (jsonplan marshalPlanVariables).
  const declared = objectAt(objectAt(json, 'configuration')['root_module'], 'variables')
  for (const [name, v] of Object.entries(objectAt(json, 'variables')))
    if (objectAt(declared[name])['sensitive'] === true) objectAt(v)['value'] = next()
  for (const key of ['resource_changes', 'resource_drift']) {
    const list = json[key]
    if (!Array.isArray(list)) continue
    for (const rc of list) {
      const c = objectAt(rc, 'change')
      c['before'] = plant(c['before'], c['before_sensitive'], next)
      c['after'] = plant(c['after'], c['after_sensitive'], next)
    }
  }
  return { json, canaries }
}

function plant(value: unknown, marker: unknown, next: () => string): unknown {
  if (marker === true) return next()
  if (Array.isArray(marker) && Array.isArray(value))
    return value.map((v, i) => plant(v, marker[i], next))
  if (isObject(marker) && isObject(value)) {
    const out: Record<string, unknown> = { ...value }
    for (const key of Object.keys(marker)) out[key] = plant(value[key], marker[key], next)
    return out
  }
  return value
}

function prior(json: Record<string, unknown>): unknown {
  return objectAt(json, 'prior_state')['values']
}

function objectAt(value: unknown, key?: string): Record<string, unknown> {
  const target = key === undefined ? value : isObject(value) ? value[key] : undefined
  return isObject(target) ? target : {}
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
