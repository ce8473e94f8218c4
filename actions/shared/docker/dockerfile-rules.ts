/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  readonly keyword: string
  readonly args: string
  readonly line: number
}

/** Splits a Dockerfile into instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = []
  let buffer = ''
  let start = 0
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (buffer === '' && (line === '' || line.startsWith('#'))) return
    if (buffer !== '' && line.startsWith('#')) return
    if (buffer === '') start = index + 1
    buffer += `${line.endsWith('\\') ? line.slice(0, -1) : line} `
    if (line.endsWith('\\')) return
    const match = /^(\S+)\s*(.*)$/.exec(buffer.trim())
    if (match?.[1] !== undefined)
      out.push({ keyword: match[1].toUpperCase(), args: (match[2] ?? '').trim(), line: start })
    buffer = ''
  })
  return out
}

const PINNED = /@sha256:[0-9a-f]{64}$/

/**
 * The rules every service Dockerfile follows; returns the broken ones (empty = fine). Pure: the
 * test runs it on docker/<name>/Dockerfile for every service in the catalog, with the health path
 * of its Consul check and the port its job maps (`port "http" { to = … }`, 8080 for most).
 */
export function checkServiceDockerfile(text: string, healthPath: string, port = 8080): string[] {
  const all = parseDockerfile(text)
  const problems: string[] = []
  const args = new Map<string, string>()
  const stages: string[] = []
  let finalStage: Instruction[] = []
  for (const ins of all) {
    if (ins.keyword === 'ARG') {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.args)
      if (m?.[1] !== undefined && !args.has(m[1]))
        args.set(m[1], (m[2] ?? '').replace(/^"|"$/g, ''))
    }
    if (ins.keyword === 'FROM') {
      const [image = '', , alias] = ins.args.replace(/--platform=\S+\s+/, '').split(/\s+/)
      const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(image)?.[1]
      const resolved = name === undefined ? image : (args.get(name) ?? '')
      if (!stages.includes(image) && !PINNED.test(resolved)) {
        problems.push(`line ${ins.line}: FROM ${image} is not pinned by digest (image@sha256:…)`)
      }
      if (name === undefined && !stages.includes(image)) {
        problems.push(
          `line ${ins.line}: FROM ${image} must come from a build arg so tests can replace the base`
        )
      }
      if (alias !== undefined) stages.push(alias)
      finalStage = []
    }
    finalStage.push(ins)
  }
  if (all.filter(i => i.keyword === 'FROM').length < 2) problems.push('not multi-stage (one FROM)')
  const user = finalStage.filter(i => i.keyword === 'USER').at(-1)?.args
  if (user === undefined || /^(root|0)(:|$)/.test(user))
    problems.push('the final stage does not switch to a non-root USER')
  const labels = finalStage
    .filter(i => i.keyword === 'LABEL')
    .map(i => i.args)
    .join(' ')
  for (const key of ['source', 'revision', 'version']) {
    if (!labels.includes(`org.opencontainers.image.${key}=`))
      problems.push(`missing LABEL org.opencontainers.image.${key}`)
  }
  const env = finalStage
    .filter(i => i.keyword === 'ENV')
    .map(i => i.args)
    .join(' ')
  if (!new RegExp(`\\bPORT=${port}\\b`).test(env)) problems.push(`missing ENV PORT=${port}`)
  if (!finalStage.some(i => i.keyword === 'EXPOSE' && i.args.split(/\s+/).includes(String(port))))
    problems.push(`missing EXPOSE ${port}`)
  const health = finalStage.find(i => i.keyword === 'HEALTHCHECK')
  if (health === undefined || !health.args.includes(healthPath) || !health.args.includes('PORT')) {
    problems.push(`missing HEALTHCHECK on ${healthPath} at $PORT`)
  }
  if (!args.has('SOURCE_REF') || (args.get('SOURCE_REF') ?? '') === '')
    problems.push('missing ARG SOURCE_REF with a pinned default')
  return problems
}
