import { describe, expect, it } from '@jest/globals'
import { inputsFrom } from '../inputs.js'
import {
  DEFAULT_TRUSTED_BOT,
  isTrustedAuthor,
  readTrustedBot,
  trustedBotFrom
} from './trusted-bot.js'

describe('isTrustedAuthor', () => {
  it('trusts exactly the configured login, not any Bot', () => {
    const by = (login: string, type = 'Bot') => ({ user: { login, type } })
    expect(isTrustedAuthor(by('github-actions[bot]'))).toBe(true)
    expect(isTrustedAuthor(by('other-app[bot]'))).toBe(false)
    expect(isTrustedAuthor(by('dependabot[bot]'))).toBe(false)
    expect(isTrustedAuthor({ user: null })).toBe(false)
    expect(isTrustedAuthor(by('elm-deployer[bot]'), 'elm-deployer[bot]')).toBe(true)
    expect(isTrustedAuthor(by('github-actions[bot]'), 'elm-deployer[bot]')).toBe(false)
  })
})

describe('trustedBotFrom', () => {
  it('reads the action input first, then ELM_INFRA_TRUSTED_BOT, then the default', () => {
    expect(trustedBotFrom({})).toBe(DEFAULT_TRUSTED_BOT)
    expect(trustedBotFrom({ 'INPUT_TRUSTED-BOT': '  ' })).toBe(DEFAULT_TRUSTED_BOT)
    expect(trustedBotFrom({ ELM_INFRA_TRUSTED_BOT: 'elm-bot' })).toBe('elm-bot')
    expect(
      trustedBotFrom({ 'INPUT_TRUSTED-BOT': 'my-app[bot]', ELM_INFRA_TRUSTED_BOT: 'elm-bot' })
    ).toBe('my-app[bot]')
  })

  it('refuses what is not a GitHub login, saying what is accepted', () => {
    for (const bad of [
      '-lead',
      'trail-',
      'two--hyphens',
      'a b',
      '[bot]',
      'x'.repeat(40),
      'a[bot]x'
    ]) {
      expect(() => trustedBotFrom({ 'INPUT_TRUSTED-BOT': bad })).toThrow(
        /Input 'trusted-bot' is .* not a GitHub login\. Accepted: .*github-actions\[bot\]/
      )
    }
    expect(() => readTrustedBot(inputsFrom({ 'trusted-bot': 'two--hyphens' }))).toThrow(
      /^Input 'trusted-bot' is "two--hyphens", which is not a GitHub login/
    )
    expect(readTrustedBot(inputsFrom({}))).toBe('github-actions[bot]')
    expect(readTrustedBot(inputsFrom({ 'trusted-bot': 'elm-deployer[bot]' }))).toBe(
      'elm-deployer[bot]'
    )
    expect(() => trustedBotFrom({ ELM_INFRA_TRUSTED_BOT: 'no way' })).toThrow(
      /^ELM_INFRA_TRUSTED_BOT is "no way"/
    )
  })
})
