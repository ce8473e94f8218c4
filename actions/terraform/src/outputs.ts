import { join } from 'node:path'
import { publicOutputs } from '../../shared/terraform/public-outputs.js'
import { runStep, type Session } from './session.js'

/**
 * The root outputs (without the sensitive ones) as the `outputs` action output, so the Ansible job
 * gets the nodes straight from the job that applied (or read) the state: no hand-kept variable.
 */
export async function setPublicOutputs(session: Session): Promise<void> {
  const result = await runStep(session, 'output', () => session.tf.outputJson())
  const { outputs, sensitive } = publicOutputs(result.stdout)
  session.deps.outputs.set('outputs', JSON.stringify(outputs))
  session.deps.logger.info(
    `Outputs passed on: ${Object.keys(outputs).join(', ') || 'none'}` +
      (sensitive.length > 0 ? ` (left out as sensitive: ${sensitive.join(', ')})` : '')
  )
}

/** `command: output`: init with the backend, then only read the outputs (no plan, no apply). */
export async function runOutput(session: Session): Promise<void> {
  const { deps, inputs, tf } = session
  const backendFile = inputs.backendConfigFile
  const files =
    (await deps.readText(join(session.dir, backendFile))) === undefined ? [] : [backendFile]
  await runStep(session, 'init', () => tf.init(inputs.backendConfig, files))
  await setPublicOutputs(session)
}
