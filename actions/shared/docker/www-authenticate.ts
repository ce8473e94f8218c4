/** A registry's `WWW-Authenticate` challenge (RFC 6750 / distribution token auth). */
export interface AuthChallenge {
  readonly scheme: 'bearer' | 'basic'
  readonly realm: string
  readonly service?: string
  readonly scope?: string
}

/** Parses `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:x:pull"`. */
export function parseChallenge(header: string | null): AuthChallenge | undefined {
  if (header === null) return undefined
  const match = /^\s*(Bearer|Basic)\s*(.*)$/i.exec(header)
  if (match === null || match[1] === undefined) return undefined
  const params: Record<string, string> = {}
  for (const p of (match[2] ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) {
    if (p[1] !== undefined && p[2] !== undefined) params[p[1].toLowerCase()] = p[2]
  }
  const scheme = match[1].toLowerCase() === 'bearer' ? 'bearer' : 'basic'
  return {
    scheme,
    realm: params['realm'] ?? '',
    ...(params['service'] === undefined ? {} : { service: params['service'] }),
    ...(params['scope'] === undefined ? {} : { scope: params['scope'] })
  }
}
