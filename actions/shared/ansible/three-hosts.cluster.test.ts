import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { execRunner } from '../adapters/exec-runner.js'
import { engines, requireEngine } from '../testing/engines.js'
import { REPO_ROOT } from '../testing/run-action-process.js'
import { runPlaybook, type PlaybookOutcome } from './run-playbook.js'
import { ensureHostImage } from './testing/host-image.js'
import { startStandInCluster, type StandInCluster } from './testing/stand-in-cluster-api.js'
import {
  freePort,
  standInHosts,
  startStandInHost,
  startStandInMirror,
  type StandInMirror,
  terraformOutputsDocument,
  wireStandInHosts,
  writeStandInInventory
} from './testing/stand-in-hosts.js'
import { exec, removeHosts } from './testing/test-hosts.js'

const ready =
  requireEngine('docker', engines.docker()) && requireEngine('ansible', engines.ansible())

// Three hosts on the machine's loopback (--network host), so one stand-in API serves them all.
const HOSTS = standInHosts('i14')
const [HOST1, HOST2, HOST3] = HOSTS.map(h => h.name) as [string, string, string]

describe('three blank hosts to a secured cluster, and rolls that never cost quorum', () => {
  if (!ready) {
    it('is not run: no docker engine or ansible here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'i14-cluster-'))
  const ansibleDir = join(REPO_ROOT, 'ansible')
  // The inventory is what the pipeline uses: ansible/inventory/terraform.py over a document shaped
  // like `terraform output -json` (terraform/outputs.tf), plus a file with what only a test sets.
  const inventory = join(work, 'inventory')
  const terraformOutputs = join(work, 'terraform-outputs.json')
  const secretsDir = join(work, 'secrets')
  let api: StandInCluster
  let mirror: StandInMirror
  let secrets: Record<string, string>
  let jwksPort: number

  // The first run is the whole playbook; later runs leave out the base and docker roles (their
  // idempotence is playbook.engine.test.ts's), which keeps this suite to minutes on a busy machine.
  const play = (
    options: { extra?: string[]; whole?: boolean; limit?: string } = {}
  ): Promise<PlaybookOutcome> =>
    runPlaybook(execRunner, {
      directory: ansibleDir,
      playbook: 'playbooks/main.yaml',
      inventory,
      extraVarsFiles: [join(secretsDir, 'ansible-extra-vars.yml'), ...(options.extra ?? [])],
      mode: 'apply',
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      env: {
        ELM_INFRA_TERRAFORM_OUTPUTS: terraformOutputs,
        ...(options.whole === true ? {} : { ANSIBLE_SKIP_TAGS: 'base,docker' })
      }
    })
  const changedOn = (o: PlaybookOutcome): Record<string, number> =>
    o.ok ? Object.fromEntries(o.report.recap.map(r => [r.host, r.changed])) : {}

  beforeAll(async () => {
    const image = await ensureHostImage()
    mirror = await startStandInMirror(work)
    // The leader is host 3's IP, so the roll order must be host1, host2, host3.
    api = await startStandInCluster('10.10.0.4')
    // Real secrets: the CLI generates them (certificates from openssl).
    const { cli } = await import('../../../cli/test-support/run-cli.js')
    const init = await cli(['secrets', 'init', '--out-dir', secretsDir])
    if (init.code !== 0) throw new Error(init.err)
    secrets = parse(readFileSync(join(secretsDir, 'ansible-extra-vars.yml'), 'utf8')) as Record<
      string,
      string
    >
    jwksPort = await freePort()
    writeFileSync(terraformOutputs, JSON.stringify(terraformOutputsDocument(HOSTS)))
    writeStandInInventory(inventory, HOSTS, mirror, api, jwksPort)
    await Promise.all(HOSTS.map(h => startStandInHost(h.name, image, 'i14')))
    await wireStandInHosts(HOSTS, api, HOST3)
  }, 900_000)

  afterAll(async () => {
    await removeHosts(HOSTS.map(h => h.name))
    await api?.close()
    mirror?.close()
    rmSync(work, { recursive: true, force: true })
  }, 120_000)

  it('the first run on three blank hosts succeeds in one go and makes every policy and token', async () => {
    const outcome = await play({ whole: true })
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([])
    expect(outcome.exitCode).toBe(0)
    expect([...api.consul.policies.keys()].sort()).toEqual([
      'consul-agents',
      'nomad-agents',
      'policy-nomad-tasks',
      'traefik'
    ])
    expect(api.consul.tokens.get(secrets['traefik_consul_token_accessor'] ?? '')).toMatchObject({
      SecretID: secrets['traefik_consul_token'],
      Policies: [{ Name: 'traefik' }]
    })
    expect(api.consul.tokens.get(secrets['consul_agent_token_accessor'] ?? '')?.SecretID).toBe(
      secrets['consul_agent_token']
    )
    expect(api.consul.tokens.get(secrets['nomad_consul_token_accessor'] ?? '')?.SecretID).toBe(
      secrets['nomad_consul_token']
    )
    expect(api.consul.policies.get('traefik')?.Rules).toMatch(
      /service_prefix "" \{ policy = "read" \}\nnode_prefix "" \{ policy = "read" \}/
    )
    const method = api.consul.authMethods.get('nomad-workloads')
    expect(method).toMatchObject({
      Type: 'jwt',
      TokenLocality: 'local',
      Config: {
        JWKSURL: `https://127.0.0.1:${jwksPort}/.well-known/jwks.json`,
        JWKSCACert: secrets['nomad_tls_ca_cert'],
        BoundAudiences: ['consul.io']
      }
    })
    // Nomad cannot renew Consul tokens: the method must not expire them (Nomad docs, "Consul Auth
    // Method": never set MaxTokenTTL).
    expect(method).not.toHaveProperty('MaxTokenTTL')
    // Consul's check reached Nomad through the proxy (nginx presents the agent's client certificate).
    expect(api.requests).toContainEqual({
      product: 'nomad',
      method: 'GET',
      path: '/.well-known/jwks.json'
    })
    expect(api.consul.bindingRules.map(r => r.BindType).sort()).toEqual(['role', 'service'])
    expect(api.nomad.bootstrapSecret).toBe(secrets['nomad_bootstrap_token'])
    expect([...api.nomad.policies.keys()].sort()).toEqual(['deploy', 'drain', 'drift'])
    const drift = api.nomad.policies.get('drift')?.Rules ?? ''
    expect(drift).toContain('"read-job"')
    expect(drift).toContain('"parse-job"')
    expect(drift).not.toContain('submit-job')
    expect(api.nomad.policies.get('deploy')?.Rules).toContain('"submit-job"')
    expect(api.nomad.policies.get('drain')?.Rules).toMatch(/node \{\n\s+policy = "write"/)
    for (const [name, key] of [
      ['deploy', 'nomad_deploy_token'],
      ['drift', 'nomad_read_token'],
      ['drain', 'drain_nomad_token']
    ] as const)
      expect(api.nomad.tokens.get(secrets[`${key}_accessor`] ?? '')).toMatchObject({
        SecretID: secrets[key],
        Policies: [name],
        Type: 'client'
      })
    expect(api.nomad.variables.get('nomad/jobs/traefik')?.Items).toEqual({
      consul_token: secrets['traefik_consul_token']
    })
    expect(api.nomad.scheduler.MemoryOversubscriptionEnabled).toBe(true)
    // Bootstrap: no gate, no drain on blank hosts.
    expect(
      api.requests.filter(
        r => r.path.includes('autopilot') || /^\/v1\/node\/[^/]+\/drain$/.test(r.path)
      )
    ).toEqual([])
  }, 2_400_000)

  it('renders Consul and Nomad configs for the 3 nodes that parse as HCL and set what the issue asks', async () => {
    for (const h of HOSTS) {
      const consul = await parseHcl(
        'consul.hcl',
        await exec(h.name, ['cat', '/etc/consul.d/consul.hcl'])
      )
      expect(consul).toMatchObject({
        node_name: h.name,
        bind_addr: h.privateIp,
        retry_join: HOSTS.map(x => x.privateIp),
        performance: [{ raft_multiplier: 1 }],
        tls: [
          {
            defaults: [{ verify_incoming: true, verify_outgoing: true }],
            internal_rpc: [{ verify_server_hostname: true }]
          }
        ],
        acl: [
          {
            default_policy: 'deny',
            tokens: [
              {
                initial_management: secrets['consul_initial_management_token'],
                agent: secrets['consul_agent_token']
              }
            ]
          }
        ]
      })
      const nomad = await parseHcl(
        'nomad.hcl',
        await exec(h.name, ['cat', '/etc/nomad.d/nomad.hcl'])
      )
      expect(nomad).toMatchObject({
        name: h.name,
        server: [
          {
            raft_multiplier: 1,
            default_scheduler_config: [{ memory_oversubscription_enabled: true }]
          }
        ],
        // The port range from Terraform's outputs, through terraform.py.
        client: [{ network_interface: 'eth1', min_dynamic_port: 20000, max_dynamic_port: 32000 }],
        consul: [
          {
            token: secrets['nomad_consul_token'],
            service_identity: [{ aud: ['consul.io'] }],
            task_identity: [{ aud: ['consul.io'] }]
          }
        ],
        tls: [{ http: true, rpc: true, verify_server_hostname: true }]
      })
      // The trusted range is Terraform's vpc_ip_range output, through inventory/terraform.py.
      expect(await exec(h.name, ['cat', '/etc/nftables.conf'])).toContain('10.10.0.0/16')
      expect(await exec(h.name, ['cat', '/etc/ssh/sshd_config.d/00-elm-hardening.conf'])).toMatch(
        /PermitRootLogin prohibit-password[\s\S]*AllowTcpForwarding local/
      )
    }
  }, 120_000)

  it('a second run changes nothing, and passes the gates in leader-last order', async () => {
    api.nomad.jobs.add('traefik')
    api.requests.length = 0
    const outcome = await play()
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([])
    expect(changedOn(outcome)).toEqual({ [HOST1]: 0, [HOST2]: 0, [HOST3]: 0 })
    expect(api.requests.filter(r => r.path === '/v1/operator/autopilot/health').length).toBe(12)
  }, 1_200_000)

  it('a rerun corrects an auth method and binding rules changed by hand, and changes nothing more', async () => {
    // An older play's method (MaxTokenTTL, another JWKS URL), a rule rewritten by hand, an extra rule.
    const method = api.consul.authMethods.get('nomad-workloads')
    if (!method) throw new Error('no auth method')
    api.consul.authMethods.set('nomad-workloads', {
      ...method,
      MaxTokenTTL: '30m0s',
      Config: { ...method.Config, JWKSURL: api.nomadUrl + '/.well-known/jwks.json' }
    })
    const service = api.consul.bindingRules.find(r => r.BindType === 'service')
    if (!service) throw new Error('no service binding rule')
    service.BindName = 'anything'
    api.consul.bindingRules.push({ ...service, ID: 'extra-rule', BindName: 'extra' })
    const outcome = await play({ limit: HOST1 })
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([])
    expect(api.consul.authMethods.get('nomad-workloads')).toEqual(method)
    expect(api.consul.bindingRules.map(r => [r.BindType, r.BindName, r.Selector]).sort()).toEqual([
      ['role', 'nomad-${value.nomad_namespace}-tasks', '"nomad_service" not in value'],
      ['service', '${value.nomad_service}', '"nomad_service" in value']
    ])
    const again = await play({ limit: HOST1 })
    if (!again.ok) throw new Error(again.reason)
    expect(changedOn(again)).toEqual({ [HOST1]: 0 })
  }, 1_200_000)

  it("host 2's failing health gate stops the run before host 3; a rerun re-enables the node an earlier run left ineligible", async () => {
    // An earlier run drained host 1 and failed; hosts 2 and 3 were changed by hand.
    const node1 = [...api.nomad.nodes.values()].find(n => n.Name === HOST1)
    if (!node1) throw new Error('host 1 never registered')
    Object.assign(node1, {
      SchedulingEligibility: 'ineligible',
      LastDrain: { Meta: { 'elm-infra': 'ansible' } }
    })
    for (const h of [HOST2, HOST3])
      await exec(h, [
        'sed',
        '-i',
        's/LimitNOFILE=65536/LimitNOFILE=1024/',
        '/etc/systemd/system/consul.service'
      ])
    // Host 1's gates (before and after) see a healthy Nomad; from host 2's gate on it is unhealthy.
    api.nomadHealthyAnswers = 2
    const failed = await play()
    if (!failed.ok) throw new Error(failed.reason)
    expect(failed.exitCode).not.toBe(0)
    expect(failed.report.failures).toEqual([
      expect.objectContaining({
        host: HOST2,
        task: 'cluster_gate : Stop unless Nomad is healthy',
        message: expect.stringContaining(`Nomad is not healthy enough to touch ${HOST2}: HTTP 429`)
      })
    ])
    expect(node1.SchedulingEligibility).toBe('eligible')
    for (const h of [HOST2, HOST3])
      expect(await exec(h, ['cat', '/etc/systemd/system/consul.service'])).toContain(
        'LimitNOFILE=1024'
      )

    // Host 2 was replaced once: its old node record is still listed, down, under the same name.
    const live2 = [...api.nomad.nodes.values()].find(n => n.Name === HOST2)
    if (!live2) throw new Error('host 2 never registered')
    const stale = { ...live2, ID: 'stale-node-of-host-2', Status: 'down', CreateIndex: 1 }
    const withStale = new Map([[stale.ID, stale], ...api.nomad.nodes])
    api.nomad.nodes.clear()
    for (const [id, node] of withStale) api.nomad.nodes.set(id, node)
    api.nomadHealthyAnswers = Number.POSITIVE_INFINITY
    const rerun = await play()
    if (!rerun.ok) throw new Error(rerun.reason)
    expect(rerun.report.failures).toEqual([])
    expect(
      [...api.nomad.nodes.values()].filter(n => n !== stale).map(n => n.SchedulingEligibility)
    ).toEqual(['eligible', 'eligible', 'eligible'])
    for (const h of [HOST2, HOST3])
      expect(await exec(h, ['cat', '/etc/systemd/system/consul.service'])).toContain(
        'LimitNOFILE=65536'
      )
    // Hosts 2 and 3 were drained (with -ignore-system) before their restart and made eligible after:
    // host 2 by its live record, never the stale one listed first.
    const drained = api.requests.filter(r => /^\/v1\/node\/[^/]+\/drain$/.test(r.path))
    expect(drained.map(r => r.path)).toEqual([`/v1/node/${live2.ID}/drain`, expect.any(String)])
    expect(stale.SchedulingEligibility).toBe('eligible')
    expect(stale.LastDrain).toBeNull()
  }, 1_800_000)

  it('a wrong drain token fails the run loudly instead of skipping the drain', async () => {
    const wrong = join(work, 'wrong-token.yml')
    writeFileSync(wrong, stringify({ drain_nomad_token: '00000000-0000-4000-8000-000000000000' }))
    const outcome = await play({ extra: [wrong], limit: HOST1 })
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([
      expect.objectContaining({
        host: HOST1,
        task: 'drain : Stop when Nomad refuses the drain check',
        message: expect.stringMatching(
          /HTTP 403 .*Permission denied.*drain_nomad_token is not accepted/
        )
      })
    ])
  }, 900_000)
})
