import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { engines, requireEngine } from '../../testing/engines.js'
import { REPO_ROOT } from '../../testing/run-action-process.js'
import { hostVolumesFor, releaseLayout } from './release-world-config.js'
import {
  repoJobFiles,
  terraformDefaults,
  terraformOutputs,
  writeReleaseInventory
} from './release-world.js'

/**
 * The release world's part that runs here: its apply's outputs by the real Terraform CLI, read by
 * the real ansible/inventory/terraform.py and Ansible's own inventory, with the repository's
 * group_vars, exactly as the playbook on GitHub gets them (the hosts themselves need systemd
 * containers and the internet: bring-up.yml).
 */
const exec = promisify(execFile)
const ready =
  requireEngine('terraform', engines.terraform()) && requireEngine('ansible', engines.ansible())

describe('the release world’s outputs and inventory, by the real Terraform and Ansible', () => {
  if (!ready) {
    it('is not run: no terraform or ansible here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-release-world-'))
  let outputs = ''
  let inventory = ''
  const hosts = releaseLayout('10.20.0.0/24', 'x').hosts

  beforeAll(async () => {
    const defaults = await terraformDefaults()
    outputs = await terraformOutputs(work, releaseLayout(defaults.vpcIpRange, 'x').hosts, defaults)
    inventory = writeReleaseInventory(work, hosts, hostVolumesFor(repoJobFiles()))
  }, 120_000)

  afterAll(() => rmSync(work, { recursive: true, force: true }))

  const hostVars = async (name: string): Promise<Record<string, unknown>> => {
    const { stdout } = await exec('ansible-inventory', ['-i', inventory, '--host', name], {
      cwd: join(REPO_ROOT, 'ansible'),
      env: { ...process.env, ELM_INFRA_TERRAFORM_OUTPUTS: outputs }
    })
    return JSON.parse(stdout) as Record<string, unknown>
  }

  it('terraform output -json names the three hosts as outputs.tf shapes them', () => {
    const doc = JSON.parse(readFileSync(outputs, 'utf8')) as Record<
      string,
      { sensitive: boolean; value: unknown }
    >
    expect(doc['nodes']?.value).toEqual(
      hosts.map(h => ({ name: h.name, private_ip: h.privateIp, public_ip: h.publicIp }))
    )
    expect(doc['vpc_ip_range']?.value).toBe('10.20.0.0/24')
    expect(doc['nomad_min_dynamic_port']?.value).toBe(20000)
  })

  it('each host: its private IP, the docker connection to its container, the host volume', async () => {
    for (const h of hosts) {
      const vars = await hostVars(h.name)
      expect(vars).toMatchObject({
        private_ip: h.privateIp,
        public_ip: h.publicIp,
        ansible_host: h.name,
        ansible_connection: 'community.docker.docker',
        base_firewall_trusted_cidrs: ['10.20.0.0/24'],
        nomad_network_interface: 'eth0',
        nomad_host_volumes: [
          { name: 'package-site-data', path: '/opt/nomad-host-volumes/package-site-data' }
        ]
      })
    }
  }, 60_000)

  it('the repository’s group_vars apply, as in the pipeline’s run', async () => {
    const vars = await hostVars(hosts[0]?.name ?? '')
    // group_vars/cluster.yml: the GHCR pull credentials follow ghcr_pull_token.
    expect(String(vars['nomad_docker_registry_auths'])).toContain('ghcr_pull_token')
    expect(vars['base_admin_users']).toEqual([])
  }, 60_000)
})
