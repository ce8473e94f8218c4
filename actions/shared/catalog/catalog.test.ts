import { describe, expect, it } from '@jest/globals'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '../errors.js'
import { findService } from './catalog.js'
import { loadCatalog } from './load-catalog.js'

const job = (
  name: string,
  meta: string,
  check = 'check {\n type = "http"\n path = "/healthz"\n interval = "10s"\n timeout = "2s"\n }'
) => `
job "${name}" {
  meta {
    ${meta}
  }
  group "web" {
    service {
      name = "${name}"
      ${check}
    }
  }
}
`

async function repo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'catalog-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

describe('loadCatalog', () => {
  it('reads services from docker/<name>/ + nomad/<name>.nomad.hcl and keeps platform jobs apart', async () => {
    const root = await repo({
      'docker/site/Dockerfile': 'FROM scratch\n',
      'nomad/site.nomad.hcl': job(
        'site',
        'image = "ghcr.io/elm/site"\n url = "https://elm-lang.org"'
      ),
      'nomad/traefik.nomad.hcl': 'job "traefik" {\n type = "system"\n}\n'
    })
    const catalog = await loadCatalog(root)
    expect(catalog.services).toEqual([
      {
        name: 'site',
        jobId: 'site',
        image: 'ghcr.io/elm/site',
        context: 'docker/site',
        jobFile: 'nomad/site.nomad.hcl',
        healthPath: '/healthz',
        publicUrl: 'https://elm-lang.org'
      }
    ])
    expect(catalog.jobs.map(j => [j.jobId, j.type])).toEqual([
      ['site', 'service'],
      ['traefik', 'system']
    ])
    expect(() => findService(catalog, 'nope')).toThrow(
      "Unknown service 'nope': expected one of site"
    )
  })

  it.each([
    [
      'a docker folder without a job',
      { 'docker/x/Dockerfile': 'FROM scratch' },
      'has no job file nomad/x.nomad.hcl'
    ],
    [
      'a job without meta.image',
      {
        'docker/x/Dockerfile': 'FROM scratch',
        'nomad/x.nomad.hcl': job('x', 'url = "https://x.org"')
      },
      'meta.image must be an image repository'
    ],
    [
      'a job without an HTTP check',
      {
        'docker/x/Dockerfile': 'FROM scratch',
        'nomad/x.nomad.hcl': job('x', 'image = "ghcr.io/elm/x"\n url = "https://x.org"', '')
      },
      'needs a Consul check with type = "http"'
    ],
    ['a job file that does not parse', { 'nomad/x.nomad.hcl': 'job "x" {' }, 'HCL does not parse'],
    [
      'a context without a Dockerfile',
      {
        'docker/x/README': '',
        'nomad/x.nomad.hcl': job('x', 'image = "ghcr.io/elm/x"\n url = "https://x.org"')
      },
      'has no Dockerfile'
    ]
  ])('rejects %s with a clear error', async (_name, files, message) => {
    const root = await repo(files)
    await expect(loadCatalog(root)).rejects.toThrow(ConfigError)
    await expect(loadCatalog(root)).rejects.toThrow(message)
  })
})

describe('max_parallel = 0 beside a deployed group', () => {
  const twoGroups = (web: string, worker: string, jobUpdate = ''): string => `
job "site" {
  ${jobUpdate}
  group "web" {
    ${web}
  }
  group "worker" {
    ${worker}
  }
}
`
  it('is refused, naming both groups (Nomad would never health-check the undeployed one)', async () => {
    const root = await repo({
      'nomad/site.nomad.hcl': twoGroups('', 'update {\n max_parallel = 0\n }')
    })
    await expect(loadCatalog(root)).rejects.toThrow(
      /nomad\/site\.nomad\.hcl: group\(s\) "worker" have max_parallel = 0 beside deployed group\(s\) "web"/
    )
  })

  it('is refused when the job-level 0 is overridden in one group only', async () => {
    const root = await repo({
      'nomad/site.nomad.hcl': twoGroups(
        'update {\n max_parallel = 2\n }',
        '',
        'update {\n max_parallel = 0\n }'
      )
    })
    await expect(loadCatalog(root)).rejects.toThrow(/"worker" have max_parallel = 0/)
  })

  it('is accepted when every group has a deployment, or none has', async () => {
    for (const text of [
      twoGroups('', ''),
      twoGroups('', '', 'update {\n max_parallel = 0\n }'),
      twoGroups('update {\n max_parallel = 1\n }', 'update {\n max_parallel = 3\n }')
    ]) {
      const root = await repo({ 'nomad/site.nomad.hcl': text })
      expect((await loadCatalog(root)).jobs).toHaveLength(1)
    }
  })
})
