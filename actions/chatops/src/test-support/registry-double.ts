import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** repository path → tag → digest. */
export type RegistryContents = Readonly<Record<string, Readonly<Record<string, string>>>>

export interface RegistryDouble {
  /** host:port, as the `registry` input takes it. */
  readonly host: string
  close(): Promise<void>
}

/**
 * The two OCI distribution calls chatops makes, on 127.0.0.1: the tags list and a manifest HEAD
 * that answers with `Docker-Content-Digest`. Anything else is 404 like a registry's NAME_UNKNOWN.
 */
export async function startRegistryDouble(contents: RegistryContents): Promise<RegistryDouble> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry')
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname)
    if (req.method === 'GET' && tags?.[1] !== undefined && contents[tags[1]]) {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ name: tags[1], tags: Object.keys(contents[tags[1]] ?? {}) }))
      return
    }
    const digest = manifest ? contents[manifest[1] ?? '']?.[manifest[2] ?? ''] : undefined
    if (req.method === 'HEAD' && digest !== undefined) {
      res.writeHead(200, {
        'Content-Type': 'application/vnd.oci.image.manifest.v1+json',
        'Docker-Content-Digest': digest
      })
      res.end()
      return
    }
    res.writeHead(404, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'unknown' }] }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  }
}
