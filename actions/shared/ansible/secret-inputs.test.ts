import { describe, expect, it } from '@jest/globals'
import { inputsFrom } from '../inputs.js'
import {
  readExtraVars,
  readKnownHosts,
  readPrivateKey,
  readTerraformOutputs
} from './secret-inputs.js'

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\r\nAAAA\r\n-----END OPENSSH PRIVATE KEY-----'
const one = (value: string) => inputsFrom({ x: value })

describe('secret input readers (named by the caller, empty → undefined)', () => {
  it('a private key gets Unix newlines and a final newline', () => {
    expect(readPrivateKey(one(KEY), 'x')).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n'
    )
  })

  it('known_hosts drops comments and blank lines', () => {
    expect(readKnownHosts(one('# keyscan\n\nh1 ssh-ed25519 AAAA\nh2 ssh-rsa BBBB'), 'x')).toBe(
      'h1 ssh-ed25519 AAAA\nh2 ssh-rsa BBBB\n'
    )
  })

  it('extra vars: every string leaf is a secret, numbers and booleans are not', async () => {
    expect(await readExtraVars(one('a: one\nb: {c: [two, 3, true]}\nd: ""'), 'x')).toEqual({
      text: 'a: one\nb: {c: [two, 3, true]}\nd: ""',
      secrets: ['one', 'two']
    })
  })

  it('terraform outputs: the values of sensitive outputs are secrets', () => {
    const json = JSON.stringify({
      nodes: { sensitive: false, value: [{ name: 'n1', public_ip: '203.0.113.1' }] },
      token: { sensitive: true, value: 'tf-secret' },
      keys: { sensitive: true, value: { a: 'k1', b: ['k2'] } }
    })
    expect(readTerraformOutputs(one(json), 'x')).toEqual({
      text: json,
      secrets: ['tf-secret', 'k1', 'k2']
    })
    expect(readTerraformOutputs(one('[{"name":"n1"}]'), 'x')?.secrets).toEqual([])
  })

  it.each([readPrivateKey, readKnownHosts, readExtraVars, readTerraformOutputs])(
    '%p: empty is undefined',
    async reader => expect(await reader(one('  '), 'x')).toBeUndefined()
  )

  it.each([
    [readPrivateKey, 'hunter2-not-a-key', /Input 'x' is not valid \(value hidden/],
    [readExtraVars, '- hunter2\n- b', /Input 'x' is not valid \(value hidden/],
    [readExtraVars, 'hunter2: [unclosed', /Input 'x' is not valid \(value hidden/],
    [readTerraformOutputs, '{"hunter2": ', /Input 'x' is not JSON \(value not shown/],
    [readKnownHosts, 'host-without-key', /Input 'x' is 'host-without-key'/]
  ])('%p rejects %j without echoing a secret', async (reader, value, message) => {
    // The readers are sync or async (readExtraVars); both reject the same way here.
    const read = async (): Promise<unknown> => reader(one(value), 'x')
    await expect(read()).rejects.toThrow(message)
    await expect(read()).rejects.not.toThrow(/hunter2/)
  })
})
