import { createHash } from 'node:crypto'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** repository path → tag → digest. */
export type RegistryContents = Readonly<Record<string, Readonly<Record<string, string>>>>

export interface RegistryDouble {
  /** host:port, as the `registry` input takes it. */
  readonly host: string
  /** Where a tag points now (after the actions under test wrote to it). */
  digestOf(path: string, tag: string): string | undefined
  close(): Promise<void>
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

/** A small, valid OCI image manifest; its digest is the sha256 of these exact bytes. */
export function manifestFor(seed: string): { body: string; digest: string } {
  const blob = (s: string): string => `sha256:${createHash('sha256').update(s).digest('hex')}`
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      size: 2,
      digest: blob(`c${seed}`)
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        size: 1024,
        digest: blob(`l${seed}`)
      }
    ]
  })
  return { body, digest: `sha256:${createHash('sha256').update(body).digest('hex')}` }
}

/**
 * The OCI distribution calls our actions make, on 127.0.0.1 (distribution-spec "Pulling
 * manifests", "Pushing manifests", "Listing tags"): the tags list; a manifest HEAD and GET by tag or
 * digest, answered with `Docker-Content-Digest`; a manifest PUT that stores the body under the
 * sha256 of its bytes and points the tag at it. Anything else is 404 like a registry's NAME_UNKNOWN.
 * Seeded digests without a body are served with a placeholder body (HEAD is what /deploy reads).
 */
export async function startRegistryDouble(contents: RegistryContents): Promise<RegistryDouble> {
  const tags = new Map<string, Map<string, string>>()
  const bodies = new Map<string, { body: string; mediaType: string }>()
  for (const [path, byTag] of Object.entries(contents)) {
    tags.set(path, new Map(Object.entries(byTag)))
  }
  const resolve = (path: string, ref: string): string | undefined =>
    ref.startsWith('sha256:') ? ref : tags.get(path)?.get(ref)
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry')
    const list = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname)
    const path = list?.[1] ?? manifest?.[1] ?? ''
    if (req.method === 'GET' && list && tags.has(path)) {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ name: path, tags: [...(tags.get(path)?.keys() ?? [])] }))
      return
    }
    if (manifest && req.method === 'PUT') {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
        bodies.set(digest, { body, mediaType: String(req.headers['content-type'] ?? OCI_MANIFEST) })
        if (!tags.has(path)) tags.set(path, new Map())
        tags.get(path)?.set(manifest[2] ?? '', digest)
        res.writeHead(201, { 'Docker-Content-Digest': digest })
        res.end()
      })
      return
    }
    const digest = manifest ? resolve(path, manifest[2] ?? '') : undefined
    if ((req.method === 'HEAD' || req.method === 'GET') && digest !== undefined) {
      const stored = bodies.get(digest) ?? { body: '{}', mediaType: OCI_MANIFEST }
      res.writeHead(200, { 'Content-Type': stored.mediaType, 'Docker-Content-Digest': digest })
      res.end(req.method === 'GET' ? stored.body : undefined)
      return
    }
    res.writeHead(404, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'unknown' }] }))
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    digestOf: (path, tag) => tags.get(path)?.get(tag),
    close: () => new Promise<void>(done => server.close(() => done()))
  }
}

/** Stores a manifest body in a running double as `docker push` would (one PUT). */
export async function pushManifest(
  host: string,
  path: string,
  tag: string,
  body: string
): Promise<string> {
  const response = await fetch(`http://${host}/v2/${path}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': OCI_MANIFEST },
    body
  })
  return response.headers.get('docker-content-digest') ?? ''
}
