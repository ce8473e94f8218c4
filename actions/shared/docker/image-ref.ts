import { InputError } from '../errors.js'

/** An image repository split into registry host and path: ghcr.io + elm/package-site. */
export interface ImageRepository {
  readonly registry: string
  readonly path: string
}

/** Splits `ghcr.io/elm/package-site` (no tag, no digest). */
export function parseRepository(image: string): ImageRepository {
  const match = /^([a-z0-9.-]+(?::[0-9]+)?)\/([a-z0-9._/-]+)$/.exec(image)
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new InputError(`'${image}' is not an image repository such as ghcr.io/elm/package-site`)
  }
  return { registry: match[1], path: match[2] }
}

/** The catalog's repository moved to another registry (the `registry` input), path kept. */
export function withRegistry(image: string, registry: string): ImageRepository {
  return { registry, path: parseRepository(image).path }
}

export function formatRepository(repo: ImageRepository): string {
  return `${repo.registry}/${repo.path}`
}

/** `repo@sha256:…`, what the deploy job pins. */
export function pinnedReference(repo: ImageRepository, digest: string): string {
  return `${formatRepository(repo)}@${digest}`
}

/** Loopback registries speak plain HTTP (Docker treats 127.0.0.0/8 as insecure too). */
export function registryBaseUrl(registry: string): string {
  const host = registry.replace(/:[0-9]+$/, '')
  const plain = host === 'localhost' || /^127\.[0-9.]+$/.test(host) || host === '[::1]'
  return `${plain ? 'http' : 'https'}://${registry}`
}

/** Docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. */
export function isValidTag(tag: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)
}
