import { InputError } from '../errors.js'
import type { JobSubmission } from './types.js'

/** HCL2 variables as the var-file text /v1/jobs/parse takes in `Variables`. Pure. */
export function renderVariables(variables: Readonly<Record<string, string>>): string {
  return Object.entries(variables)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
        throw new InputError(
          `Variable name '${name}' is not an HCL identifier (letters, digits, _ and -).`
        )
      }
      return `${name} = ${quote(value)}\n`
    })
    .join('')
}

/** An HCL quoted string: escapes, and `${`/`%{` doubled so values are never interpolated. */
function quote(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{')
  return `"${escaped}"`
}

/**
 * The job's source as `nomad job run -var name=value …` submits it beside the job: the HCL, format
 * `hcl2`, every variable a `-var` flag (`VariableFlags`; ours are all strings) and no var file.
 * The drift check reads it back to plan the job with the variables it was deployed with. Pure.
 */
export function submissionOf(
  jobHcl: string,
  variables: Readonly<Record<string, string>>
): JobSubmission {
  return { source: jobHcl, format: 'hcl2', variableFlags: { ...variables }, variables: '' }
}
