import { beforeAll, describe, expect, test } from '@jest/globals'
import { join } from 'node:path'
import { loadCatalog } from '../catalog/load-catalog.js'
import type { Catalog, Service } from '../catalog/catalog.js'
import { detectChanges, everything } from './detect-changes.js'

const service = (name: string): Service => ({
  name,
  jobId: name,
  image: `ghcr.io/elm/${name}`,
  context: `docker/${name}`,
  jobFile: `nomad/${name}.nomad.hcl`,
  healthPath: '/healthz',
  publicUrl: `https://${name}.example`
})
const catalog: Catalog = {
  services: [service('package-site'), service('website'), service('www')],
  jobs: ['package-site', 'traefik', 'website', 'www'].map(n => ({
    jobId: n,
    jobFile: `nomad/${n}.nomad.hcl`,
    type: n === 'traefik' ? 'system' : 'service'
  }))
}

const cases = [
  {
    name: 'nothing',
    files: [],
    services: [],
    jobs: [],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'one context file',
    files: ['docker/website/Dockerfile'],
    services: ['website'],
    jobs: ['website'],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'a job file alone still redeploys (and re-tags) its service',
    files: ['nomad/www.nomad.hcl'],
    services: ['www'],
    jobs: ['www'],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'a platform job is a job, not a service',
    files: ['nomad/traefik.nomad.hcl'],
    services: [],
    jobs: ['traefik'],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'shared docker input affects every service',
    files: ['docker/_shared/healthz.sh'],
    services: ['package-site', 'website', 'www'],
    jobs: ['package-site', 'website', 'www'],
    terraform: false,
    ansible: false,
    all: true
  },
  {
    name: 'docs next to the contexts affect nothing',
    files: ['docker/README.md'],
    services: [],
    jobs: [],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: "the smoke test and a service's smoke checks are no build input",
    files: ['docker/smoke-test.sh', 'docker/www/smoke.sh'],
    services: [],
    jobs: [],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'a smoke.sh deeper in a context is a build input of that service',
    files: ['docker/www/site/smoke.sh'],
    services: ['www'],
    jobs: ['www'],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'a removed service (its job file and context gone from the catalog) deploys nothing else',
    files: ['docker/guide/Dockerfile', 'docker/guide/VERSION', 'nomad/guide.nomad.hcl'],
    services: [],
    jobs: [],
    terraform: false,
    ansible: false,
    all: false
  },
  {
    name: 'an unknown folder without its job file in the change is still a shared input',
    files: ['docker/guide/Dockerfile'],
    services: ['package-site', 'website', 'www'],
    jobs: ['package-site', 'website', 'www'],
    terraform: false,
    ansible: false,
    all: true
  },
  {
    name: 'a prefix is not a context (docker/www-old is not www)',
    files: ['docker/www-old/x'],
    services: ['package-site', 'website', 'www'],
    jobs: ['package-site', 'website', 'www'],
    terraform: false,
    ansible: false,
    all: true
  },
  {
    name: 'layers',
    files: ['terraform/main.tf', 'ansible/site.yml', 'README.md', 'actions/x/src/main.ts'],
    services: [],
    jobs: [],
    terraform: true,
    ansible: true,
    all: false
  }
]

describe('detectChanges', () => {
  test.each(cases)('$name', ({ files, services, jobs, terraform, ansible, all }) => {
    expect(detectChanges(files, catalog)).toEqual({ terraform, ansible, services, jobs, all })
  })
  test('everything', () => {
    expect(everything(catalog)).toEqual({
      terraform: true,
      ansible: true,
      all: true,
      services: ['package-site', 'website', 'www'],
      jobs: ['package-site', 'traefik', 'website', 'www']
    })
  })
})

describe('detectChanges reads paths as git and the workflows hand them over', () => {
  test('ignores blank lines and surrounding spaces, and reads ./ as the repository root', () => {
    // `git diff --name-only` output split on newlines ends with an empty string.
    const lines = ' ./docker/website/Dockerfile \n\nterraform/main.tf\n'.split('\n')
    expect(detectChanges(lines, catalog)).toEqual({
      terraform: true,
      ansible: false,
      services: ['website'],
      jobs: ['website'],
      all: false
    })
  })

  test('a blank line alone changes nothing', () => {
    expect(detectChanges(['', '  '], catalog)).toEqual(detectChanges([], catalog))
  })

  test('only a Markdown file right under docker/ is a doc: deeper or longer names are inputs', () => {
    for (const file of ['docker/README.md~', 'docker/notes.mdx', 'docker/_shared/docker/x.md'])
      expect(detectChanges([file], catalog).all).toBe(true)
    expect(detectChanges(['docker/CONTRIBUTING.md'], catalog).all).toBe(false)
  })

  test('a job name keeps every part but the directory and the final .nomad.hcl', () => {
    const odd: Catalog = {
      services: [],
      jobs: [{ jobId: 'x', jobFile: 'nomad/a.nomad.hclb.nomad.hcl', type: 'service' }]
    }
    expect(detectChanges(['nomad/a.nomad.hclb.nomad.hcl'], odd).jobs).toEqual(['a.nomad.hclb'])
  })
})

describe('detectChanges with this repository’s own catalog (docker/ and nomad/)', () => {
  let real: Catalog = { services: [], jobs: [] }
  beforeAll(async () => {
    real = await loadCatalog(join(import.meta.dirname, '..', '..', '..'))
  })

  test('a shared script in docker/ rebuilds and redeploys every service; the smoke test is none', () => {
    // docker/smoke-test.sh runs images on GitHub (images.yml); no Dockerfile can COPY it.
    expect(detectChanges(['docker/smoke-test.sh'], real)).toEqual(detectChanges([], real))
    const changes = detectChanges(['docker/common.sh'], real)
    expect(changes.all).toBe(true)
    expect(changes.services).toEqual(real.services.map(s => s.name))
    expect(changes.jobs).toEqual(
      real.services.map(s => s.jobFile.replace('nomad/', '').replace('.nomad.hcl', ''))
    )
  })

  test('docker/README.md changes nothing; a CSI job file deploys that job alone', () => {
    expect(detectChanges(['docker/README.md'], real)).toEqual(detectChanges([], real))
    const csi = real.jobs.find(j => j.jobFile.includes('csi'))
    expect(csi).toBeDefined()
    expect(detectChanges([csi?.jobFile ?? ''], real)).toMatchObject({
      services: [],
      jobs: [csi?.jobFile.replace('nomad/', '').replace('.nomad.hcl', '')]
    })
  })
})
