import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * A package registry of the real shape and size, generated (never copied from anywhere), for the
 * backup and restore tests and `npm run bench`: what package.elm-lang.org at fbaea7d keeps in its
 * working directory.
 *
 * - `packages/<author>/<project>/releases.json`: `{"<version>": <POSIX seconds>, …}`
 *   (src/backend/Package/Releases.hs `encode`, written by `add` through Package/Path.hs `releases`);
 * - per version, `packages/<author>/<project>/<version>/` holds exactly five files:
 *   `README.md.gz`, `elm.json.gz`, `docs.json.gz`, `endpoint.json`, `time.dat`
 *   (src/backend/Package/Register.hs, the comment above `uploadFiles`);
 * - `all-packages.json`, `search.json.gz` (Memory.hs `generateAllPackagesJson`,
 *   `generateSearchJson`), `sitemap.xml` (Sitemap.hs) and `legacy/all-packages.{15,16,17,18}.json`
 *   (Legacy.hs `toAllPackagesPath`).
 *
 * Sizes: the registry held 11,079 versions in November 2020 (issue 26); the default here is
 * 12,000 versions in 2,000 packages: 62,007 files. File contents are pseudo-random (a fixed seed),
 * so gzip cannot shrink them to nothing, with sizes spread like small real packages (docs.json.gz
 * 0.5–6 KB, README.md.gz 0.3–3 KB).
 *
 * Generating it takes seconds of CPU, so it is made once per machine and shape: a folder under the
 * temp dir named by `REGISTRY_SHAPE_VERSION` and the counts, completed by a marker written last.
 * Callers must treat it as read-only (copy it before changing anything).
 */
export const REGISTRY_SHAPE_VERSION = 1

export interface RegistryShape {
  readonly packages: number
  readonly versions: number
}

export const REAL_SIZE: RegistryShape = { packages: 2000, versions: 12000 }

export interface GeneratedRegistry {
  readonly dir: string
  /** Every data file, relative to dir, sorted. */
  readonly files: readonly string[]
  /** Package versions (the sum over every releases.json). */
  readonly versions: number
}

/** A small deterministic PRNG (mulberry32), so every machine generates the same registry. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS =
  'the a module function type alias list maybe result decode encode html view update model msg task http json string int float dict set array time random parser svg browser url file bytes'.split(
    ' '
  )

function text(next: () => number, length: number): string {
  const parts: string[] = []
  let size = 0
  while (size < length) {
    const word =
      next() < 0.7
        ? (WORDS[Math.floor(next() * WORDS.length)] ?? 'x')
        : Math.floor(next() * 1e9).toString(36)
    parts.push(word)
    size += word.length + 1
  }
  return parts.join(' ')
}

/** The package names and their versions, in publishing order (pure: used by tests to know the truth). */
export function registryPlan(shape: RegistryShape): { name: string; versions: string[] }[] {
  const next = random(26)
  const authors = Math.max(1, Math.floor(shape.packages / 2.2))
  const plan: { name: string; versions: string[] }[] = []
  for (let p = 0; p < shape.packages; p += 1) {
    plan.push({ name: `author${p % authors}/project-${p}`, versions: [] })
  }
  // Every package has 1.0.0; the rest of the versions go to packages at random (a long tail).
  for (let v = 0; v < shape.versions; v += 1) {
    const pkg = v < shape.packages ? plan[v] : plan[Math.floor(next() ** 2 * shape.packages)]
    if (pkg === undefined) continue
    const n = pkg.versions.length
    pkg.versions.push(n === 0 ? '1.0.0' : `${1 + Math.floor(n / 10)}.${n % 10}.${n % 3}`)
  }
  return plan
}

async function generate(dir: string, shape: RegistryShape): Promise<void> {
  const next = random(2026)
  const plan = registryPlan(shape)
  let time = 1534000000
  const all: Record<string, string[]> = {}
  for (const { name, versions } of plan) {
    const pkgDir = join(dir, 'packages', ...name.split('/'))
    const releases: Record<string, number> = {}
    for (const version of versions) {
      time += 1 + Math.floor(next() * 3600)
      releases[version] = time
      const vDir = join(pkgDir, version)
      await mkdir(vDir, { recursive: true })
      const elmJson = JSON.stringify({
        type: 'package',
        name,
        summary: text(next, 40),
        license: 'BSD-3-Clause',
        version,
        'exposed-modules': ['Main'],
        'elm-version': '0.19.0 <= v < 0.20.0',
        dependencies: { 'elm/core': '1.0.0 <= v < 2.0.0' },
        'test-dependencies': {}
      })
      await writeFile(join(vDir, 'elm.json.gz'), gzipSync(elmJson, { level: 9 }))
      await writeFile(
        join(vDir, 'docs.json.gz'),
        gzipSync(JSON.stringify([{ name: 'Main', comment: text(next, 1000 + next() * 12000) }]))
      )
      await writeFile(
        join(vDir, 'README.md.gz'),
        gzipSync(`# ${name}\n\n${text(next, 500 + next() * 6000)}\n`)
      )
      await writeFile(
        join(vDir, 'endpoint.json'),
        JSON.stringify({
          url: `https://github.com/${name}/zipball/${version}/`,
          hash: Math.floor(next() * 2 ** 52)
            .toString(16)
            .padStart(40, '0')
        })
      )
      await writeFile(join(vDir, 'time.dat'), String(time))
    }
    await writeFile(join(pkgDir, 'releases.json'), JSON.stringify(releases))
    all[name] = versions
  }
  await writeFile(join(dir, 'all-packages.json'), JSON.stringify(all))
  await writeFile(
    join(dir, 'search.json.gz'),
    gzipSync(JSON.stringify(plan.map(p => ({ name: p.name, version: p.versions.at(-1) }))))
  )
  await writeFile(
    join(dir, 'sitemap.xml'),
    `<urlset>${plan.map(p => `<url><loc>https://package.elm-lang.org/packages/${p.name}/latest/</loc></url>`).join('')}</urlset>\n`
  )
  await mkdir(join(dir, 'legacy'), { recursive: true })
  for (const v of ['15', '16', '17', '18']) {
    await writeFile(join(dir, 'legacy', `all-packages.${v}.json`), '[]')
  }
}

/** Every regular file under dir, relative and sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter(e => e.isFile() || e.isSymbolicLink())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

/** The cached registry of this shape, generated first if this machine has none yet. */
export async function registryOfShape(
  shape: RegistryShape = REAL_SIZE
): Promise<GeneratedRegistry> {
  const name = `elm-infra-registry-v${REGISTRY_SHAPE_VERSION}-${shape.packages}p-${shape.versions}v`
  const dir = join(tmpdir(), name)
  const marker = join(dir, '.complete')
  if (!existsSync(marker)) {
    // Build beside it and rename, so a half-generated registry is never taken for the cache.
    const building = `${dir}.${process.pid}.partial`
    await rm(building, { recursive: true, force: true })
    await mkdir(building, { recursive: true })
    await generate(building, shape)
    await writeFile(join(building, '.complete'), `${REGISTRY_SHAPE_VERSION}\n`)
    await rm(dir, { recursive: true, force: true })
    await rename(building, dir)
  }
  const files = (await listFiles(dir)).filter(f => f !== '.complete')
  const versions = registryPlan(shape).reduce((n, p) => n + p.versions.length, 0)
  return { dir, files, versions }
}
