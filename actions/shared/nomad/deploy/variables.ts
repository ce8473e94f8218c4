import { InputError } from '../../errors.js'
import { parseHcl } from '../../adapters/hcl-parse.js'
import type { JobSubmission } from '../types.js'

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

/**
 * The names of the job file's `variable` blocks, read with the HCL parser (loaded only now: the
 * WebAssembly module costs ~60 MiB and is needed only when a file is parsed).
 */
export async function declaredVariables(jobHcl: string): Promise<string[] | undefined> {
  try {
    const parsed = (await parseHcl('job.nomad.hcl', jobHcl)) as {
      variable?: Record<string, unknown>
    }
    return Object.keys(parsed.variable ?? {})
  } catch {
    // Not HCL: Nomad's parse refuses it with its own words. (Stryker's emptied-block mutant of this
    // catch survives: an empty catch returns undefined all the same.)
    return undefined
  }
}

/**
 * Pure: refuses variables the job does not declare. `/v1/jobs/parse` calls jobspec2 without
 * `Strict`, so an undeclared name is only a warning the HTTP answer drops, and the job deploys the
 * variable's default (jobspec2/types.variables.go `undefSev`; command/agent/job_endpoint.go
 * `JobsParseRequest`, v2.0.5): a mistyped `-var imgae=…` would ship the default image.
 */
export function checkDeclared(
  declared: readonly string[] | undefined,
  variables: Readonly<Record<string, string>>
): void {
  if (declared === undefined) return
  const unknown = Object.keys(variables).filter(name => !declared.includes(name))
  if (unknown.length === 0) return
  const names = unknown.map(n => `'${n}'`).join(', ')
  throw new InputError(
    `The job does not declare ${unknown.length === 1 ? 'variable' : 'variables'} ${names}; Nomad would drop ${unknown.length === 1 ? 'it' : 'them'} silently and deploy the default. The job declares: ${declared.length > 0 ? declared.map(n => `'${n}'`).join(', ') : 'no variables'}.`
  )
}
