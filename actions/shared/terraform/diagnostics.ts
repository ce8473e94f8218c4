/** One error or warning Terraform printed, with where it points when it says. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning'
  readonly summary: string
  readonly detail: string
  readonly file?: string
  readonly line?: number
}

/**
 * Reads Terraform's human diagnostics (`Error: …` / `Warning: …` blocks, with or without the
 * `│` frame) from its output. Anything that is not a diagnostic is ignored.
 */
export function parseDiagnostics(output: string): Diagnostic[] {
  const lines = output.split('\n').map(l => l.replace(/^[│╷╵]\s?/, '').trimEnd())
  const found: Diagnostic[] = []
  let current: { severity: 'error' | 'warning'; summary: string; body: string[] } | undefined
  const flush = (): void => {
    if (current) found.push(toDiagnostic(current.severity, current.summary, current.body))
    current = undefined
  }
  for (const line of lines) {
    const head = /^(Error|Warning): (.*)$/.exec(line)
    if (head) {
      flush()
      current = {
        severity: head[1] === 'Error' ? 'error' : 'warning',
        summary: head[2] ?? '',
        body: []
      }
    } else if (current) {
      current.body.push(line)
    }
  }
  flush()
  return found
}

function toDiagnostic(severity: 'error' | 'warning', summary: string, body: string[]): Diagnostic {
  const where = body.map(l => /^\s*on (\S+) line (\d+)/.exec(l)).find(m => m !== null)
  const detail = body
    .filter(l => !/^\s*on \S+ line \d+/.test(l) && !/^\s*\d+: /.test(l))
    .join('\n')
    .trim()
  return {
    severity,
    summary: summary.trim(),
    detail,
    ...(where ? { file: where[1], line: Number(where[2]) } : {})
  }
}

/** `terraform validate -json` diagnostics, read defensively (unknown → no diagnostics). */
export function parseValidateJson(text: string): Diagnostic[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return []
  }
  const list = (value as { diagnostics?: unknown }).diagnostics
  if (!Array.isArray(list)) return []
  return list.flatMap((d: unknown): Diagnostic[] => {
    if (typeof d !== 'object' || d === null) return []
    const r = d as Record<string, unknown>
    const range = (r['range'] ?? {}) as { filename?: unknown; start?: { line?: unknown } }
    return [
      {
        severity: r['severity'] === 'warning' ? 'warning' : 'error',
        summary: String(r['summary'] ?? ''),
        detail: String(r['detail'] ?? ''),
        ...(typeof range.filename === 'string' ? { file: range.filename } : {}),
        ...(typeof range.start?.line === 'number' ? { line: range.start.line } : {})
      }
    ]
  })
}
