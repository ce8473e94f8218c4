import * as core from '@actions/core'

/**
 * The floor action of the start-up bench: only @actions/core, bundled by the bench itself with
 * ncc, and it fails on a missing input as every action of ours must. Our actions' start time and
 * peak memory are measured beside it, in the same run, on the same machine.
 */
try {
  core.getInput('floor-input', { required: true })
  core.info('floor: input present')
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error))
}
