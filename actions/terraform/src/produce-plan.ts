import { join } from 'node:path'
import { UserError } from '../../shared/errors.js'
import { parsePlanText } from '../../shared/terraform/parse-plan.js'
import { keyedHash, planIntent, type PlanIntent } from '../../shared/terraform/plan-guard.js'
import type { Plan } from '../../shared/terraform/plan-types.js'
import { runStep, type Session } from './session.js'

export interface ProducedPlan {
  readonly plan: Plan
  /** The saved plan file and its `show -json`, in a private temp directory. */
  readonly planFile: string
  readonly jsonFile: string
  readonly humanPlan: string
  /** What the guard compares (plan-guard.ts), sensitive values keyed by plan-record-key. */
  readonly intent: PlanIntent
}

/** `init` (with the backend settings), optionally `validate`, `plan -out`, `show -json`, `show`. */
export async function producePlan(
  session: Session,
  options: { readonly validate: boolean }
): Promise<ProducedPlan> {
  const { deps, inputs, tf } = session
  for (const [key, value] of Object.entries(inputs.backendConfig)) {
    if (/key|secret|token|password/i.test(key)) deps.masker.mask(value)
  }
  const backendFile = inputs.backendConfigFile
  const files =
    (await deps.readText(join(session.dir, backendFile))) === undefined ? [] : [backendFile]
  await runStep(session, 'init', () => tf.init(inputs.backendConfig, files))
  if (options.validate) await runStep(session, 'validate', () => tf.validate())
  const tmp = await deps.makeTempDir()
  const planFile = join(tmp, 'tfplan')
  const jsonFile = join(tmp, 'tfplan.json')
  // -detailed-exitcode: 0 no changes, 2 changes, anything else failed.
  await runStep(
    session,
    'plan',
    () => tf.plan(planFile),
    code => code === 0 || code === 2
  )
  const json = await runStep(session, 'show', () => tf.showJson(planFile))
  await deps.writeText(jsonFile, json.stdout)
  let plan: Plan
  try {
    plan = parsePlanText(json.stdout, 'terraform show -json')
  } catch (error) {
    throw new UserError(
      `Terraform's JSON plan could not be read: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  const human = await runStep(session, 'show', () => tf.showHuman(planFile))
  const keyed = keyedHash(inputs.planRecordKey)
  // The unzip library (fflate) is loaded only here, off the action's start path (#12).
  const { configDigests } = await import('../../shared/terraform/plan-config.js')
  const configuration = configDigests(await deps.readBytes(planFile), planFile, keyed)
  const intent = planIntent(plan, configuration, keyed)
  return { plan, planFile, jsonFile, humanPlan: human.stdout, intent }
}
