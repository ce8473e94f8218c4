import { checkVersion } from './command.js'

/**
 * A deployable tag (checkVersion) is a commit SHA when it is 7 to 40 hex digits, even all digits
 * (`1234567`, as /deploy reads it), else a release MAJOR[.MINOR[.PATCH]].
 */
const isSha = (tag: string): boolean => /^[0-9a-f]{7,40}$/.test(tag)

/** Releases highest first; a missing part is lower than any (1.3.0 above 1.3). */
function compareDescending(a: readonly number[], b: readonly number[]): number {
  // Stryker disable next-line EqualityOperator: one more step compares two missing parts, -1 - -1 = 0
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
    .filter(t => !isSha(t))
    .map(tag => ({ tag, parts: tag.split('.').map(Number) }))
    .sort((a, b) => compareDescending(a.parts, b.parts))
    .map(r => r.tag)
  return [...releases, ...deployable.filter(isSha)].slice(0, count)
}

/** How a requested version maps onto the registry's tags. */
export type VersionResolution =
  | { readonly kind: 'found'; readonly tag: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }

const FULL_SHA = /^[0-9a-f]{40}$/

/**
 * The tag a `/deploy` or dispatch version names: the exact tag when the registry has it (a
 * release such as 1.3, or a full commit SHA, which build-image tags every main build with), else
 * for 7–39 hex digits the one full-SHA tag it starts, like `git rev-parse` resolves a short SHA.
 * Two full SHAs with that prefix are ambiguous: nothing is guessed.
 */
export function resolveVersion(requested: string, tags: readonly string[]): VersionResolution {
  if (tags.includes(requested)) return { kind: 'found', tag: requested }
  // Shorter than 7 is too short a prefix; one that is not all hex starts no full-SHA tag.
  if (requested.length < 7) return { kind: 'missing' }
  const candidates = tags.filter(t => FULL_SHA.test(t) && t.startsWith(requested))
  const [only, ...others] = candidates
  if (only !== undefined && others.length === 0) return { kind: 'found', tag: only }
  return candidates.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', candidates }
}
