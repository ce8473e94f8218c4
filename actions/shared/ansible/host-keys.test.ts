import { describe, expect, it } from '@jest/globals'
import { hostKeysFromOutputs, knownHostsFor, knownHostsLines } from './host-keys.js'

// Public keys in the shape tls_private_key's public_key_openssh has: '<type> <base64>\n'.
const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4Ejp1m2wq3zXq5s0n0V3mZ7nQhLx5q0YbZ0Jm1abc'
const K2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0sRkqj0x1bYbq9cW2hZr9t1nYp4Vt6m2wq3zXq5s0n'

/** `terraform output -json`'s shape: every output as {sensitive, type, value}. */
const outputs = (nodes: unknown): unknown => ({
  nodes: { sensitive: false, type: ['list', ['object', {}]], value: nodes },
  vpc_ip_range: { sensitive: false, type: 'string', value: '10.20.0.0/24' }
})

describe('known_hosts from the nodes output', () => {
  it('one line per node, pinned to the public IP ssh connects to, named in the comment', () => {
    const keys = hostKeysFromOutputs(
      outputs([
        {
          name: 'elm-node-1',
          public_ip: '203.0.113.1',
          private_ip: '10.20.0.2',
          ssh_host_key: `${K1}\n`
        },
        { name: 'elm-node-2', public_ip: '203.0.113.2', private_ip: '10.20.0.3', ssh_host_key: K2 }
      ])
    )
    expect(knownHostsLines(keys)).toEqual([
      `203.0.113.1 ${K1} elm-node-1`,
      `203.0.113.2 ${K2} elm-node-2`
    ])
  })

  it('writes [host]:port for a port other than 22 (sshd(8) known_hosts format)', () => {
    const keys = hostKeysFromOutputs([
      {
        name: 'n',
        public_ip: '127.0.0.1',
        private_ip: '127.0.0.1',
        ssh_host_key: K1,
        ssh_port: 2222
      },
      { name: 'm', public_ip: '127.0.0.2', private_ip: '127.0.0.2', ssh_host_key: K2, ssh_port: 22 }
    ])
    expect(knownHostsLines(keys)).toEqual([`[127.0.0.1]:2222 ${K1} n`, `127.0.0.2 ${K2} m`])
  })

  it('reads the bare nodes value and the name → node map, as the inventory script does', () => {
    expect(
      hostKeysFromOutputs({
        'elm-b': { public_ip: '203.0.113.2', private_ip: '10.0.0.3', ssh_host_key: K2 },
        'elm-a': { public_ip: '203.0.113.1', private_ip: '10.0.0.2', ssh_host_key: K1 }
      }).map(k => k.name)
    ).toEqual(['elm-a', 'elm-b'])
    expect(
      hostKeysFromOutputs({ nodes: [{ name: 'x', public_ip: '203.0.113.9', ssh_host_key: K1 }] })
    ).toEqual([{ name: 'x', host: '203.0.113.9', port: 22, key: K1 }])
  })

  it('leaves out nodes without a host key (an older state): the known-hosts input covers them', () => {
    expect(hostKeysFromOutputs(outputs([{ name: 'old', public_ip: '203.0.113.1' }]))).toEqual([])
    expect(knownHostsFor(undefined, JSON.stringify(outputs([{ name: 'old' }])))).toBeUndefined()
  })

  it.each([
    [
      'a key with no type',
      { ssh_host_key: 'AAAAC3NzaC1lZDI1NTE5' },
      'is not an OpenSSH public key'
    ],
    [
      'a private key',
      { ssh_host_key: '-----BEGIN OPENSSH PRIVATE KEY-----' },
      'is not an OpenSSH public key'
    ],
    [
      'a key whose base64 has a character outside the alphabet',
      { ssh_host_key: 'ssh-ed25519 AAAA$BBBB' },
      'is not an OpenSSH public key'
    ],
    ['no public_ip', { public_ip: undefined }, 'no public_ip to pin it to'],
    [
      'a host with a comma (two patterns)',
      { public_ip: '203.0.113.1,*' },
      'no public_ip to pin it to'
    ],
    ['port 0', { ssh_port: 0 }, 'has ssh_port 0: expected a port from 1 to 65535'],
    ['a port as text', { ssh_port: '22' }, 'has ssh_port "22"']
  ])('refuses %s, naming the node', (_what, override, message) => {
    const node = { name: 'elm-node-3', public_ip: '203.0.113.3', ssh_host_key: K1, ...override }
    expect(() => hostKeysFromOutputs(outputs([node]))).toThrow(
      `Terraform's nodes output: elm-node-3 ${message.startsWith('has') ? '' : 'has an ssh_host_key '}`.trim()
    )
    expect(() => hostKeysFromOutputs(outputs([node]))).toThrow(message)
  })

  it("a run trusts the hand-given lines and the outputs' keys together", () => {
    const text = JSON.stringify(
      outputs([{ name: 'elm-node-1', public_ip: '203.0.113.1', ssh_host_key: K1 }])
    )
    expect(knownHostsFor('198.51.100.7 ssh-ed25519 AAAAold\n', text)).toBe(
      `198.51.100.7 ssh-ed25519 AAAAold\n203.0.113.1 ${K1} elm-node-1\n`
    )
    expect(knownHostsFor(undefined, text)).toBe(`203.0.113.1 ${K1} elm-node-1\n`)
    expect(knownHostsFor('10.0.0.1 ssh-ed25519 AAAA', undefined)).toBe(
      '10.0.0.1 ssh-ed25519 AAAA\n'
    )
    expect(knownHostsFor(undefined, undefined)).toBeUndefined()
  })
})
