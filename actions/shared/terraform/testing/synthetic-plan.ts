/**
 * A large, realistic plan for tests and benchmarks: `count` terraform_data resources spread over
 * every action, with unknown and sensitive values, drift and outputs. Returns the JSON object
 * `terraform show -json` would print, and a human plan of similar size.
 */
export function syntheticPlan(count: number): { json: unknown; human: string } {
  const actions = [['create'], ['update'], ['delete', 'create'], ['delete'], ['no-op'], ['read']]
  const resourceChanges = Array.from({ length: count }, (_, i) => {
    const a = actions[i % actions.length] ?? ['create']
    const mode = a[0] === 'read' ? 'data' : 'managed'
    return {
      address: `${mode === 'data' ? 'data.' : ''}terraform_data.node["server-${i}"]`,
      mode,
      type: 'terraform_data',
      name: 'node',
      index: `server-${i}`,
      change: {
        actions: a,
        before: a[0] === 'create' ? null : { id: `id-${i}`, input: `old-${i}`, secret: `s${i}` },
        after: a[0] === 'delete' && a.length === 1 ? null : { input: `new-${i}`, secret: `s${i}x` },
        after_unknown: { id: true, output: true },
        before_sensitive: { secret: true },
        after_sensitive: { secret: true }
      },
      ...(a.length === 2 ? { action_reason: 'replace_because_cannot_update' } : {})
    }
  })
  const json = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_changes: resourceChanges,
    resource_drift: resourceChanges.slice(0, Math.ceil(count / 100)).map(rc => ({
      ...rc,
      change: { ...rc.change, actions: ['update'] }
    })),
    output_changes: {
      ips: { actions: ['update'], before: ['10.0.0.1'], after: ['10.0.0.2'], after_unknown: false },
      token: { actions: ['create'], before: null, after: 'tok', after_sensitive: true }
    },
    errored: false
  }
  const human = resourceChanges
    .map(
      rc =>
        `  # ${rc.address} will be changed\n  ~ resource "terraform_data" "node" {\n      ~ input = "old" -> "new"\n        id    = "x"\n    }\n`
    )
    .join('\n')
  return { json, human: `${human}\nPlan: many to add, some to change, a few to destroy.\n` }
}
