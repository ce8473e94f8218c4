/** Issue #17 item 8 (set-up), reproduced as the issue writes it. */
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cp, lstat, mkdir, mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const repoRoot = join(import.meta.dirname, '..', '..')
const temps: string[] = []
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})
const pkg = async (): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>

describe('8. set-up', () => {
  it('npx finds elm-infra in node_modules/.bin instead of installing the root package into its cache', async () => {
    // npm 11's libnpmexec (lib/index.js, `hasPkgBin` on the local package): when the project's
    // own package.json declares a bin of that name, npx installs the project into ~/.npm/_npx
    // (every dependency again: the ~20 s and ~550 MB). Without it, npx runs
    // node_modules/.bin/elm-infra directly, which `prepare` links.
    const p = await pkg()
    expect(p['bin']).toBeUndefined()
    const scripts = p['scripts'] as Record<string, string>
    expect(scripts['prepare']).toContain('node scripts/link-bin.js')
    const root = await mkdtemp(join(tmpdir(), '17-link-bin-'))
    temps.push(root)
    await mkdir(join(root, 'node_modules'))
    await cp(join(repoRoot, 'scripts', 'link-bin.js'), join(root, 'scripts', 'link-bin.js'))
    await cp(join(repoRoot, 'bin', 'elm-infra.js'), join(root, 'bin', 'elm-infra.js'))
    for (let run = 0; run < 2; run++) execFileSync('node', [join(root, 'scripts', 'link-bin.js')])
    const link = join(root, 'node_modules', '.bin', 'elm-infra')
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(await realpath(link)).toBe(await realpath(join(root, 'bin', 'elm-infra.js')))
    expect((await stat(link)).mode & 0o111).not.toBe(0)
  })

  it('one Node version everywhere: engines, .node-version and the README agree', async () => {
    const engines = ((await pkg())['engines'] as Record<string, string>)['node'] ?? ''
    const [, minimum, minor] = /^>=\s*(\d+)(?:\.(\d+))?/.exec(engines) ?? []
    expect(minimum).toBeDefined()
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    expect(readme).toContain(`Node.js ${minimum}${minor === undefined ? '' : `.${minor}`} or newer`)
    // The minimum is one every dependency accepts except those that declare Node ≥ 22, which the
    // README names (npm's EBADENGINE warnings on the minimum): none may be left unexplained.
    const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>
    }
    // npm's own range check (npm-install-checks uses semver.satisfies).
    const { satisfies } = createRequire(import.meta.url)('semver') as {
      satisfies(version: string, range: string): boolean
    }
    const version = `${minimum}.${minor ?? 0}.0`
    const warned = Object.entries(lock.packages)
      .filter(([, e]) => !Array.isArray(e.engines) && e.engines?.node !== undefined)
      .filter(([, e]) => !satisfies(version, (e.engines as { node: string }).node))
      .map(([path]) => path.replace(/.*node_modules\//, ''))
    for (const name of warned) {
      const named = readme.includes(`\`${name}\``) || readme.includes(`\`${name.split('/')[0]}/*\``)
      expect([name, named]).toEqual([name, true])
    }
    const pinned = await readFile(join(repoRoot, '.node-version'), 'utf8').catch(() => undefined)
    // .node-version pins the version CI and the actions use; it must meet the minimum.
    if (pinned !== undefined)
      expect(Number(pinned.trim().split('.')[0])).toBeGreaterThanOrEqual(Number(minimum))
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(minimum))
  })

  it('the README shows how to run one test, and the script passes the file as a path (not a project name)', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    const shown = /npm run test:unit -- (\S+\.test\.ts)/.exec(readme)
    expect(shown).not.toBeNull()
    await stat(join(repoRoot, shown?.[1] ?? 'missing'))
    // `jest --selectProjects unit <file>` reads <file> as a second project name and runs every
    // suite; the trailing `--` makes what npm appends a path pattern.
    const scripts = (await pkg())['scripts'] as Record<string, string>
    expect(scripts['test:unit']).toMatch(/--selectProjects unit --$/)
    expect(scripts['test:engine']).toMatch(/--selectProjects engine --$/)
  })
})
