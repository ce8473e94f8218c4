import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
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
      ['tcp', '${tostring(var.traefik_http_port)}', lb],
      ['tcp', '${tostring(var.traefik_ping_port)}', lb],
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
      new Set(['${var.traefik_http_port}'])
    )
    const outbound = rules('outbound_rule').map(r => [r['protocol'], r['port_range'] ?? 'all'])
    expect(outbound).toEqual([
      ['tcp', '1-65535'],
      ['udp', '1-65535'],
      ['icmp', 'all']
    ])
  })

  it('keeps the droplets through key and image changes, and behind the cluster guard', () => {
    const droplet = block(module, 'resource', 'digitalocean_droplet', 'node')
    expect(block(module, 'resource', 'digitalocean_droplet', 'node', 'lifecycle')).toEqual({
      ignore_changes: ['${image}', '${ssh_keys}'],
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
      target_port: '${var.traefik_http_port}',
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
