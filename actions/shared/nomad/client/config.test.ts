import { describe, expect, it } from '@jest/globals'
import { DEFAULT_NOMAD_ADDR, nomadConfigFromEnv, withOverrides } from './config.js'

describe('the Nomad address inside and outside GitHub Actions', () => {
  it('on a laptop, no NOMAD_ADDR means the local agent, as the Nomad CLI does', () => {
    expect(withOverrides(nomadConfigFromEnv({}), {}).address).toBe(DEFAULT_NOMAD_ADDR)
  })
  it('in Actions, no NOMAD_ADDR and no input fails instead of aiming at the runner', () => {
    expect(() => withOverrides(nomadConfigFromEnv({ GITHUB_ACTIONS: 'true' }), {})).toThrow(
      /No Nomad address: the nomad-addr input and NOMAD_ADDR are both empty\. In GitHub Actions there is no default/
    )
    expect(() =>
      withOverrides(nomadConfigFromEnv({ GITHUB_ACTIONS: 'true', NOMAD_ADDR: '  ' }), {
        address: ''
      })
    ).toThrow('No Nomad address')
  })
  it('in Actions, the input or NOMAD_ADDR gives the address', () => {
    const env = { GITHUB_ACTIONS: 'true' }
    expect(
      withOverrides(nomadConfigFromEnv(env), { address: 'https://nomad.example:4646/' }).address
    ).toBe('https://nomad.example:4646')
    expect(
      withOverrides(nomadConfigFromEnv({ ...env, NOMAD_ADDR: 'https://n.example:4646' }), {})
        .address
    ).toBe('https://n.example:4646')
  })
})
