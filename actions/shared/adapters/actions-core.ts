import * as core from '@actions/core'
import type { InputSource } from '../inputs.js'
import type { ActionIo, Logger, Outputs, SecretMasker, StepSummary } from '../ports.js'

/** Inputs as the runner passes them (INPUT_* variables). */
export const actionInputs: InputSource = name => core.getInput(name)

/** Logger over @actions/core: annotations for warnings and errors, log groups. */
export const actionsLogger: Logger = {
  info: message => core.info(message),
  warning: (message, where) => core.warning(message, toAnnotation(where)),
  error: (message, where) => core.error(message, toAnnotation(where)),
  debug: message => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}

function toAnnotation(where?: { file?: string; startLine?: number }): core.AnnotationProperties {
  return where ? { file: where.file, startLine: where.startLine } : {}
}

/** Step summary over core.summary; a no-op when the runner gives no summary file. */
export const actionsSummary: StepSummary = {
  write: async markdown => {
    if (!process.env['GITHUB_STEP_SUMMARY']) return
    await core.summary.addRaw(markdown, true).write()
  }
}

export const actionsOutputs: Outputs = { set: (name, value) => core.setOutput(name, value) }

export const actionsMasker: SecretMasker = { mask: secret => core.setSecret(secret) }

/** The runner's side of every action, in one object for each action's realDeps(). */
export const actionsIo: ActionIo = {
  inputs: actionInputs,
  logger: actionsLogger,
  summary: actionsSummary,
  outputs: actionsOutputs,
  masker: actionsMasker
}
