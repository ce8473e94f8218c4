import { describe, expect, it } from '@jest/globals'
import { parseDiagnostics, parseValidateJson } from './diagnostics.js'

// Output of terraform 1.11.4 -no-color for an undeclared variable, as printed by plan.
const PLAN_ERROR = `
Error: Reference to undeclared input variable

  on main.tf line 2, in resource "terraform_data" "x":
   2:   input = var.nope

An input variable with the name "nope" has not been declared. This variable
can be declared with a variable "nope" {} block.
`

// The same diagnostic in the framed form Terraform prints when colour is on.
const FRAMED = `╷
│ Warning: Deprecated attribute
│
│   on net.tf line 9, in resource "x" "y":
│    9:   old = 1
│
│ Use new instead.
╵
╷
│ Error: Failed to get existing workspaces: S3 bucket does not exist.
│
╵`

describe('parseDiagnostics', () => {
  it('reads the summary, detail, file and line of plain output', () => {
    expect(parseDiagnostics(PLAN_ERROR)).toEqual([
      {
        severity: 'error',
        summary: 'Reference to undeclared input variable',
        detail:
          'An input variable with the name "nope" has not been declared. This variable\ncan be declared with a variable "nope" {} block.',
        file: 'main.tf',
        line: 2
      }
    ])
  })

  it('reads framed output, warnings and errors without a location', () => {
    expect(parseDiagnostics(FRAMED)).toEqual([
      {
        severity: 'warning',
        summary: 'Deprecated attribute',
        detail: 'Use new instead.',
        file: 'net.tf',
        line: 9
      },
      {
        severity: 'error',
        summary: 'Failed to get existing workspaces: S3 bucket does not exist.',
        detail: ''
      }
    ])
  })

  it('finds nothing in output without diagnostics', () => {
    expect(
      parseDiagnostics('Initializing the backend...\nTerraform has been successfully initialized!')
    ).toEqual([])
  })
})

describe('parseValidateJson', () => {
  it('reads terraform validate -json', () => {
    const json = JSON.stringify({
      format_version: '1.0',
      valid: false,
      error_count: 1,
      diagnostics: [
        {
          severity: 'error',
          summary: 'Reference to undeclared input variable',
          detail: 'An input variable with the name "nope" has not been declared.',
          range: { filename: 'main.tf', start: { line: 2, column: 11 } }
        }
      ]
    })
    expect(parseValidateJson(json)).toEqual([
      {
        severity: 'error',
        summary: 'Reference to undeclared input variable',
        detail: 'An input variable with the name "nope" has not been declared.',
        file: 'main.tf',
        line: 2
      }
    ])
    expect(parseValidateJson('not json')).toEqual([])
  })
})
