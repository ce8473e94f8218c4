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
