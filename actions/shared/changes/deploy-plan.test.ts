import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Catalog } from '../catalog/catalog.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import { REPO_ROOT } from '../testing/run-action-process.js'
import { type DeployHistory, planDeploy } from './deploy-plan.js'

/**
 * The push scenarios of issue #16 against this repository's own catalog (docker/ + nomad/ as they
 * are): each one is a history of commits the adapters would report.
 */

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const HEAD = 'c'.repeat(40)

let catalog: Catalog
beforeAll(async () => {
  catalog = await loadCatalog(REPO_ROOT)
})

const history = (over: Partial<DeployHistory>): DeployHistory => ({
  head: HEAD,
  lastSuccess: A,
  lastSuccessReachable: true,
  filesSinceLastSuccess: [],
  filesInPush: [],
  ...over
})

describe('planDeploy: the scenarios of a push to main', () => {
  it('the catalog has the services these scenarios name', () => {
    expect(catalog.services.map(s => s.name)).toEqual(
      expect.arrayContaining(['package-site', 'website'])
    )
    expect(catalog.jobs.map(j => j.jobId)).toContain('traefik')
  })

  it('service-only: builds and deploys that service, nothing else', () => {
    const files = ['docker/package-site/VERSION', 'docker/package-site/Dockerfile']
    const plan = planDeploy(history({ filesSinceLastSuccess: files, filesInPush: files }), catalog)
    expect(plan).toMatchObject({
      base: A,
      terraform: 'none',
      ansible: false,
      services: ['package-site'],
      jobs: ['package-site']
    })
    expect(plan.everythingBecause).toBeUndefined()
  })

  it('terraform-only: applies the reviewed plan of this push, builds nothing', () => {
    const files = ['terraform/firewall.tf']
    const plan = planDeploy(history({ filesSinceLastSuccess: files, filesInPush: files }), catalog)
    expect(plan).toMatchObject({ terraform: 'apply', ansible: false, services: [], jobs: [] })
    expect(plan.notes.join('\n')).toContain('reviewed on the pull request merged as this commit')
  })

  it('both: terraform applies and the service deploys', () => {
    const files = ['terraform/main.tf', 'docker/website/Dockerfile', 'nomad/traefik.nomad.hcl']
    const plan = planDeploy(history({ filesSinceLastSuccess: files, filesInPush: files }), catalog)
    expect(plan.terraform).toBe('apply')
    expect(plan.services).toEqual(['website'])
    expect([...plan.jobs].sort()).toEqual(['traefik', 'website'])
  })

  it('failed previous run: this push redeploys what the failed one left, and does not wedge on its terraform', () => {
    // Run 1 (B) changed terraform/ and package-site, failed; run 2 (HEAD) only changes website.
    const plan = planDeploy(
      history({
        filesSinceLastSuccess: [
          'terraform/main.tf',
          'docker/package-site/Dockerfile',
          'docker/website/nginx.conf.template'
        ],
        filesInPush: ['docker/website/nginx.conf.template']
      }),
      catalog
    )
    expect(plan.terraform).toBe('pending')
    expect(plan.services).toEqual(['package-site', 'website'])
    expect(plan.jobs).toEqual(['package-site', 'website'])
    const note = plan.notes.join('\n')
    expect(note).toContain('NOT applied')
    expect(note).toContain('open a pull request that touches terraform/')
    expect(note).toContain(A.slice(0, 12))
  })

  it('failed previous run whose terraform a later pull request re-plans: applies', () => {
    const plan = planDeploy(
      history({
        filesSinceLastSuccess: ['terraform/main.tf', 'terraform/dns.tf'],
        filesInPush: ['terraform/dns.tf']
      }),
      catalog
    )
    expect(plan.terraform).toBe('apply')
  })

  it('force push: the last success is gone from history, so everything deploys and it says so', () => {
    const plan = planDeploy(
      history({
        lastSuccess: B,
        lastSuccessReachable: false,
        filesSinceLastSuccess: ['ignored because unreachable'],
        filesInPush: undefined
      }),
      catalog
    )
    expect(plan.base).toBeUndefined()
    expect(plan.services).toEqual(catalog.services.map(s => s.name))
    expect(plan.jobs).toEqual(catalog.jobs.map(j => j.jobId))
    expect(plan.ansible).toBe(true)
    expect(plan.everythingBecause).toContain('force push')
    expect(plan.everythingBecause).toContain(B.slice(0, 12))
    // Nothing reviewed can be matched to a rewritten push: Terraform waits, with instructions.
    expect(plan.terraform).toBe('pending')
  })

  it('force push with an unusable previous tip, the last success still reachable: what changed since it deploys, terraform pending', () => {
    const plan = planDeploy(
      history({
        filesSinceLastSuccess: ['terraform/main.tf', 'docker/website/Dockerfile'],
        filesInPush: undefined
      }),
      catalog
    )
    expect(plan).toMatchObject({
      base: A,
      terraform: 'pending',
      ansible: false,
      services: ['website'],
      jobs: ['website']
    })
    expect(plan.everythingBecause).toBeUndefined()
    expect(plan.notes.join('\n')).toContain('NOT applied')
  })

  it('force push with an unusable previous tip and terraform unchanged since the last success: terraform none', () => {
    const plan = planDeploy(
      history({ filesSinceLastSuccess: ['docker/www/Dockerfile'], filesInPush: undefined }),
      catalog
    )
    expect(plan).toMatchObject({ base: A, terraform: 'none', services: ['www'], jobs: ['www'] })
  })

  it('first push with no reviewed plan: images build, nothing else runs (no cluster yet)', () => {
    for (const filesInPush of [undefined, ['README.md'], ['docker/website/VERSION']]) {
      const plan = planDeploy(
        history({ lastSuccess: undefined, lastSuccessReachable: false, filesInPush }),
        catalog
      )
      expect(plan.terraform).toBe('bootstrap')
      expect(plan.services).toEqual(catalog.services.map(s => s.name))
      expect(plan.ansible).toBe(false)
      expect(plan.jobs).toEqual([])
      expect(plan.everythingBecause).toContain('first push')
      expect(plan.notes.join('\n')).toContain('step 5')
    }
  })

  it('the first merged Terraform PR applies its reviewed plan and deploys everything (runbook step 5)', () => {
    const plan = planDeploy(
      history({
        lastSuccess: undefined,
        lastSuccessReachable: false,
        filesInPush: ['terraform/main.tf']
      }),
      catalog
    )
    expect(plan).toMatchObject({
      terraform: 'apply',
      ansible: true,
      services: catalog.services.map(s => s.name),
      jobs: catalog.jobs.map(j => j.jobId)
    })
  })

  it('the notes say what deploys and what Terraform does, in these words', () => {
    const files = ['docker/www/Dockerfile']
    expect(planDeploy(history({ filesSinceLastSuccess: files }), catalog).notes).toEqual([
      `Deploying what changed since the last successful deploy ${A.slice(0, 12)}.`,
      'Terraform: terraform/ is unchanged since the last successful deploy; nothing to apply.'
    ])
    const first = planDeploy(history({ lastSuccess: undefined, filesInPush: undefined }), catalog)
    expect(first.notes).toEqual([
      'Deploying everything: no deploy of main has succeeded yet (first push): deploying everything.',
      'Terraform: not applied, and Ansible and Nomad wait: no deploy has succeeded yet and this ' +
        'push carries no reviewed plan, so no cluster exists to provision. Open the pull request ' +
        'of README "From an empty DigitalOcean account" step 5 (anything under terraform/), ' +
        'review its plan comment and merge it: that push applies the plan, provisions the nodes ' +
        'and deploys every job. Images are still built. This run ends red so that push deploys everything.'
    ])
    const pending = planDeploy(
      history({ filesSinceLastSuccess: ['terraform/main.tf'], filesInPush: ['README.md'] }),
      catalog
    )
    expect(pending.notes).toEqual([
      `Deploying what changed since the last successful deploy ${A.slice(0, 12)}.`,
      `Terraform: NOT applied. terraform/ changed since the last successful deploy ` +
        `(${A.slice(0, 12)}), but this push (${HEAD.slice(0, 12)}) does not change terraform/, ` +
        'so it carries no reviewed plan. The earlier apply failed or was refused. To apply: open ' +
        'a pull request that touches terraform/ (even a comment line), let its Terraform plan ' +
        'comment show the pending changes, review and merge it; or re-run the failed deploy run ' +
        'of the pull request that changed terraform/ while main still ends in its commit. ' +
        'Services, Ansible and Nomad were still deployed; this run ends red until Terraform is applied.'
    ])
  })

  it('ansible-only change runs Ansible and nothing else', () => {
    const files = ['ansible/roles/nomad/tasks/main.yml']
    const plan = planDeploy(history({ filesSinceLastSuccess: files, filesInPush: files }), catalog)
    expect(plan).toMatchObject({ terraform: 'none', ansible: true, services: [], jobs: [] })
  })

  it('nothing deployable changed: an empty plan', () => {
    const files = ['README.md']
    const plan = planDeploy(history({ filesSinceLastSuccess: files, filesInPush: files }), catalog)
    expect(plan).toMatchObject({ terraform: 'none', ansible: false, services: [], jobs: [] })
  })
})
