import { InputError } from '../errors.js'

/**
 * known_hosts lines from Terraform's `nodes` output: each droplet's SSH host public key is made by
 * Terraform (terraform/host-keys.tf, tls_private_key) and written onto the droplet by cloud-init,
 * so a droplet nobody has ever connected to is verified without ssh-keyscan.
 *
 * The format is OpenSSH's (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): `hostnames keytype base64-key
 * [comment]`, where a host on a port other than 22 is written `[host]:port`. ssh looks the host up
 * by the name it connects to (Ansible's `ansible_host`: the node's public IP, as
 * ansible/inventory/terraform.py sets it) and, with `StrictHostKeyChecking=yes` (ssh_config(5)),
 * refuses a host whose key is missing or different. The node's name goes in the comment.
 */
export interface NodeHostKey {
  readonly name: string
  readonly host: string
  readonly port: number
  /** `<keytype> <base64>`, as tls_private_key's public_key_openssh (without its newline). */
  readonly key: string
}

/** The key types ssh accepts in known_hosts that Terraform's tls provider can make. */
const KEY = /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}$/
/** A host as ssh and ansible_host take it here: an IPv4/IPv6 address or a DNS name. */
const HOST = /^[A-Za-z0-9.:-]+$/

function outputValue(outputs: unknown, name: string): unknown {
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) return undefined
  const value = (outputs as Record<string, unknown>)[name]
  if (typeof value === 'object' && value !== null && 'value' in value) return value.value
  return value
}

/**
 * The `nodes` list from `terraform output -json` (the whole document, or the `nodes` value: a list,
 * or a map from name to node), read the way ansible/inventory/terraform.py reads it.
 */
function nodesOf(outputs: unknown): Record<string, unknown>[] {
  let nodes: unknown = outputs
  if (typeof outputs === 'object' && outputs !== null && !Array.isArray(outputs)) {
    nodes = 'nodes' in outputs ? outputValue(outputs, 'nodes') : outputs
  }
  if (typeof nodes === 'object' && nodes !== null && !Array.isArray(nodes)) {
    nodes = Object.entries(nodes as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([, v]) => typeof v === 'object' && v !== null)
      .map(([name, v]) => ({ ...(v as object), name }))
  }
  if (!Array.isArray(nodes)) return []
  return nodes.filter((n): n is Record<string, unknown> => typeof n === 'object' && n !== null)
}

/**
 * Every node's host key from the outputs; nodes without `ssh_host_key` are left out (an older
 * state, or a hand-made document: their keys must then come from the known-hosts input). A key or
 * host that is not what ssh reads is an error naming the node, never a line ssh would skip.
 */
export function hostKeysFromOutputs(outputs: unknown): NodeHostKey[] {
  return nodesOf(outputs).flatMap(node => {
    const name = typeof node['name'] === 'string' ? node['name'] : '(unnamed node)'
    const raw = node['ssh_host_key']
    if (raw === undefined || raw === null || raw === '') return []
    const key = typeof raw === 'string' ? raw.trim().split(/\s+/).slice(0, 2).join(' ') : ''
    if (!KEY.test(key))
      throw new InputError(
        `Terraform's nodes output: ${name} has an ssh_host_key that is not an OpenSSH public key: expected '<type> <base64>', e.g. 'ssh-ed25519 AAAAC3Nza…' (tls_private_key's public_key_openssh).`
      )
    const host = node['public_ip']
    if (typeof host !== 'string' || !HOST.test(host))
      throw new InputError(
        `Terraform's nodes output: ${name} has an ssh_host_key but no public_ip to pin it to: expected an IP address.`
      )
    const port = node['ssh_port'] ?? 22
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new InputError(
        `Terraform's nodes output: ${name} has ssh_port ${JSON.stringify(port)}: expected a port from 1 to 65535 (22 when absent).`
      )
    return [{ name, host, port, key }]
  })
}

/** One known_hosts line per node (sshd(8): `[host]:port` when the port is not 22). */
export function knownHostsLines(keys: readonly NodeHostKey[]): string[] {
  return keys.map(k => {
    const host = k.port === 22 ? k.host : `[${k.host}]:${k.port}`
    return `${host} ${k.key} ${k.name.replace(/\s+/g, '_')}`
  })
}

/**
 * known_hosts for a run: the lines given by hand (the known-hosts input, if any) followed by the
 * lines from Terraform's outputs. Undefined when neither has any (then ssh has nothing to verify
 * against and every host fails, as it should).
 */
export function knownHostsFor(
  given: string | undefined,
  terraformOutputsText: string | undefined
): string | undefined {
  const fromOutputs =
    terraformOutputsText === undefined
      ? []
      : knownHostsLines(hostKeysFromOutputs(JSON.parse(terraformOutputsText) as unknown))
  const lines = [...(given ?? '').split('\n').filter(l => l.trim() !== ''), ...fromOutputs]
  return lines.length === 0 ? undefined : `${lines.join('\n')}\n`
}
