import { renderVariables } from '../nomad/deploy/variables.js'
import type { JobSubmission } from '../nomad/types.js'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

/**
 * A stored submission → var-file text with the variables the job was registered with: the
 * submitted var file, with `-var` flags (`VariableFlags`) taking precedence over its lines. Flags
 * are rendered exactly as the deploy renders them for `/v1/jobs/parse`, so an unchanged job
 * parses to the same job. undefined when there are none (the job file's defaults apply). Pure.
 */
export function submissionVariables(submission: JobSubmission): string | undefined {
  const flags = submission.variableFlags
  const names = Object.keys(flags).filter(n => IDENTIFIER.test(n))
  const overridden = new RegExp(`^\\s*(${names.join('|') || '(?!)'})\\s*=`)
  const fileLines = submission.variables.split('\n').filter(line => !overridden.test(line))
  const flagText = renderVariables(Object.fromEntries(names.map(n => [n, flags[n] ?? ''])))
  const result = `${fileLines.join('\n').trim()}\n${flagText}`.trim()
  return result === '' ? undefined : `${result}\n`
}
