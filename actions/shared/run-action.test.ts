import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { InputError } from './errors.js'
import { runAction } from './run-action.js'

describe('runAction', () => {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  afterEach(() => {
    process.exitCode = undefined
    write.mockClear()
  })
  const printed = (): string => write.mock.calls.map(c => String(c[0])).join('')

  it('fails the step with one line for a user error', async () => {
    await runAction(async () => {
      throw new InputError("Input 'mode' is 'x': expected one of 'plan', 'apply'.")
    })
    expect(process.exitCode).toBe(1)
    expect(printed()).toContain("::error::Input 'mode' is 'x': expected one of 'plan', 'apply'.")
    expect(printed()).not.toContain('Stack:')
  })

  it('prints the stack for a bug', async () => {
    await runAction(async () => {
      throw new TypeError('boom')
    })
    expect(process.exitCode).toBe(1)
    expect(printed()).toContain('::error::boom')
    expect(printed()).toContain('Stack:')
  })

  it.each([
    ['a string', 'plain text'],
    ['an object', { code: 7 }],
    ['undefined', undefined]
  ])('fails the step when %s is thrown (never green)', async (_kind, thrown) => {
    await runAction(async () => {
      throw thrown
    })
    expect(process.exitCode).toBe(1)
    expect(printed()).toMatch(/::error::\S/)
  })

  it('leaves a successful step alone', async () => {
    await runAction(async () => undefined)
    expect(process.exitCode).toBeUndefined()
  })
})
