import { UserError } from '../errors.js'

/**
 * The root outputs of `terraform output -json` that may travel between jobs: `{name: value}` for
 * every output not marked sensitive. Terraform prints `{"<name>": {"sensitive": bool, "type": …,
 * "value": …}}` (internal/command/views/output.go, OutputJSON.Output; sensitive values are printed
 * in clear in -json mode), so sensitive ones are dropped here and only named.
 */
export function publicOutputs(stdout: string): {
  readonly outputs: Record<string, unknown>
  readonly sensitive: string[]
} {
  let parsed: unknown
  try {
    parsed = JSON.parse(stdout)
  } catch {
    throw new UserError('terraform output -json did not print JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError('terraform output -json did not print an object of outputs')
  }
  const outputs: Record<string, unknown> = {}
  const sensitive: string[] = []
  for (const [name, meta] of Object.entries(parsed as Record<string, unknown>)) {
    const m = (typeof meta === 'object' && meta !== null ? meta : {}) as Record<string, unknown>
    if (m['sensitive'] === true) sensitive.push(name)
    else outputs[name] = m['value']
  }
  return { outputs, sensitive }
}
