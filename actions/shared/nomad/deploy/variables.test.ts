import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../errors.js'
import { checkDeclared, declaredVariables, renderVariables, submissionOf } from './variables.js'

describe('renderVariables: the var-file Nomad parses', () => {
  it('escapes every character HCL would read otherwise, and never interpolates', () => {
    expect(renderVariables({ a: 'x\\y"z\nline\rcr\ttab ${var.x} %{if}' })).toBe(
      'a = "x\\\\y\\"z\\nline\\rcr\\ttab $${var.x} %%{if}"\n'
    )
    expect(renderVariables({ image: 'i', version: '1' })).toBe('image = "i"\nversion = "1"\n')
  })

  it('refuses a name that is no HCL identifier, saying what is accepted', () => {
    expect(() => renderVariables({ '1x': 'v' })).toThrow(
      new InputError("Variable name '1x' is not an HCL identifier (letters, digits, _ and -).")
    )
  })
})

describe('checkDeclared: undeclared variables are refused before Nomad drops them', () => {
  it('passes when every variable is declared, or when the declarations are unknown', () => {
    expect(() => checkDeclared(['image', 'version'], { image: 'i', version: 'v' })).not.toThrow()
    expect(() => checkDeclared(undefined, { anything: 'v' })).not.toThrow()
  })

  it('names one undeclared variable, and what the job declares', () => {
    expect(() => checkDeclared(['image', 'version'], { imgae: 'i' })).toThrow(
      new InputError(
        "The job does not declare variable 'imgae'; Nomad would drop it silently and deploy the default. The job declares: 'image', 'version'."
      )
    )
  })

  it('names several, and says when the job declares none', () => {
    expect(() => checkDeclared([], { a: '1', b: '2' })).toThrow(
      new InputError(
        "The job does not declare variables 'a', 'b'; Nomad would drop them silently and deploy the default. The job declares: no variables."
      )
    )
  })
})

describe('declaredVariables and submissionOf', () => {
  it('lists the variable blocks of a job file, and nothing for a file that is not HCL', async () => {
    expect(
      await declaredVariables('variable "image" {}\nvariable "version" {}\njob "x" {}\n')
    ).toEqual(['image', 'version'])
    expect(await declaredVariables('job "x" {}\n')).toEqual([])
    expect(await declaredVariables('job "x" {{{')).toBeUndefined()
  })

  it('submits the source as `nomad job run -var` would', () => {
    const vars = { image: 'i' }
    const submission = submissionOf('job "x" {}', vars)
    expect(submission).toEqual({
      source: 'job "x" {}',
      format: 'hcl2',
      variableFlags: { image: 'i' },
      variables: ''
    })
    expect(submission.variableFlags).not.toBe(vars)
  })
})
