import { InputError } from '../../shared/errors.js'
import {
  type InputSource,
  bool,
  keyValues,
  list,
  oneOf,
  optional,
  required
} from '../../shared/inputs.js'
import { isValidTag } from '../../shared/docker/image-ref.js'
import { CONTENT_TAG_PREFIX } from '../../shared/docker/content-tag.js'

/** Which services to consider: every one, the ones changed since `base`, or named ones. */
export type ServiceSelection =
  | { readonly kind: 'all' }
  | { readonly kind: 'changed'; readonly base: string }
  | { readonly kind: 'list'; readonly names: readonly string[] }

export interface BuildImageInputs {
  readonly services: ServiceSelection
  /** A release tag such as 1.3, added to the image when given. */
  readonly version: string | undefined
  /** Tag each image with docker/<service>/VERSION too (set on main's builds). */
  readonly releaseVersions: boolean
  /** The commit being built; also an image tag. */
  readonly sha: string
  readonly registry: string
  readonly token: string | undefined
  readonly username: string
  readonly push: boolean
  readonly builder: 'auto' | 'buildx' | 'docker'
  /** Extra build args (KEY=VALUE lines); they are part of the content tag. */
  readonly buildArgs: Readonly<Record<string, string>>
}

/** Reads and validates every input once. */
export function readInputs(read: InputSource): BuildImageInputs {
  const version = optional(read, 'version')
  if (version !== undefined && (!isValidTag(version) || version.startsWith(CONTENT_TAG_PREFIX))) {
    throw new InputError(
      `Input 'version' is '${version}': expected an image tag such as 1.3 (letters, digits, '.', '_', '-'; not starting with '${CONTENT_TAG_PREFIX}').`
    )
  }
  const sha = required(read, 'sha')
  if (!/^[0-9a-f]{7,40}$/.test(sha)) {
    throw new InputError(
      `Input 'sha' is '${sha}': expected a git commit SHA (7 to 40 lowercase hex digits).`
    )
  }
  const registry = optional(read, 'registry') ?? 'ghcr.io'
  if (!/^[a-z0-9.-]+(:[0-9]+)?$/.test(registry)) {
    throw new InputError(
      `Input 'registry' is '${registry}': expected a registry host such as ghcr.io or 127.0.0.1:5000.`
    )
  }
  return {
    services: readSelection(read),
    version,
    releaseVersions: bool(read, 'release-versions', false),
    sha,
    registry,
    token: optional(read, 'github-token'),
    username: optional(read, 'username') ?? 'github-actions',
    push: bool(read, 'push', true),
    builder: oneOf(read, 'builder', ['auto', 'buildx', 'docker'] as const, 'auto'),
    buildArgs: keyValues(read, 'build-args')
  }
}

function readSelection(read: InputSource): ServiceSelection {
  const names = list(read, 'services')
  if (names.length === 0) {
    throw new InputError(
      "Input 'services' is missing: expected 'all', 'changed' or a list of service names."
    )
  }
  if (names.length === 1 && names[0] === 'all') return { kind: 'all' }
  if (names.length === 1 && names[0] === 'changed') {
    const base = optional(read, 'base')
    if (base === undefined || !/^[0-9a-f]{7,40}$/.test(base)) {
      throw new InputError(
        `Input 'base' is ${base === undefined ? 'missing' : `'${base}'`}: with services 'changed' it must be the commit last deployed (a SHA).`
      )
    }
    return { kind: 'changed', base }
  }
  const bad = names.find(n => !/^[a-z0-9][a-z0-9-]*$/.test(n))
  if (bad !== undefined) {
    throw new InputError(
      `Input 'services' has '${bad}': expected 'all', 'changed' or service names (docker/<name>/).`
    )
  }
  return { kind: 'list', names }
}
