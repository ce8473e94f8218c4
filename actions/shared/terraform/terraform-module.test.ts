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

  it('opens 80/443 to all, 22 to admins, the cluster ports to the VPC only', () => {
    const inbound = rules('inbound_rule')
    const from = (protocol: string, port: string): unknown =>
      inbound.find(r => r['protocol'] === protocol && r['port_range'] === port)?.[
        'source_addresses'
      ]
    expect(from('tcp', '80')).toEqual(['0.0.0.0/0', '::/0'])
    expect(from('tcp', '443')).toEqual(['0.0.0.0/0', '::/0'])
    expect(from('tcp', '22')).toBe('${var.admin_cidrs}')
    const vpc = ['${digitalocean_vpc.main.ip_range}']
    for (const port of ['4646-4648', '8300-8302', '8500', '8600'])
      expect(from('tcp', port)).toEqual(vpc)
    for (const port of ['4648', '8301-8302', '8600']) expect(from('udp', port)).toEqual(vpc)
    const open = inbound.filter(r =>
      JSON.stringify(r['source_addresses'] ?? []).includes('0.0.0.0/0')
    )
    expect(open.map(r => r['port_range']).sort()).toEqual(['443', '80'])
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
    expect(cert['domains']).toBe('${local.hostnames}')
    expect(cert['depends_on']).toEqual(['${digitalocean_domain.main}'])
  })

  it('points elm-lang.org, www and package at the load balancer', () => {
    expect(block(module, 'variable', 'domain')['default']).toBe('elm-lang.org')
    expect(block(module, 'variable', 'subdomains')['default']).toEqual(['www', 'package'])
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
