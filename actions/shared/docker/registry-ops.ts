import { parseRepository } from './image-ref.js'
import {
  type Fetch,
  type Manifest,
  type RegistryClient,
  type RegistryCredentials,
  createRegistryClient
} from './registry-client.js'
import { RegistryError } from './registry-errors.js'

/**
 * Points `toTag` at the manifest `from` names, without pulling or pushing layers: the blobs are
 * already in the repository, so one GET and one PUT of the manifest re-tag an image.
 */
export async function copyTag(
  client: RegistryClient,
  path: string,
  from: string,
  toTag: string
): Promise<string> {
  const manifest = await client.readManifest(path, from)
  if (manifest === undefined)
    throw new RegistryError(`${path}:${from} does not exist; cannot tag it ${toTag}`)
  return client.putManifest(path, toTag, manifest)
}

interface Descriptor {
  readonly size: number
  readonly digest: string
}

function descriptors(value: unknown): Descriptor[] {
  if (!Array.isArray(value)) return []
  return value.flatMap(d =>
    typeof d === 'object' && d !== null && typeof (d as Descriptor).size === 'number'
      ? [d as Descriptor]
      : []
  )
}

/** Compressed size of an image (config + layers) from its manifest; an index uses its first image. */
export async function readImageSize(
  client: RegistryClient,
  path: string,
  reference: string
): Promise<number | undefined> {
  const manifest = await client.readManifest(path, reference)
  return manifest === undefined ? undefined : sizeOf(client, path, manifest)
}

async function sizeOf(
  client: RegistryClient,
  path: string,
  manifest: Manifest
): Promise<number | undefined> {
  const parsed: unknown = JSON.parse(manifest.body)
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const record = parsed as Record<string, unknown>
  const children = descriptors(record['manifests'])
  if (children.length > 0 && children[0] !== undefined) {
    const child = await client.readManifest(path, children[0].digest)
    return child === undefined ? undefined : sizeOf(client, path, child)
  }
  const config = descriptors(record['config'] === undefined ? [] : [record['config']])
  return [...config, ...descriptors(record['layers'])].reduce((sum, d) => sum + d.size, 0)
}

/**
 * Tags of an image repository such as `ghcr.io/elm/package-site`, sorted ([] when it has none):
 * "which versions exist" for chatops.
 */
export async function listTags(
  repository: string,
  options: { readonly credentials?: RegistryCredentials; readonly fetch?: Fetch } = {}
): Promise<string[]> {
  const repo = parseRepository(repository)
  const client = createRegistryClient({ registry: repo.registry, ...options })
  return client.listTags(repo.path)
}
