import { describe, expect, test } from '@jest/globals'
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
