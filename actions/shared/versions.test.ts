import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { SimulatedCluster } from './nomad/simulated/cluster.js'
import { serveSimulatedNomad } from './nomad/simulated/http.js'
import { CONSUL_VERSION, NOMAD_FIXTURES_DIR, NOMAD_VERSION } from './versions.js'

/**
 * One pin for Nomad and Consul: `versions.json`. Every place that names the version the cluster
 * runs reads it, and this file fails when any of them names another one.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const PINS = { nomad: NOMAD_VERSION, consul: CONSUL_VERSION } as const

/**
 * Pure: every `nomad`/`consul` followed on the same line by a version `x.y.z` that is not the pin.
 * A line that contrasts versions on purpose (a range "v1.6.0–v1.10.5", "before 1.11", "since
 * 1.11.2", "≥ 2.0.3") or cites the API docs (gone from hashicorp/nomad's repository after v1.10.5)
 * is history, not a pin, and is left alone.
 */
export function otherVersions(text: string, pins: { nomad: string; consul: string }): string[] {
  const out: string[] = []
  // The product word nearest before the version (`NOMAD_VERSION: …`, `consul_1.2.3_linux…`).
  const mention =
    /(?<![a-z])(nomad|consul)(?![a-z]|[.-][a-z])((?:(?!nomad|consul)[^\n]){0,80}?)(?<![\d.])v?(\d+\.\d+\.\d+)(?![\d.])/gi
  for (const [lineNo, line] of text.split('\n').entries()) {
    if (/[–]|\bbefore\b|\buntil\b|\bsince\b|\bolder\b|>=|≥|api-?docs?\b/i.test(line)) continue
    for (const m of line.matchAll(mention)) {
      const product = (m[1] ?? '').toLowerCase() as 'nomad' | 'consul'
      // An app's version in a sentence about a job ("job version 0 (website 1.0.0)") is not Nomad's.
      if (/\$\{|job version/i.test(m[2] ?? '')) continue
      if (m[3] !== pins[product]) out.push(`line ${lineNo + 1}: ${m[0]}`)
    }
  }
  return out
}

describe('otherVersions (the scan)', () => {
  it('finds a stale Nomad or Consul version and leaves the pin, addresses and history alone', () => {
    const pins = { nomad: '2.0.5', consul: '1.20.1' }
    expect(
      otherVersions(
        [
          'NOMAD_VERSION: 1.10.5',
          'nomad_version: 2.0.5',
          'consul_1.21.4_linux_amd64.zip',
          'NOMAD_ADDR: http://127.0.0.1:4646',
          'Nomad answers so (nomad/job_endpoint.go, v1.6.0–v1.10.5)',
          'hashicorp/nomad v1.11.2 nomad/job_endpoint.go',
          "join(dir, 'www.nomad.hcl'), 'version = \"1.2.3\"'",
          'Nomad rolled back to job version 0 (website 1.0.0)'
        ].join('\n'),
        pins
      )
    ).toEqual(['line 1: NOMAD_VERSION: 1.10.5', 'line 3: consul_1.21.4', 'line 6: nomad v1.11.2'])
  })
})

describe('versions.json is the one pin', () => {
  it('holds a Nomad and a Consul version', () => {
    const pins = JSON.parse(read('versions.json')) as Record<string, unknown>
    expect(pins['nomad']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(pins['consul']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(NOMAD_VERSION).toBe(pins['nomad'])
    expect(CONSUL_VERSION).toBe(pins['consul'])
  })

  it.each(['nomad', 'consul'] as const)(
    "the %s role's default reads versions.json, and no role names a version",
    product => {
      const defaults = parse(read(`ansible/roles/${product}/defaults/main.yml`)) as Record<
        string,
        unknown
      >
      expect(defaults[`${product}_version`]).toBe(
        `{{ (lookup('ansible.builtin.file', role_path ~ '/../../../versions.json') | from_json).${product} }}`
      )
      const specs = read(`ansible/roles/${product}/meta/argument_specs.yml`)
      expect(otherVersions(specs, { nomad: '-', consul: '-' })).toEqual([])
    }
  )

  it('the workflow reader prints the pin', () => {
    const out = execFileSync(join(ROOT, 'scripts', 'hashicorp-versions.sh'), { encoding: 'utf8' })
    expect(out).toBe(`NOMAD_VERSION=${NOMAD_VERSION}\nCONSUL_VERSION=${CONSUL_VERSION}\n`)
  })

  it('every workflow that runs Nomad or Consul reads the pin, and none names a version', () => {
    const dir = join(ROOT, '.github', 'workflows')
    const files = readdirSync(dir).filter(f => /\.ya?ml$/.test(f))
    const runners = files.filter(f =>
      /\b(nomad|consul) agent\b/.test(read(`.github/workflows/${f}`))
    )
    expect(runners).toContain('e2e-nomad.yml')
    for (const f of runners) {
      const text = read(`.github/workflows/${f}`)
      expect(text).toMatch(/scripts\/hashicorp-versions\.sh/)
      expect(text).not.toMatch(/^\s*(NOMAD|CONSUL)_VERSION:/m)
    }
    for (const f of files) {
      expect([f, otherVersions(read(`.github/workflows/${f}`), PINS)]).toEqual([f, []])
    }
  })

  it('the fixture folder is named from the pin, and no other Nomad version has one', () => {
    const dirs = readdirSync(join(ROOT, 'actions/shared/nomad/fixtures')).filter(d =>
      d.startsWith('nomad-')
    )
    expect(dirs).toEqual([NOMAD_FIXTURES_DIR])
    expect(NOMAD_FIXTURES_DIR).toBe(`nomad-${NOMAD_VERSION}`)
  })

  it("the simulated cluster's /v1/agent/self reports the pinned version", async () => {
    const cluster = new SimulatedCluster({ nodes: [{}] })
    const server = await serveSimulatedNomad(cluster)
    try {
      const self = (await (await fetch(`${server.url}/v1/agent/self`)).json()) as {
        config: { Version: { Version: string } }
      }
      expect(self.config.Version.Version).toBe(NOMAD_VERSION)
    } finally {
      await server.close()
      cluster.close()
    }
  })

  it('the README names the Nomad version once, and the pinned one', () => {
    const readme = read('README.md')
    expect(readme.split(NOMAD_VERSION).length - 1).toBe(1)
    expect(readme).toMatch(new RegExp(`Nomad ${NOMAD_VERSION.replaceAll('.', '\\.')}\\b`))
    expect(otherVersions(readme, PINS)).toEqual([])
  })

  it('no tracked file names another Nomad or Consul version (recorded data aside)', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(
        f =>
          /\.(ts|js|mjs|ya?ml|md|hcl|sh|json|cfg|py|tf)$/.test(f) &&
          !/(^|\/)(lib|dist|node_modules)\//.test(f) &&
          f !== 'package-lock.json' &&
          // Recorded output of other programs (Ansible's JSON, Nomad's docs), kept as they came.
          !/\/fixtures\//.test(f) &&
          f !== 'actions/shared/versions.test.ts'
      )
    const found = tracked.flatMap(f => otherVersions(read(f), PINS).map(hit => `${f} ${hit}`))
    expect(found).toEqual([])
  })
})
