import { parseGoDuration } from './durations.js'
import { nomadErrors } from './errors.js'
import { canonicalKeys } from './request-keys.js'

/** The query parameters every Nomad endpoint understands, validated like `parse` in http.go. */
export interface QueryOptions {
  readonly namespace: string
  readonly region?: string
  /** Blocking-query index (0 = answer at once). */
  readonly index: number
  /** Blocking-query wait in ms, if given. */
  readonly waitMs?: number
  readonly pretty: boolean
  readonly params: URLSearchParams
}

/** Reads and validates `namespace`, `region`, `index`, `wait`, `stale`, `pretty`. */
export function parseQuery(params: URLSearchParams): QueryOptions {
  const stale = params.get('stale')
  if (stale !== null && !['', 'true', 'false'].includes(stale)) {
    throw nomadErrors.badRequest('Expect `true` or `false` for `stale` query string parameter')
  }
  const rawIndex = params.get('index')
  let index = 0
  if (rawIndex !== null && rawIndex !== '') {
    if (!/^\d+$/.test(rawIndex)) throw nomadErrors.badRequest('Invalid index')
    index = Number(rawIndex)
  }
  const rawWait = params.get('wait')
  let waitMs: number | undefined
  if (rawWait !== null && rawWait !== '') {
    const ns = parseGoDuration(rawWait)
    if (ns === undefined || ns < 0) throw nomadErrors.badRequest('Invalid wait time')
    waitMs = ns / 1e6
  }
  const region = params.get('region')
  return {
    namespace: params.get('namespace') || 'default',
    ...(region ? { region } : {}),
    index,
    ...(waitMs === undefined ? {} : { waitMs }),
    pretty: params.has('pretty'),
    params
  }
}

function goJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const token = /Unexpected token '(.)'/.exec(message)?.[1]
  const position = /position (\d+)/.exec(message)?.[1]
  const ch = token ?? (position === undefined ? undefined : text[Number(position)])
  if (ch === undefined || /end of JSON|Unterminated/.test(message))
    return 'unexpected end of JSON input'
  return `invalid character '${ch}' looking for beginning of value`
}

/** Decodes a JSON body as Go does: case-insensitive field names; empty → 400 `Request body is empty`. */
export function decodeBody(text: string, required: boolean): Record<string, unknown> {
  if (text.length === 0) {
    if (required) throw nomadErrors.badRequest('Request body is empty')
    return {}
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw nomadErrors.badRequest(goJsonError(text, error))
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw nomadErrors.badRequest('json: cannot unmarshal into Go value of type struct')
  }
  return canonicalKeys(value) as Record<string, unknown>
}

/** The ACL token of a request: `X-Nomad-Token`, else `Authorization: Bearer <token>`. */
export function requestToken(headers: Record<string, string | string[] | undefined>): string {
  const header = headers['x-nomad-token']
  const direct = (Array.isArray(header) ? header[0] : header)?.trim()
  if (direct) return direct
  const auth = headers.authorization
  const value = (Array.isArray(auth) ? auth[0] : auth)?.trim() ?? ''
  const [scheme, token] = value.split(/\s+/)
  return scheme?.toLowerCase() === 'bearer' && token ? token : ''
}
