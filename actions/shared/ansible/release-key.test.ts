import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../testing/run-action-process.js'

const KEYS = join(REPO_ROOT, 'ansible', 'keys')

/** The binary packets of an ASCII-armored OpenPGP block (RFC 4880 §6.2: base64 body, then `=CRC`). */
function dearmor(armored: string): Buffer {
  const lines = armored.split('\n')
  const begin = lines.findIndex(l => l.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----'))
  const end = lines.findIndex(l => l.startsWith('-----END PGP PUBLIC KEY BLOCK-----'))
  const body = lines.slice(begin + 1, end)
  const blank = body.findIndex(l => l.trim() === '') // armor headers end at the first empty line
  return Buffer.from(
    body
      .slice(blank + 1)
      .filter(l => !l.startsWith('='))
      .join(''),
    'base64'
  )
}

/**
 * The v4 fingerprint of the first packet, a new-format public-key packet (RFC 4880 §12.2: SHA-1 of
 * 0x99, the two-octet body length, the body).
 */
function primaryFingerprint(packets: Buffer): string {
  if (packets[0] !== 0x99) throw new Error(`not an old-format public key packet: ${packets[0]}`)
  const length = packets.readUInt16BE(1)
  return createHash('sha1')
    .update(packets.subarray(0, 3 + length))
    .digest('hex')
    .toUpperCase()
}

describe("HashiCorp's release key in ansible/keys", () => {
  it('the binary keyring gpgv reads is the armored key, and its fingerprint is the documented one', () => {
    const armored = readFileSync(join(KEYS, 'hashicorp-release.asc'), 'utf8')
    const binary = readFileSync(join(KEYS, 'hashicorp-release.gpg'))
    expect(dearmor(armored).equals(binary)).toBe(true)
    const fingerprint = primaryFingerprint(binary)
    // https://www.hashicorp.com/security; hashicorp/hc-install internal/pubkey/pubkey.go.
    expect(fingerprint).toBe('C874011F0AB405110D02105534365D9472D7468F')
    expect(readFileSync(join(KEYS, 'README.md'), 'utf8')).toContain(
      fingerprint.replace(/(.{4})(?!$)/g, '$1 ')
    )
  })

  it('both roles verify against that keyring by default', () => {
    for (const role of ['consul', 'nomad']) {
      const defaults = readFileSync(
        join(REPO_ROOT, 'ansible', 'roles', role, 'defaults', 'main.yml'),
        'utf8'
      )
      expect(defaults).toMatch(
        new RegExp(`^${role}_release_keyring: .*keys/hashicorp-release\\.gpg`, 'm')
      )
    }
  })
})
