import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { execRunner } from '../adapters/exec-runner.js'
import { runPlaybook } from '../ansible/run-playbook.js'
import type { Catalog } from '../catalog/catalog.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import type { Logger } from '../ports.js'
import { REPO_ROOT, runActionProcess } from '../testing/run-action-process.js'
import { BRING_UP_STEPS, type StepId } from './steps.js'
import type { BringUpHost, BringUpSecrets, BringUpWorld, Site } from './world.js'

/**
 * The bring-up from an empty account to the sites answering, then the loss of one VM: the steps of
 * steps.ts, the same in every world (world.ts). Everything the pipeline runs is the real thing:
 * `elm-infra secrets init`, ansible/inventory/terraform.py over a real `terraform output -json`,
 * the whole playbook, and the nomad-deploy action's bundle (dist/index.js, as the runner starts it)
 * with the deploy token the playbook made and the pipeline's client certificate; the Nomad
 * Variables are put, as the README says, with the management token.
 */

export interface StepReport {
  readonly id: StepId
  readonly title: string
  readonly outcome: 'done' | 'skipped'
  readonly seconds: number
  readonly detail: string
}

export interface BringUpOptions {
  readonly world: BringUpWorld
  readonly work: string
  readonly logger: Logger
  /** `elm-infra <argv>` (in-process in tests), for `secrets init`. */
  readonly cli: (argv: readonly string[]) => Promise<{ code: number; out: string; err: string }>
  /** How long a site may take to answer after a deploy or a lost host. */
  readonly patienceMs: number
  /** Called after each step (a test stops on a failure and looks at the world). */
  readonly onStep?: (report: StepReport) => void
}

export class BringUpError extends Error {
  constructor(
    readonly step: StepId,
    message: string,
    readonly reports: readonly StepReport[]
  ) {
    super(`bring-up step "${step}" failed: ${message}`)
  }
}

const title = (id: StepId): string => BRING_UP_STEPS.find(s => s.id === id)?.title ?? id

/** Runs every step in order; throws a BringUpError naming the step that failed. */
export async function bringUp(options: BringUpOptions): Promise<StepReport[]> {
  const { world, work, logger } = options
  const reports: StepReport[] = []
  let secrets: BringUpSecrets | undefined
  let outputs = ''
  let inventory = ''
  const live: BringUpHost[] = [...world.hosts]

  const step = async (
    id: StepId,
    run: () => Promise<string | { skipped: string }>
  ): Promise<void> => {
    const started = Date.now()
    const detail = await logger.group(`${id}: ${title(id)}`, async () => {
      try {
        return await run()
      } catch (error) {
        throw new BringUpError(id, error instanceof Error ? error.message : String(error), reports)
      }
    })
    const report: StepReport = {
      id,
      title: title(id),
      outcome: typeof detail === 'string' ? 'done' : 'skipped',
      seconds: Math.round((Date.now() - started) / 100) / 10,
      detail: typeof detail === 'string' ? detail : detail.skipped
    }
    reports.push(report)
    logger.info(
      `${report.outcome === 'done' ? '✓' : '–'} ${id} (${report.seconds} s): ${report.detail}`
    )
    options.onStep?.(report)
  }
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is missing (an earlier step did not run)`)
    return value
  }

  logger.info(`Bringing up ${world.hosts.length} nodes on ${world.description}`)

  await step('secrets', async () => {
    const dir = join(work, 'secrets')
    const init = await options.cli(['secrets', 'init', '--domain', world.domain, '--out-dir', dir])
    if (init.code !== 0) throw new Error(`elm-infra secrets init exited ${init.code}: ${init.err}`)
    const vars = parse(readFileSync(join(dir, 'ansible-extra-vars.yml'), 'utf8')) as Record<
      string,
      string
    >
    // ANSIBLE_EXTRA_VARS is the whole file plus the two GHCR lines of runbook step 3.
    writeFileSync(
      join(dir, 'ansible-extra-vars.yml'),
      `${readFileSync(join(dir, 'ansible-extra-vars.yml'), 'utf8')}${stringify({
        ghcr_pull_username: 'elm-infra-bring-up',
        ghcr_pull_token: 'bring-up-pull-token'
      })}`
    )
    secrets = { dir, vars }
    return `${Object.keys(vars).length} values and the certificates in ${dir}`
  })

  await step('apply', async () => {
    outputs = await world.apply(work)
    const doc = JSON.parse(readFileSync(outputs, 'utf8')) as {
      nodes?: { value?: Array<{ name: string }> }
    }
    const names = (doc.nodes?.value ?? []).map(n => n.name)
    const want = world.hosts.map(h => h.name)
    if (names.join() !== want.join())
      throw new Error(`terraform output names ${names.join(', ')}, not ${want.join(', ')}`)
    return `terraform output -json names ${names.join(', ')}`
  })

  await step('inventory', async () => {
    inventory = await world.inventory(work, need(secrets, 'the secrets'))
    const listed = await execRunner.run('ansible-inventory', ['-i', inventory, '--list'], {
      env: { ...process.env, ELM_INFRA_TERRAFORM_OUTPUTS: outputs } as Record<string, string>
    })
    if (listed.exitCode !== 0) throw new Error(`ansible-inventory: ${listed.stderr}`)
    const list = JSON.parse(listed.stdout) as {
      cluster?: { hosts?: string[] }
      _meta?: { hostvars?: Record<string, { private_ip?: string }> }
    }
    const problems = world.hosts.flatMap(h => {
      const ip = list._meta?.hostvars?.[h.name]?.private_ip
      return list.cluster?.hosts?.includes(h.name) === true && ip === h.privateIp
        ? []
        : [`${h.name} (private_ip ${ip ?? 'none'}, want ${h.privateIp})`]
    })
    if (problems.length > 0) throw new Error(`the inventory lacks ${problems.join('; ')}`)
    return `cluster: ${world.hosts.map(h => `${h.name} ${h.privateIp}`).join(', ')}`
  })

  await step('ansible', async () => {
    const s = need(secrets, 'the secrets')
    const outcome = await runPlaybook(execRunner, {
      directory: join(REPO_ROOT, 'ansible'),
      playbook: 'playbooks/main.yaml',
      inventory,
      extraVarsFiles: [join(s.dir, 'ansible-extra-vars.yml')],
      mode: 'apply',
      terraformOutputsFile: outputs
    })
    if (!outcome.ok) throw new Error(outcome.reason)
    if (outcome.exitCode !== 0 || outcome.report.failures.length > 0)
      throw new Error(
        outcome.report.failures.map(f => `${f.host}: ${f.task}: ${f.message}`).join('\n') ||
          `ansible-playbook exited ${outcome.exitCode}`
      )
    const changed = outcome.report.recap.map(r => `${r.host} ${r.changed} changed`)
    return `no failures; ${changed.join(', ')}`
  })

  const nomad = (): NomadAccess => {
    const s = need(secrets, 'the secrets')
    return {
      address: world.nomadAddress(),
      ca: s.vars['nomad_tls_ca_cert'] ?? '',
      cert: readFileSync(join(s.dir, 'nomad-cli.pem'), 'utf8'),
      key: readFileSync(join(s.dir, 'nomad-cli-key.pem'), 'utf8')
    }
  }

  await step('job-variables', async () => {
    const s = need(secrets, 'the secrets')
    const management = s.vars['nomad_bootstrap_token'] ?? ''
    const variables = await world.jobVariables()
    for (const [path, items] of Object.entries(variables)) {
      const answer = await nomadRequest(nomad(), management, 'PUT', `/v1/var/${path}`, {
        Namespace: 'default',
        Path: path,
        Items: items
      })
      if (answer.status !== 200)
        throw new Error(`nomad var put ${path}: HTTP ${answer.status} ${answer.body}`)
    }
    return `nomad var put ${Object.keys(variables).join(', ')}`
  })

  const catalog: Catalog = await loadCatalog(REPO_ROOT)
  const jobs = catalog.jobs.map(j => ({
    ...j,
    csiPlugin: /\bcsi_plugin\s*\{/.test(readFileSync(join(REPO_ROOT, j.jobFile), 'utf8'))
  }))

  const deploy = async (jobFile: string): Promise<string> => {
    const s = need(secrets, 'the secrets')
    const n = nomad()
    const service = catalog.services.find(x => x.jobFile === jobFile)
    const result = await runActionProcess('nomad-deploy', {
      inputs: {
        'job-file': await world.jobFile(jobFile, work),
        ...(service ? { image: await world.image(service) } : {}),
        version: 'bring-up',
        'nomad-addr': n.address,
        'nomad-token': s.vars['nomad_deploy_token'] ?? '',
        'nomad-ca-cert': n.ca,
        'nomad-client-cert': n.cert,
        'nomad-client-key': n.key,
        timeout: '10m'
      },
      timeoutMs: 11 * 60_000
    })
    const status = result.outputs['status'] ?? ''
    if (result.exitCode !== 0 || !['success', 'no-changes'].includes(status))
      throw new Error(
        `nomad-deploy ${jobFile} exited ${result.exitCode} (status ${status || 'none'}):\n${result.stdout.slice(-3000)}${result.stderr.slice(-2000)}`
      )
    return `${jobFile}: ${status}, job version ${result.outputs['job-version'] ?? '?'}`
  }

  await step('csi-plugins', async () => {
    if (!world.csi)
      return { skipped: 'no CSI here: the package site gets a host volume in its place' }
    const done: string[] = []
    for (const job of jobs.filter(j => j.csiPlugin)) done.push(await deploy(job.jobFile))
    return done.join('; ')
  })

  await step('volume', async () => {
    if (!world.csi)
      return { skipped: 'no CSI here: the package site gets a host volume in its place' }
    const dir = join(REPO_ROOT, 'nomad', 'volumes')
    const files = readdirSync(dir)
      .filter(f => f.endsWith('.volume.hcl'))
      .sort()
    for (const f of files) await world.createVolume(join('nomad', 'volumes', f))
    return `nomad volume create ${files.join(', ')}`
  })

  await step('jobs', async () => {
    const done: string[] = []
    for (const job of jobs.filter(j => !j.csiPlugin)) done.push(await deploy(job.jobFile))
    return done.join('; ')
  })

  const sites: Site[] = catalog.services.flatMap(s => {
    if (s.publicUrl === '') return []
    const url = new URL(s.publicUrl)
    return [{ service: s.name, host: url.host, path: url.pathname }]
  })

  const everySiteServed = async (via: readonly BringUpHost[]): Promise<string> => {
    const deadline = Date.now() + options.patienceMs
    for (;;) {
      const answers = await Promise.all(
        sites.flatMap(site => via.map(async h => ({ site, h, served: await world.serve(site, h) })))
      )
      const failing = answers.filter(a => !a.served.ok)
      if (failing.length === 0)
        return answers.map(a => `${a.site.host} via ${a.h.name}: ${a.served.detail}`).join('; ')
      if (Date.now() > deadline)
        throw new Error(
          failing.map(a => `${a.site.host} via ${a.h.name}: ${a.served.detail}`).join('; ')
        )
      await new Promise(resolve => setTimeout(resolve, 2000))
    }
  }

  await step('serving', () => everySiteServed(live))

  // The hardest loss: the node of the volume's one writer (the package site), found the way a
  // maintainer would (GET /v1/job/:id/allocations, api/jobs.go Allocations: NodeName).
  await step('lose-host', async () => {
    const writer = catalog.services.find(svc =>
      /^\s*volume\s+"/m.test(readFileSync(join(REPO_ROOT, svc.jobFile), 'utf8'))
    )
    let runsOn: string | undefined
    if (writer) {
      const management = need(secrets, 'the secrets').vars['nomad_bootstrap_token'] ?? ''
      const answer = await nomadRequest(
        nomad(),
        management,
        'GET',
        `/v1/job/${writer.jobId}/allocations`
      )
      if (answer.status !== 200)
        throw new Error(`GET /v1/job/${writer.jobId}/allocations: HTTP ${answer.status}`)
      const allocs = JSON.parse(answer.body) as Array<{ NodeName: string; ClientStatus: string }>
      runsOn = allocs.find(a => a.ClientStatus === 'running')?.NodeName
    }
    const lost = live.find(h => h.name === runsOn) ?? live.at(-1)
    if (!lost) throw new Error('no host to lose')
    live.splice(live.indexOf(lost), 1)
    await world.loseHost(lost)
    return writer && runsOn === lost.name
      ? `${lost.name} stopped: it ran ${writer.jobId}, its volume's one writer`
      : `${lost.name} stopped`
  })

  await step('serving-after-loss', () => everySiteServed(live))
  return reports
}

/** Nomad's API as the pipeline and a maintainer's laptop reach it: mutual TLS. */
export interface NomadAccess {
  readonly address: string
  readonly ca: string
  readonly cert: string
  readonly key: string
}

/** One Nomad API request (`nomad var put` is PUT /v1/var/:path: api/variables.go Create). */
export function nomadRequest(
  access: NomadAccess,
  token: string,
  method: string,
  path: string,
  payload?: unknown
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, access.address),
      {
        method,
        ca: access.ca,
        cert: access.cert,
        key: access.key,
        headers: { 'X-Nomad-Token': token, 'Content-Type': 'application/json' },
        timeout: 30_000
      },
      res => {
        let body = ''
        res.setEncoding('utf8').on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)))
    req.on('error', reject)
    req.end(payload === undefined ? undefined : JSON.stringify(payload))
  })
}

/** The report as a Markdown table (the step summary on GitHub). */
export function reportMarkdown(world: BringUpWorld, reports: readonly StepReport[]): string {
  const rows = reports.map(
    r =>
      `| ${r.id} | ${r.outcome} | ${r.seconds} s | ${r.detail.replace(/\|/g, '\\|').slice(0, 400)} |`
  )
  return [
    `## Bring-up on ${world.description}`,
    '',
    '| step | outcome | time | detail |',
    '| --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}
