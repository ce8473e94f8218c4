import { RegistryAuthError, RegistryError, RegistryUnreachableError } from './registry-errors.js'
import { registryBaseUrl } from './image-ref.js'
import { parseChallenge } from './www-authenticate.js'
import { basic, describeNetworkError, nextLink, readTags, readToken } from './registry-wire.js'

/** Without this Accept header registry 2.8 answers HEAD with schema1 and another digest. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
].join(', ')

export interface RegistryCredentials {
  readonly username: string
  readonly password: string
}

export interface Manifest {
  readonly digest: string
  readonly mediaType: string
  readonly body: string
}

/** The OCI distribution API calls build-image and chatops need. Paths are `elm/package-site`. */
export interface RegistryClient {
  readonly registry: string
  /** The digest a tag points at, or undefined when the tag (or repository) does not exist. */
  readDigest(path: string, reference: string): Promise<string | undefined>
  readManifest(path: string, reference: string): Promise<Manifest | undefined>
  /** Stores a manifest under a tag; returns the digest the registry reports. */
  putManifest(path: string, tag: string, manifest: Manifest): Promise<string>
  listTags(path: string): Promise<string[]>
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>

interface Options {
  readonly registry: string
  readonly credentials?: RegistryCredentials
  readonly fetch?: Fetch
}

/** A client over fetch that answers `WWW-Authenticate` challenges the way GHCR expects. */
export function createRegistryClient(options: Options): RegistryClient {
  const base = registryBaseUrl(options.registry)
  const rawFetch: Fetch = options.fetch ?? ((url, init) => fetch(url, init))
  const doFetch: Fetch = async (url, init) => {
    try {
      return await rawFetch(url, init)
    } catch (error) {
      throw new RegistryUnreachableError(
        `Cannot reach the registry at ${new URL(url).origin}: ${describeNetworkError(error)}`
      )
    }
  }
  const tokens = new Map<string, string>()
  const who = options.credentials ? `as '${options.credentials.username}'` : 'anonymously'

  const refused = (status: number, scope: string): RegistryAuthError =>
    new RegistryAuthError(
      `Registry auth failure: ${options.registry} refused access ${who} to ${scope} (HTTP ${status}). ` +
        'Check the github-token input (it needs packages: write to push, packages: read to pull).'
    )

  async function fetchToken(
    realm: string,
    service: string | undefined,
    scope: string
  ): Promise<string> {
    const url = new URL(realm)
    if (service !== undefined) url.searchParams.set('service', service)
    url.searchParams.set('scope', scope)
    const headers: Record<string, string> = {}
    if (options.credentials) headers['Authorization'] = basic(options.credentials)
    const response = await doFetch(url.toString(), { headers })
    if (response.status === 401 || response.status === 403) throw refused(response.status, scope)
    if (!response.ok)
      throw new RegistryError(`Token endpoint ${realm} answered HTTP ${response.status}`)
    const body: unknown = await response.json()
    const token = readToken(body)
    if (token === undefined) throw new RegistryError(`Token endpoint ${realm} returned no token`)
    return token
  }

  async function request(path: string, scope: string, init: RequestInit = {}): Promise<Response> {
    const url = `${base}${path}`
    const headers = (extra?: string): Record<string, string> => ({
      ...(init.headers as Record<string, string> | undefined),
      ...(extra === undefined ? {} : { Authorization: extra })
    })
    const cached = tokens.get(scope)
    let response = await doFetch(url, { ...init, headers: headers(cached && `Bearer ${cached}`) })
    if (response.status !== 401) return response
    const challenge = parseChallenge(response.headers.get('www-authenticate'))
    await response.body?.cancel()
    if (challenge?.scheme === 'bearer') {
      const token = await fetchToken(challenge.realm, challenge.service, scope)
      tokens.set(scope, token)
      response = await doFetch(url, { ...init, headers: headers(`Bearer ${token}`) })
    } else if (challenge?.scheme === 'basic' && options.credentials) {
      response = await doFetch(url, { ...init, headers: headers(basic(options.credentials)) })
    }
    if (response.status === 401 || response.status === 403) throw refused(response.status, scope)
    return response
  }

  const pull = (path: string): string => `repository:${path}:pull`
  const push = (path: string): string => `repository:${path}:pull,push`

  return {
    registry: options.registry,
    async readDigest(path, reference) {
      const response = await request(`/v2/${path}/manifests/${reference}`, pull(path), {
        method: 'HEAD',
        headers: { Accept: MANIFEST_ACCEPT }
      })
      if (response.status === 404) return undefined
      if (!response.ok)
        throw new RegistryError(`HEAD ${path}:${reference} answered HTTP ${response.status}`)
      return response.headers.get('docker-content-digest') ?? undefined
    },
    async readManifest(path, reference) {
      const response = await request(`/v2/${path}/manifests/${reference}`, pull(path), {
        headers: { Accept: MANIFEST_ACCEPT }
      })
      if (response.status === 404) return undefined
      if (!response.ok)
        throw new RegistryError(`GET ${path}:${reference} answered HTTP ${response.status}`)
      const body = await response.text()
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
      const digest = response.headers.get('docker-content-digest') ?? ''
      return { digest, mediaType, body }
    },
    async putManifest(path, tag, manifest) {
      const response = await request(`/v2/${path}/manifests/${tag}`, push(path), {
        method: 'PUT',
        headers: { 'Content-Type': manifest.mediaType },
        body: manifest.body
      })
      if (!response.ok) {
        const text = await response.text()
        throw new RegistryError(
          `PUT ${path}:${tag} answered HTTP ${response.status}: ${text.slice(0, 300)}`
        )
      }
      return response.headers.get('docker-content-digest') ?? manifest.digest
    },
    async listTags(path) {
      const tags: string[] = []
      let next: string | undefined = `/v2/${path}/tags/list?n=1000`
      while (next !== undefined) {
        const response = await request(next, pull(path))
        if (response.status === 404) return []
        if (!response.ok)
          throw new RegistryError(`GET tags of ${path} answered HTTP ${response.status}`)
        const body: unknown = await response.json()
        tags.push(...readTags(body))
        next = nextLink(response.headers.get('link'))
      }
      return tags.sort()
    }
  }
}
