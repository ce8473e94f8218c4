import {
  type Convert,
  type Loose,
  blocks,
  duration,
  first,
  labelled,
  mapFields,
  stringMap
} from './hcl-fields.js'

/** Converters for the job-file blocks below a task group: constraint, spread, update, service, … */

export function constraints(value: unknown): Loose[] {
  return blocks(value).map(c => {
    if (c.distinct_hosts !== undefined)
      return { LTarget: '', RTarget: String(c.distinct_hosts), Operand: 'distinct_hosts' }
    if (c.distinct_property !== undefined)
      return {
        LTarget: c.distinct_property,
        RTarget: String(c.value ?? ''),
        Operand: 'distinct_property'
      }
    return {
      LTarget: c.attribute ?? '',
      RTarget: c.value === undefined ? '' : String(c.value),
      Operand: c.operator ?? '='
    }
  })
}

export function spreads(value: unknown): Loose[] {
  return blocks(value).map(s => ({
    Attribute: s.attribute ?? '',
    Weight: s.weight ?? 50,
    SpreadTarget: labelled(s.target).map(([label, t]) => ({
      Value: label,
      Percent: t.percent ?? 0
    }))
  }))
}

export const UPDATE: Record<string, [string, Convert?]> = {
  max_parallel: ['MaxParallel'],
  health_check: ['HealthCheck'],
  min_healthy_time: ['MinHealthyTime', duration],
  healthy_deadline: ['HealthyDeadline', duration],
  progress_deadline: ['ProgressDeadline', duration],
  auto_revert: ['AutoRevert'],
  auto_promote: ['AutoPromote'],
  canary: ['Canary'],
  stagger: ['Stagger', duration]
}

export const update: Convert = v => mapFields(first(v), UPDATE)

export const checks: Convert = v =>
  blocks(v).map(c =>
    mapFields(c, {
      port: ['PortLabel'],
      interval: ['Interval', duration],
      timeout: ['Timeout', duration],
      header: ['Header', h => first(h)],
      on_update: ['OnUpdate']
    })
  )

export const services: Convert = v =>
  blocks(v).map(s =>
    mapFields(s, {
      port: ['PortLabel'],
      tags: ['Tags'],
      canary_tags: ['CanaryTags'],
      meta: ['Meta', stringMap],
      canary_meta: ['CanaryMeta', stringMap],
      check: ['Checks', checks]
    })
  )

export const networks: Convert = v =>
  blocks(v).map(n => {
    const ports = labelled(n.port)
    const port = ([label, p]: [string, Loose]): Loose => ({
      Label: label,
      Value: p.static ?? 0,
      To: p.to ?? 0,
      HostNetwork: p.host_network ?? 'default'
    })
    const { port: _port, ...rest } = n
    return {
      ...mapFields(rest, { mode: ['Mode'] }),
      DynamicPorts: ports.filter(([, p]) => p.static === undefined).map(port),
      ReservedPorts: ports.filter(([, p]) => p.static !== undefined).map(port)
    }
  })

export const policy: Convert = v =>
  mapFields(first(v), {
    interval: ['Interval', duration],
    delay: ['Delay', duration],
    max_delay: ['MaxDelay', duration],
    delay_function: ['DelayFunction']
  })

export const templates: Convert = v =>
  blocks(v).map(t =>
    mapFields(t, {
      data: ['EmbeddedTmpl'],
      destination: ['DestPath'],
      source: ['SourcePath'],
      change_mode: ['ChangeMode'],
      env: ['Envvars'],
      splay: ['Splay', duration]
    })
  )
