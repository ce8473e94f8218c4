import { checkVersion } from './command.js'

/** Numeric parts of MAJOR[.MINOR[.PATCH]], or undefined for a SHA or another tag. */
function semverParts(tag: string): number[] | undefined {
  if (!/^[0-9]+(\.[0-9]+){0,2}$/.test(tag) || /^[0-9a-f]{7,}$/.test(tag)) return undefined
  return tag.split('.').map(Number)
}

function compareDescending(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? -1) - (a[i] ?? -1)
    if (diff !== 0) return diff
  }
  return 0
}

/**
 * The newest `count` deployable tags: release versions highest first, then commit SHAs (the
 * registry gives no dates, so SHAs keep its order). Tags no /deploy could name are left out.
 */
export function latestVersions(tags: readonly string[], count = 5): string[] {
  const deployable = tags.filter(t => checkVersion(t) === undefined)
  const releases = deployable
    .flatMap(t => {
      const parts = semverParts(t)
      return parts ? [{ tag: t, parts }] : []
    })
    .sort((a, b) => compareDescending(a.parts, b.parts))
    .map(r => r.tag)
  const shas = deployable.filter(t => !releases.includes(t))
  return [...releases, ...shas].slice(0, count)
}

/** How a requested version maps onto the registry's tags. */
export type VersionResolution =
  | { readonly kind: 'found'; readonly tag: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }

const FULL_SHA = /^[0-9a-f]{40}$/
const SHA_PREFIX = /^[0-9a-f]{7,39}$/

/**
 * The tag a `/deploy` or dispatch version names: the exact tag when the registry has it (a
 * release such as 1.3, or a full commit SHA, which build-image tags every main build with), else
 * for 7–39 hex digits the one full-SHA tag it starts, like `git rev-parse` resolves a short SHA.
 * Two full SHAs with that prefix are ambiguous: nothing is guessed.
 */
export function resolveVersion(requested: string, tags: readonly string[]): VersionResolution {
  if (tags.includes(requested)) return { kind: 'found', tag: requested }
  if (!SHA_PREFIX.test(requested)) return { kind: 'missing' }
  const candidates = tags.filter(t => FULL_SHA.test(t) && t.startsWith(requested))
  if (candidates.length === 1 && candidates[0] !== undefined) {
    return { kind: 'found', tag: candidates[0] }
  }
  return candidates.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', candidates }
}
