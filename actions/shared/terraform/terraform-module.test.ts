import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from '@cdktf/hcl2json'
import { parse as parseYaml } from 'yaml'
import { block, MODULE_DIR, readModule } from './testing/module.js'

const module = await readModule()
const rules = (kind: 'inbound_rule' | 'outbound_rule'): Record<string, unknown>[] =>
  block(module, 'resource', 'digitalocean_firewall', 'node')[kind] as Record<string, unknown>[]

describe('the DigitalOcean module (terraform/)', () => {
  it('types and describes every variable and output', () => {
    const variables = Object.entries(module['variable'] as Record<string, unknown>)
    expect(variables.length).toBeGreaterThan(5)
    for (const [name] of variables) {
      const v = block(module, 'variable', name)
      expect([name, typeof v['type'], typeof v['description']]).toEqual([name, 'string', 'string'])
    }
    for (const [name] of Object.entries(module['output'] as Record<string, unknown>))
      expect([name, typeof block(module, 'output', name)['description']]).toEqual([name, 'string'])
  })

  it('pins Terraform (also in .terraform-version) and the provider; the s3 backend holds no secrets', async () => {
    const terraform = block(module, 'terraform')
    const pinned = (await readFile(join(MODULE_DIR, '.terraform-version'), 'utf8')).trim()
    expect(terraform['required_version']).toBe(`~> ${pinned.replace(/\.\d+$/, '.0')}`)
    expect(block(module, 'terraform', 'required_providers')['digitalocean']).toEqual({
      source: 'digitalocean/digitalocean',
      version: expect.stringMatching(/^~> 2\.\d+$/)
    })
    const backend = block(module, 'terraform', 'backend', 's3')
    for (const secret of ['access_key', 'secret_key', 'bucket', 'key', 'endpoints'])
      expect(backend[secret]).toBeUndefined()
    const settings = await readFile(join(MODULE_DIR, 'state.s3.tfbackend'), 'utf8')
    expect(settings).toMatch(/^bucket\s+= "/m)
    expect(settings).not.toMatch(/^\s*(access_key|secret_key|token)\s*=/m)
  })

  it("commits the provider lock: every required provider, its constraint, every platform's hash", async () => {
    // terraform init -lockfile=readonly (terraform-cli.ts) uses exactly these. zh: hashes are the
    // SHA256SUMS of every release zip (Terraform's getproviders/hash.go), so they cover linux_amd64,
    // darwin_arm64 and darwin_amd64 alike; 16 for the DigitalOcean provider = its goreleaser targets
    // at v2.51.0 (freebsd, windows, linux, darwin, openbsd × amd64, 386, arm, arm64, less the
    // ignored and invalid pairs).
    const lock = (await parse(
      '.terraform.lock.hcl',
      await readFile(join(MODULE_DIR, '.terraform.lock.hcl'), 'utf8')
    )) as { provider: Record<string, { version: string; constraints: string; hashes: string[] }[]> }
    const required = block(module, 'terraform', 'required_providers') as Record<
      string,
      { source: string; version: string }
    >
    expect(Object.keys(lock.provider).sort()).toEqual(
      Object.values(required)
        .map(p => `registry.terraform.io/${p.source}`)
        .sort()
    )
    for (const p of Object.values(required)) {
      const locked = lock.provider[`registry.terraform.io/${p.source}`]?.[0]
      expect(locked?.constraints).toBe(p.version)
      expect(locked?.version).toMatch(
        new RegExp(`^${p.version.replace(/^~> (\d+)\..*$/, '$1')}\\.`)
      )
      for (const hash of locked?.hashes ?? [])
        expect(hash).toMatch(/^(h1:[A-Za-z0-9+/]{43}=|zh:[0-9a-f]{64})$/)
    }
    const zh = (source: string): number =>
      (lock.provider[`registry.terraform.io/${source}`]?.[0]?.hashes ?? []).filter(h =>
        h.startsWith('zh:')
      ).length
    expect(zh('digitalocean/digitalocean')).toBe(16)
    expect(zh('hashicorp/tls')).toBe(12)
  })

  it('opens exactly: web and ping from the LB, dynamic ports node to node, SSH and Nomad API to operators, cluster ports to the VPC', () => {
    // Every inbound rule as protocol, ports and its sources, whatever kind they are
    // (digitalocean/firewall/resource_firewall.go: source_addresses, source_tags,
    // source_load_balancer_uids…); anything not listed here makes this test fail.
    const inbound = rules('inbound_rule').map(r => {
      const { protocol, port_range, ...sources } = r
      return [protocol, port_range ?? 'all', sources]
    })
    const vpc = { source_addresses: ['${digitalocean_vpc.main.ip_range}'] }
    const lb = { source_load_balancer_uids: ['${digitalocean_loadbalancer.public.id}'] }
    const operators = { source_addresses: '${local.operator_sources}' }
    const expected = [
      // The web port is the one the load balancer forwards to (load-balancer.tf).
      ['tcp', '${tostring(local.traefik_http_port)}', lb],
      ['tcp', '${tostring(local.traefik_ping_port)}', lb],
      // Nomad's dynamic ports, from the node tag only.
      [
        'tcp',
        '${var.nomad_min_dynamic_port}-${var.nomad_max_dynamic_port}',
        { source_tags: ['${digitalocean_tag.node.id}'] }
      ],
      ['tcp', '22', operators],
      ['tcp', '4646', operators],
      ['tcp', '4646-4648', vpc],
      ['tcp', '8300-8302', vpc],
      ['tcp', '8500', vpc],
      ['tcp', '8600', vpc],
      ['udp', '4648', vpc],
      ['udp', '8301-8302', vpc],
      ['udp', '8600', vpc],
      ['icmp', 'all', vpc]
    ]
    const key = (r: unknown): string => JSON.stringify(r)
    expect(inbound.map(key).sort()).toEqual(expected.map(key).sort())
    // The operators are the two CIDR variables, and nothing else is open to any address list.
    const locals = Object.assign({}, ...(module['locals'] as Record<string, unknown>[]))
    expect(locals['operator_sources']).toBe(
      '${distinct(concat(var.ssh_source_cidrs, var.admin_cidrs))}'
    )
    const lbRule = block(module, 'resource', 'digitalocean_loadbalancer', 'public')[
      'forwarding_rule'
    ] as Record<string, unknown>[]
    expect(new Set(lbRule.map(r => r['target_port']))).toEqual(
      new Set(['${local.traefik_http_port}'])
    )
    const outbound = rules('outbound_rule').map(r => [r['protocol'], r['port_range'] ?? 'all'])
    expect(outbound).toEqual([
      ['tcp', '1-65535'],
      ['udp', '1-65535'],
      ['icmp', 'all']
    ])
  })

  it('keeps the droplets through key, image and user_data changes, and behind the cluster guard', () => {
    const droplet = block(module, 'resource', 'digitalocean_droplet', 'node')
    expect(block(module, 'resource', 'digitalocean_droplet', 'node', 'lifecycle')).toEqual({
      // size: the provider's resize powers a droplet off, and the three would go at once.
      ignore_changes: ['${image}', '${ssh_keys}', '${user_data}', '${size}'],
      // One node at a time: bumping its generation replaces that droplet only.
      replace_triggered_by: ['${terraform_data.node_generation[count.index]}']
    })
    expect(block(module, 'resource', 'terraform_data', 'node_generation')).toEqual({
      count: '${var.node_count}',
      input: '${lookup(var.node_generations, tostring(count.index + 1), 0)}'
    })
    expect(droplet['depends_on']).toEqual(['${terraform_data.cluster_guard}'])
    expect(block(module, 'resource', 'digitalocean_vpc', 'main')['depends_on']).toEqual([
      '${terraform_data.cluster_guard}'
    ])
  })

  it('names the certificate after its sorted domains, replaces it before destroying, owns all DNS', () => {
    const cert = block(module, 'resource', 'digitalocean_certificate', 'public')
    expect(cert['name']).toBe(
      '${local.name_prefix}-public-${substr(sha256(join(",", sort(local.hostnames))), 0, 10)}'
    )
    expect(cert['domains']).toBe('${sort(local.hostnames)}')
    expect(block(module, 'resource', 'digitalocean_certificate', 'public', 'lifecycle')).toEqual({
      create_before_destroy: true
    })
    const lb = block(module, 'resource', 'digitalocean_loadbalancer', 'public')
    expect(lb['disable_lets_encrypt_dns_records']).toBe(true)
    expect(block(module, 'resource', 'digitalocean_record', 'nomad')).toMatchObject({
      count: '${var.node_count}',
      type: 'A',
      name: 'nomad',
      value: '${digitalocean_droplet.node[count.index].ipv4_address}'
    })
    expect(block(module, 'resource', 'digitalocean_record', 'extra')['for_each']).toContain(
      'var.extra_dns_records'
    )
  })

  it('makes each node its SSH host key, gives it to cloud-init, and publishes the public half', () => {
    // terraform/host-keys.tf: one ed25519 key per node, replaced with its node.
    expect(block(module, 'resource', 'tls_private_key', 'host')).toMatchObject({
      count: '${var.node_count}',
      algorithm: 'ED25519'
    })
    expect(block(module, 'resource', 'tls_private_key', 'host', 'lifecycle')).toEqual({
      replace_triggered_by: ['${terraform_data.node_generation[count.index]}']
    })
    expect(block(module, 'terraform', 'required_providers')['tls']).toEqual({
      source: 'hashicorp/tls',
      version: expect.stringMatching(/^~> 4\.\d+$/)
    })
    const userData = String(block(module, 'resource', 'digitalocean_droplet', 'node')['user_data'])
    expect(userData).toContain('templatefile("${path.module}/cloud-init.yaml.tftpl"')
    expect(userData).toContain('tls_private_key.host[count.index].private_key_openssh')
    expect(userData).toContain('tls_private_key.host[count.index].public_key_openssh')
    const nodes = String(block(module, 'output', 'nodes')['value'])
    expect(nodes).toContain('ssh_host_key = trimspace(tls_private_key.host[i].public_key_openssh)')
    // Never the private half in an output (the ansible action's inputs are logged masked, but not
    // an output's plain value).
    expect(JSON.stringify(module['output'])).not.toMatch(/\.private_key_/)
  })

  it("uses Traefik's own ports (nomad/traefik.nomad.hcl), which the Ansible firewall lets in", async () => {
    const locals = Object.assign({}, ...(module['locals'] as Record<string, unknown>[]))
    const job = (await parse(
      'traefik.nomad.hcl',
      await readFile(join(MODULE_DIR, '..', 'nomad', 'traefik.nomad.hcl'), 'utf8')
    )) as {
      job: Record<
        string,
        { group: Record<string, { network: { port: Record<string, { static: number }[]> }[] }[]> }[]
      >
    }
    const ports = Object.values(job.job)[0]?.[0]?.group['traefik']?.[0]?.network[0]?.port ?? {}
    expect(locals['traefik_http_port']).toBe(ports['http']?.[0]?.static)
    expect(locals['traefik_ping_port']).toBe(ports['ping']?.[0]?.static)
    expect(
      block(module, 'resource', 'digitalocean_loadbalancer', 'public', 'healthcheck')['port']
    ).toBe('${local.traefik_ping_port}')
    // Not variables any more: a value changed here alone would move neither Traefik nor nftables.
    expect(Object.keys(module['variable'] as object)).not.toContain('traefik_http_port')
    const base = parseYaml(
      await readFile(
        join(MODULE_DIR, '..', 'ansible', 'roles', 'base', 'defaults', 'main.yml'),
        'utf8'
      )
    ) as { base_firewall_tcp_ports: number[] }
    expect(base.base_firewall_tcp_ports).toContain(locals['traefik_http_port'])
  })

  it('hands the dynamic port range to Ansible under the same names', () => {
    for (const name of ['nomad_min_dynamic_port', 'nomad_max_dynamic_port'])
      expect(block(module, 'output', name)['value']).toBe(`\${var.${name}}`)
    expect(block(module, 'variable', 'nomad_min_dynamic_port')['default']).toBe(20000)
    expect(block(module, 'variable', 'nomad_max_dynamic_port')['default']).toBe(32000)
  })

  it('terminates TLS at the load balancer with a Let’s Encrypt certificate and redirects HTTP', () => {
    const lb = block(module, 'resource', 'digitalocean_loadbalancer', 'public')
    expect(lb['redirect_http_to_https']).toBe(true)
    expect(lb['droplet_tag']).toBe('${digitalocean_tag.node.id}')
    const https = (lb['forwarding_rule'] as Record<string, unknown>[]).find(
      r => r['entry_port'] === 443
    )
    expect(https).toMatchObject({
      entry_protocol: 'https',
      target_protocol: 'http',
      target_port: '${local.traefik_http_port}',
      certificate_name: '${digitalocean_certificate.public.name}'
    })
    expect(
      block(module, 'resource', 'digitalocean_loadbalancer', 'public', 'healthcheck')
    ).toMatchObject({
      protocol: 'http',
      path: '/ping'
    })
    const cert = block(module, 'resource', 'digitalocean_certificate', 'public')
    expect(cert['type']).toBe('lets_encrypt')
    expect(cert['depends_on']).toEqual(['${digitalocean_domain.main}'])
  })

  it("points elm-lang.org and every service's host at the load balancer", async () => {
    expect(block(module, 'variable', 'domain')['default']).toBe('elm-lang.org')
    // No second list: the names come from the job files, through the generated tfvars file
    // (actions/shared/catalog/generated.test.ts checks that file against the job files).
    expect(block(module, 'variable', 'subdomains')['default']).toBeUndefined()
    const tfvars = JSON.parse(
      await readFile(join(MODULE_DIR, 'services.auto.tfvars.json'), 'utf8')
    ) as Record<string, unknown>
    expect(Object.keys(tfvars)).toEqual(['subdomains'])
    expect(tfvars['subdomains']).toEqual(expect.arrayContaining(['www', 'package']))
    expect(block(module, 'resource', 'digitalocean_record', 'apex')).toMatchObject({
      name: '@',
      value: '${digitalocean_loadbalancer.public.ip}'
    })
    expect(block(module, 'resource', 'digitalocean_record', 'subdomain')['for_each']).toBe(
      '${toset(var.subdomains)}'
    )
  })

  it('runs three tagged droplets in the VPC, keyed by fingerprint, grouped in a project', () => {
    expect(block(module, 'variable', 'node_count')['default']).toBe(3)
    const droplet = block(module, 'resource', 'digitalocean_droplet', 'node')
    expect(droplet).toMatchObject({
      count: '${var.node_count}',
      vpc_uuid: '${digitalocean_vpc.main.id}',
      ssh_keys: '${var.ssh_key_fingerprints}'
    })
    expect(JSON.stringify(block(module, 'resource', 'digitalocean_project', 'main'))).toContain(
      'digitalocean_droplet.node[*].urn'
    )
    expect(Object.keys(module['output'] as object)).toEqual(
      expect.arrayContaining(['nodes', 'node_public_ips', 'node_private_ips'])
    )
  })
})
