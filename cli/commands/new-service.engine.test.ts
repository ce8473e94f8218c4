import { afterAll, beforeAll, expect, it, jest } from '@jest/globals'
import { parse } from '@cdktf/hcl2json'
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describeWithEngines } from '../../actions/shared/testing/describe-with-engines.js'
import { engines } from '../../actions/shared/testing/engines.js'
import { copyOfRepo } from '../new-service/test-repo.js'
import { cli } from '../test-support/run-cli.js'

/**
 * What a pull request that adds (or removes) a service does to Terraform, with the real CLI. The
 * DigitalOcean provider cannot be installed here, so the records and the certificate are
 * `terraform_data` stand-ins built from the module's own expressions, read out of terraform/:
 * main.tf's locals, dns.tf's `digitalocean_record.subdomain` for_each, load-balancer.tf's
 * certificate name and domains (both force a new certificate: digitalocean/certificate/
 * resource_certificate.go marks them ForceNew, hence `triggers_replace`), with terraform/
 * variables.tf and the generated services.auto.tfvars.json as they are. What only GitHub shows:
 * the DigitalOcean resources themselves in the PR's plan comment (pr.yml, terraform-plan).
 */
jest.setTimeout(120_000)
const exec = promisify(execFile)
type Json = Record<string, unknown>

let repo = ''
let dir = ''

beforeAll(async () => {
  repo = await copyOfRepo('new-service-tf-')
  dir = await mkdtemp(join(tmpdir(), 'new-service-tf-config-'))
  await writeFile(join(dir, 'empty.tfrc'), '')
  await copyFile(join(repo, 'terraform', 'variables.tf'), join(dir, 'variables.tf'))
  await writeFile(join(dir, 'records.tf'), await standIns(join(repo, 'terraform')))
})

afterAll(async () => {
  for (const d of [repo, dir]) if (d) await rm(d, { recursive: true, force: true })
})

/** `${expr}` (hcl2json's form of an expression) → expr. */
const bare = (value: unknown): string => String(value).replace(/^\$\{([\s\S]*)\}$/, '$1')

/** The stand-in config: the module's locals and the expressions of its records and certificate. */
async function standIns(module: string): Promise<string> {
  const main = await readFile(join(module, 'main.tf'), 'utf8')
  const locals = /^locals \{[\s\S]*?^\}$/m.exec(main)?.[0]
  const dns = (await parse('dns.tf', await readFile(join(module, 'dns.tf'), 'utf8'))) as Json
  const lb = (await parse(
    'load-balancer.tf',
    await readFile(join(module, 'load-balancer.tf'), 'utf8')
  )) as Json
  const record = ((dns['resource'] as Json)['digitalocean_record'] as Json)['subdomain'] as Json[]
  const cert = ((lb['resource'] as Json)['digitalocean_certificate'] as Json)['public'] as Json[]
  expect(locals).toBeDefined()
  return `${locals ?? ''}

resource "terraform_data" "subdomain" {
  for_each = ${bare(record[0]?.['for_each'])}
  input    = each.value
}

resource "terraform_data" "certificate" {
  triggers_replace = {
    name    = "${String(cert[0]?.['name'])}"
    domains = ${bare(cert[0]?.['domains'])}
  }
}
`
}

async function terraform(...args: string[]): Promise<string> {
  const { stdout } = await exec('terraform', [...args, '-no-color'], {
    cwd: dir,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc') }
  })
  return stdout
}

const VARS = ['-var=ssh_key_fingerprints=["3b:16:aa"]', '-var=admin_cidrs=["203.0.113.7/32"]']

/** Plans with the repository's current tfvars; the resource changes as "action address". */
async function plan(): Promise<{ changes: string[]; certificate: Json }> {
  await copyFile(
    join(repo, 'terraform', 'services.auto.tfvars.json'),
    join(dir, 'services.auto.tfvars.json')
  )
  await terraform('plan', '-input=false', '-out=plan.tfplan', ...VARS)
  const json = JSON.parse(await terraform('show', '-json', 'plan.tfplan')) as Json
  const changes = (json['resource_changes'] as Json[])
    .map(c => `${((c['change'] as Json)['actions'] as string[]).join('+')} ${String(c['address'])}`)
    .filter(c => !c.startsWith('no-op '))
    .sort()
  const cert = (json['resource_changes'] as Json[]).find(
    c => c['address'] === 'terraform_data.certificate'
  )
  return { changes, certificate: ((cert?.['change'] as Json)['after'] as Json) ?? {} }
}

describeWithEngines({ terraform: engines.terraform() })(
  'a service added and removed, as Terraform plans it',
  () => {
    let names: string[] = []

    it('today: the apex, package and www on the certificate', async () => {
      await terraform('init', '-input=false')
      const first = await plan()
      expect(first.changes).toEqual([
        'create terraform_data.certificate',
        'create terraform_data.subdomain["package"]',
        'create terraform_data.subdomain["www"]'
      ])
      names = (first.certificate['triggers_replace'] as Json)['domains'] as string[]
      expect(names).toEqual(['elm-lang.org', 'package.elm-lang.org', 'www.elm-lang.org'])
      await terraform('apply', '-input=false', 'plan.tfplan')
    })

    it('new-service guide: one new record, a new certificate with its name', async () => {
      const made = await cli([
        'new-service',
        'guide',
        '--host',
        'guide.elm-lang.org',
        '--server',
        '--image',
        `ghcr.io/example/guide:1@sha256:${'d'.repeat(64)}`,
        '--no-data',
        '--root',
        repo
      ])
      expect(made.code).toBe(0)
      const added = await plan()
      expect(added.changes).toEqual([
        'create terraform_data.subdomain["guide"]',
        'delete+create terraform_data.certificate'
      ])
      const after = added.certificate['triggers_replace'] as Json
      expect(after['domains']).toEqual([
        'elm-lang.org',
        'guide.elm-lang.org',
        'package.elm-lang.org',
        'www.elm-lang.org'
      ])
      expect(after['name']).toMatch(/^elm-public-[0-9a-f]{10}$/)
      await terraform('apply', '-input=false', 'plan.tfplan')
    })

    it('remove-service guide: the record goes, the certificate goes back to the old names', async () => {
      expect((await cli(['remove-service', 'guide', '--root', repo])).code).toBe(0)
      const removed = await plan()
      expect(removed.changes).toEqual([
        'delete terraform_data.subdomain["guide"]',
        'delete+create terraform_data.certificate'
      ])
      expect((removed.certificate['triggers_replace'] as Json)['domains']).toEqual(names)
    })
  }
)
