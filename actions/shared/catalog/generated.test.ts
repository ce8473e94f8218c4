import { describe, expect, it } from '@jest/globals'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ServiceFacts,
  renderDiagram,
  renderTfvars,
  replaceRegion,
  subdomains
} from './generated.js'
import { staleGenerated, writeGenerated } from './load-generated.js'

const root = join(import.meta.dirname, '..', '..', '..')

const fact = (name: string, host: string, extra: Partial<ServiceFacts> = {}): ServiceFacts => ({
  name,
  host,
  instances: 2,
  keepsData: false,
  ...extra
})

describe('the files generated from the catalog', () => {
  it('are in step with the job files in this repository (else: npx elm-infra services --write)', async () => {
    expect((await staleGenerated(root)).map(f => f.path)).toEqual([])
  })

  it('a changed host makes terraform/services.auto.tfvars.json and both READMEs stale, and --write fixes them', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'generated-'))
    try {
      for (const dir of ['nomad', 'docker', 'terraform'])
        await cp(join(root, dir), join(copy, dir), { recursive: true })
      await cp(join(root, 'README.md'), join(copy, 'README.md'))
      const job = join(copy, 'nomad', 'www.nomad.hcl')
      const text = await readFile(job, 'utf8')
      await writeFile(
        job,
        text.replace(/url( +)= "https:\/\/www\.elm-lang\.org"/, 'url$1= "https://w3.elm-lang.org"')
      )
      expect((await staleGenerated(copy)).map(f => f.path).sort()).toEqual([
        'README.md',
        'docker/README.md',
        'terraform/services.auto.tfvars.json'
      ])
      expect(await writeGenerated(copy)).toHaveLength(3)
      expect(
        JSON.parse(await readFile(join(copy, 'terraform/services.auto.tfvars.json'), 'utf8'))
      ).toEqual({
        subdomains: ['package', 'w3']
      })
      expect(await staleGenerated(copy)).toEqual([])
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })
})

describe('subdomains', () => {
  it('is every service host under the domain but the apex, sorted, once', () => {
    const services = [
      fact('b', 'www.elm-lang.org'),
      fact('a', 'elm-lang.org'),
      fact('c', 'package.elm-lang.org'),
      fact('d', 'www.elm-lang.org')
    ]
    expect(subdomains(services, 'elm-lang.org')).toEqual(['package', 'www'])
    expect(renderTfvars(services, 'elm-lang.org')).toBe(
      '{\n  "subdomains": [\n    "package",\n    "www"\n  ]\n}\n'
    )
  })
  it('refuses a host outside the zone, naming the job file', () => {
    expect(() => subdomains([fact('guide', 'guide.elm.org')], 'elm-lang.org')).toThrow(
      "nomad/guide.nomad.hcl: meta.url's host guide.elm.org is not under elm-lang.org"
    )
    // a suffix that is not a label boundary is outside too
    expect(() => subdomains([fact('x', 'notelm-lang.org')], 'elm-lang.org')).toThrow(/not under/)
  })
})

describe('regions', () => {
  it('the diagram names every service and the load balancer reaches each', () => {
    const text = renderDiagram([
      fact('package-site', 'package.elm-lang.org', { instances: 1, keepsData: true }),
      fact('www', 'www.elm-lang.org')
    ])
    expect(text).toContain('svc_package_site["package-site ×1 (volume)<br/>package.elm-lang.org"]')
    expect(text).toContain('LB --> T --> svc_package_site & svc_www')
  })
  it('a region without its markers is an error that says how to fix it', () => {
    expect(() =>
      replaceRegion('README.md', 'no markers', '<!-- x: y -->', '<!-- end of x -->', 'new')
    ).toThrow(/README.md: the generated region's markers are missing.*restore them from git/)
    expect(
      replaceRegion(
        'f',
        'a\n<!-- x: old -->\nold\n<!-- end of x -->\nb',
        '<!-- x: y -->',
        '<!-- end of x -->',
        'NEW'
      )
    ).toBe('a\nNEW\nb')
  })
})
